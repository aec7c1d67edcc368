//! The staff additions around influencers, campaigns and brands against the stub api: consents
//! with certificates, certificate verification, membership activation, document deletion, the
//! brand logo and finance's tax profile change.

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
async fn memberships_are_deactivated_and_activated_from_both_sides() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let record = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    let html = browser.get(&record).await.html();
    assert!(html.contains(&format!("id=\"membership-deactivate-{}\"", f::CAMPAIGN_ID)));
    let action = format!("{record}/campanas/{}/estado", f::CAMPAIGN_ID);
    browser
        .post(&action, &[("status", "inactive"), ("back", &record)])
        .await
        .assert_redirect(&record);
    let patch = format!(
        "/api/v1/influencers/{}/campaigns/{}",
        f::INFLUENCER_ID,
        f::CAMPAIGN_ID
    );
    assert_eq!(
        stub.received("PATCH", &patch)[0].json(),
        json!({"status": "inactive"})
    );
    assert!(
        browser
            .get(&record)
            .await
            .html()
            .contains("Membresía desactivada")
    );

    // The campaign's members page is paginated and offers the same switch per member.
    let members = format!("/gestor/campanas/{}/miembros", f::CAMPAIGN_ID);
    let page = browser
        .get(&format!("{members}?page=2&status=active&q=isa"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(html.contains("id=\"members-table\"") && html.contains("class=\"pager\""));
    assert!(html.contains(&format!(
        "id=\"membership-deactivate-{}\"",
        f::INFLUENCER_ID
    )));
    let listed = stub.received(
        "GET",
        &format!("/api/v1/campaigns/{}/influencers", f::CAMPAIGN_ID),
    );
    let query = &listed.last().unwrap().query;
    assert!(
        query.contains("page=2") && query.contains("status=active") && query.contains("q=isa"),
        "{query}"
    );
    let campaign = browser
        .get(&format!("/gestor/campanas/{}", f::CAMPAIGN_ID))
        .await
        .html();
    assert!(campaign.contains("id=\"campaign-members-link\""));
    let back = format!("{members}?page=1");
    browser
        .post(&action, &[("status", "active"), ("back", &back)])
        .await
        .assert_redirect(&back);
    assert_eq!(
        stub.received("PATCH", &patch)[1].json(),
        json!({"status": "active"})
    );
    let res = browser.post(&action, &[("status", "gone")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn a_document_is_deleted_after_confirming() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let record = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    let html = browser.get(&record).await.html();
    assert!(html.contains(&format!("id=\"document-delete-{}\"", f::DOCUMENT_ID)));
    let confirm = format!("{record}/documentos/{}/eliminar", f::DOCUMENT_ID);
    let page = browser.get(&confirm).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(html.contains("id=\"document-delete-submit\"") && html.contains("cedula.pdf"));
    assert!(
        stub.received(
            "DELETE",
            &format!(
                "/api/v1/influencers/{}/documents/{}",
                f::INFLUENCER_ID,
                f::DOCUMENT_ID
            )
        )
        .is_empty()
    );
    browser.post(&confirm, &[]).await.assert_redirect(&record);
    let deleted = stub.received(
        "DELETE",
        &format!(
            "/api/v1/influencers/{}/documents/{}",
            f::INFLUENCER_ID,
            f::DOCUMENT_ID
        ),
    );
    assert_eq!(deleted.len(), 1);
    assert!(
        browser
            .get(&record)
            .await
            .html()
            .contains("Documento eliminado.")
    );

    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance.get(&record).await.html();
    assert!(html.contains("id=\"documents-table\"") && !html.contains("id=\"document-delete-"));
    assert_eq!(
        finance.post(&confirm, &[]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn the_brand_logo_is_uploaded_and_served_from_the_web() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("admin_marca").await;
    let brand = format!("/gestor/marcas/{}", f::BRAND_ID);
    let html = browser.get(&brand).await.html();
    assert!(html.contains(&format!("src=\"/marcas/{}/logo?v=", f::BRAND_ID)));
    assert!(html.contains("id=\"brand-logo-submit\""));

    let gif = FilePart {
        field: "file",
        filename: "logo.gif",
        content_type: "image/gif",
        bytes: b"GIF89a",
    };
    let res = browser
        .post_multipart(&format!("{brand}/logo"), &[], Some(gif))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        stub.received("PUT", &format!("/api/v1/brands/{}/logo", f::BRAND_ID))
            .is_empty()
    );
    let png = FilePart {
        field: "file",
        filename: "logo.png",
        content_type: "image/png",
        bytes: b"\x89PNG\r\n\x1a\nlogo",
    };
    browser
        .post_multipart(&format!("{brand}/logo"), &[], Some(png))
        .await
        .assert_redirect(&brand);
    let sent = stub.received("PUT", &format!("/api/v1/brands/{}/logo", f::BRAND_ID));
    assert!(sent[0].content_type.starts_with("multipart/form-data"));
    assert!(sent[0].text().contains("filename=\"logo.png\""));

    // Anyone, signed in or not, gets the image from this origin, cacheable and sandboxed.
    let mut visitor = open(&stub).await;
    let logo = visitor.get(&format!("/marcas/{}/logo", f::BRAND_ID)).await;
    assert_eq!(logo.status, StatusCode::OK);
    assert_eq!(logo.headers.get(header::CONTENT_TYPE).unwrap(), "image/png");
    assert_eq!(
        logo.headers.get(header::CACHE_CONTROL).unwrap(),
        "public, max-age=86400"
    );
    assert!(
        logo.headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(logo.body, b"\x89PNG\r\n\x1a\nlogo");
    // Pages keep their own policy.
    let home = visitor.get("/").await;
    assert_eq!(
        home.headers.get(header::CONTENT_SECURITY_POLICY).unwrap(),
        "default-src 'self'"
    );
    assert_eq!(home.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
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
