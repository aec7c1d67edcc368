//! Staff views of an influencer's consents against the stub api: the consents with their
//! certificates, certificate verification and finance's tax profile change.

use actix_web::http::{StatusCode, header};
use serde_json::json;

use super::browser::{FilePart, open};
use super::stub::{self, fixtures as f};
use crate::i18n::take_missing;

#[actix_web::test]
async fn staff_see_consents_and_download_their_certificates() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let html = browser
        .get(&format!("/gestor/influencers/{}", f::INFLUENCER_ID))
        .await
        .html();
    assert!(html.contains("id=\"influencer-consents\"") && html.contains("181.49.12.7"));
    assert!(html.contains("22385c3a") && html.contains("Vigente"));
    let pdf = browser
        .get(&format!(
            "/gestor/influencers/{}/consentimientos/{}/certificado.pdf",
            f::INFLUENCER_ID,
            f::TERMS_ID
        ))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.body, b"%PDF-1.7 certificado");
    assert_eq!(
        pdf.headers.get(header::CONTENT_DISPOSITION).unwrap(),
        "attachment; filename=\"certificado.pdf\""
    );
    let json_file = browser
        .get(&format!(
            "/gestor/influencers/{}/consentimientos/{}/certificado.json",
            f::INFLUENCER_ID,
            f::TERMS_ID
        ))
        .await;
    assert_eq!(json_file.body, b"{\"certificateId\":\"x\"}");
    // Finance opens the record without the consents (the api would refuse them).
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance
        .get(&format!("/gestor/influencers/{}", f::INFLUENCER_ID))
        .await
        .html();
    assert!(!html.contains("id=\"influencer-consents\""));
    assert!(
        stub.received(
            "GET",
            &format!("/api/v1/policies/consents/{}", f::INFLUENCER_ID)
        )
        .len()
            == 1
    );
}

#[actix_web::test]
async fn the_verification_page_shows_each_answer() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("auditor").await;
    let page = browser.get("/admin/certificados/verificar").await.html();
    assert!(
        page.contains("id=\"verify-certificate-input\"")
            && page.contains("id=\"verify-certificate-submit\"")
    );
    assert!(page.contains("enctype=\"multipart/form-data\""));

    let intact = r#"{"certificateId": "0190a0a0-0000-7000-8000-0000000000c9", "checksum": "ab12"}"#;
    let res = browser
        .post_multipart(
            "/admin/certificados/verificar",
            &[("certificate", intact)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let html = res.html();
    for id in [
        "verify-result-checksum",
        "verify-result-stored",
        "verify-result-hash",
    ] {
        assert!(
            html.contains(&format!(
                "class=\"badge verdict ok\" id=\"{id}\" data-valid=\"true\""
            )),
            "{id}: {html}"
        );
    }
    assert!(html.contains("El certificado es auténtico."));
    let sent = stub.received("POST", "/api/v1/policies/certificates/verify");
    assert_eq!(
        sent[0].json(),
        json!({"certificateId": "0190a0a0-0000-7000-8000-0000000000c9", "checksum": "ab12"})
    );

    // An uploaded file wins over the text; a tampered certificate shows red badges, in English.
    take_missing();
    let tampered =
        br#"{"certificateId": "0190a0a0-0000-7000-8000-0000000000c9", "checksum": "manipulado"}"#;
    let file = FilePart {
        field: "file",
        filename: "certificado.json",
        content_type: "application/json",
        bytes: tampered,
    };
    let res = browser
        .post_multipart(
            "/admin/certificados/verificar?lang=en",
            &[("certificate", "")],
            Some(file),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let html = res.html();
    assert!(html.contains(
        "class=\"badge verdict bad\" id=\"verify-result-checksum\" data-valid=\"false\""
    ));
    assert!(
        html.contains(
            "class=\"badge verdict bad\" id=\"verify-result-stored\" data-valid=\"false\""
        )
    );
    assert!(
        html.contains("class=\"badge verdict ok\" id=\"verify-result-hash\" data-valid=\"true\"")
    );
    assert!(html.contains("The certificate failed at least one check."));
    assert!(take_missing().is_empty());
    assert_eq!(
        stub.received("POST", "/api/v1/policies/certificates/verify")[1].json()["checksum"],
        "manipulado"
    );

    let res = browser
        .post_multipart(
            "/admin/certificados/verificar",
            &[("certificate", "no es json")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.html().contains("No es un certificado en JSON"));
    assert_eq!(
        stub.received("POST", "/api/v1/policies/certificates/verify")
            .len(),
        2
    );

    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    assert_eq!(
        finance.get("/admin/certificados/verificar").await.status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn finance_changes_only_the_tax_profile() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("finance").await;
    let record = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    let html = browser.get(&record).await.html();
    assert!(
        html.contains("id=\"tax-profile-select\"") && html.contains("value=\"regimen_simple\"")
    );
    assert!(
        !html.contains("id=\"assign-submit\"") && !html.contains("id=\"membership-deactivate-")
    );
    browser
        .post(
            &format!("{record}/perfil-tributario"),
            &[("tax_profile_code", "regimen_simple")],
        )
        .await
        .assert_redirect(&record);
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/influencers/{}", f::INFLUENCER_ID),
    );
    assert_eq!(sent[0].json(), json!({"taxProfileCode": "regimen_simple"}));
    assert!(
        browser
            .get(&record)
            .await
            .html()
            .contains("Perfil tributario actualizado.")
    );

    let mut marca = open(&stub).await;
    marca.sign_in("admin_marca").await;
    assert!(
        !marca
            .get(&record)
            .await
            .html()
            .contains("id=\"tax-profile-select\"")
    );
    assert_eq!(
        marca
            .post(
                &format!("{record}/perfil-tributario"),
                &[("tax_profile_code", "x")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn a_second_user_confirms_a_staff_bank_account_change() {
    let stub = stub::spawn();
    let record = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    let page = format!("{record}/cuenta-bancaria");

    // Admin dentsu (a confirming role, not the requester) sees the change and confirms it.
    let mut admin = open(&stub).await;
    admin.sign_in("admin_dentsu").await;
    assert!(
        admin
            .get(&record)
            .await
            .html()
            .contains("id=\"bank-change-open\"")
    );
    let html = admin.get(&page).await.html();
    assert!(
        html.contains("Cambio de cuenta bancaria por confirmar"),
        "{html}"
    );
    assert!(html.contains("*******4433") && html.contains("gestor.otro@medipiel.co"));
    assert!(
        html.contains("id=\"bank-change-confirm\"") && html.contains("id=\"bank-change-reject\"")
    );
    admin
        .post(&format!("{page}/confirmar"), &[])
        .await
        .assert_redirect(&record);
    let sent = stub.received(
        "POST",
        &format!(
            "/api/v1/influencers/{}/bank-account-change/confirm",
            f::INFLUENCER_ID
        ),
    );
    assert_eq!(sent.len(), 1);
    assert!(
        admin
            .get(&record)
            .await
            .html()
            .contains("Cambio de cuenta bancaria confirmado.")
    );
    let english = admin.get(&format!("{page}?lang=en")).await.html();
    assert!(
        english.contains("Bank account change awaiting confirmation"),
        "{english}"
    );

    // A gestor may reject but not confirm: no button, and the POST is refused.
    let mut gestor = open(&stub).await;
    gestor.sign_in("gestor_afiliados").await;
    let html = gestor.get(&page).await.html();
    assert!(
        !html.contains("id=\"bank-change-confirm\"") && html.contains("id=\"bank-change-reject\"")
    );
    assert_eq!(
        gestor.post(&format!("{page}/confirmar"), &[]).await.status,
        StatusCode::FORBIDDEN
    );
    gestor
        .post(&format!("{page}/rechazar"), &[])
        .await
        .assert_redirect(&record);
}
