//! The influencer's area against the stub api: re-acceptance first, files passed through,
//! uploads, ARCO requests and profile edits.

use actix_web::http::{StatusCode, header};

use super::browser::{FilePart, open};
use super::stub::{self, fixtures as f};

#[actix_web::test]
async fn pending_consents_come_first_and_accepting_posts_the_ids() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser
        .sign_in("pending")
        .await
        .assert_redirect("/influencer/aceptar-politicas");
    // The landing page checks the profile; any other page meets the api's 403 consent_required.
    browser
        .get("/influencer")
        .await
        .assert_redirect("/influencer/aceptar-politicas");
    browser
        .get("/influencer/perfil")
        .await
        .assert_redirect("/influencer/aceptar-politicas");

    let page = browser.get("/influencer/aceptar-politicas").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(html.contains("id=\"accept-terms\"") && html.contains("id=\"accept-policies-submit\""));
    assert!(html.contains("href=\"/politicas/terms/2.0\""));

    // Revoking instead of accepting stays possible: the ARCO form opens while consents wait.
    let arco = browser.get("/influencer/arco").await;
    assert_eq!(arco.status, StatusCode::OK, "{}", arco.html());
    assert!(arco.html().contains("id=\"arco-submit\""));
    browser.get("/influencer/aceptar-politicas").await;

    let res = browser.post("/influencer/aceptar-politicas", &[]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.html().contains("Debes aceptar todas las políticas."));
    assert!(
        stub.received("POST", "/api/v1/policies/consents")
            .is_empty()
    );

    browser
        .post(
            "/influencer/aceptar-politicas",
            &[("policy_version_ids", f::TERMS_V2_ID)],
        )
        .await
        .assert_redirect("/influencer");
    let sent = stub.received("POST", "/api/v1/policies/consents");
    assert_eq!(
        sent[0].json(),
        serde_json::json!({"policyVersionIds": [f::TERMS_V2_ID]})
    );
    let panel = browser.get("/influencer").await;
    assert_eq!(panel.status, StatusCode::OK);
    let html = panel.html();
    assert!(html.contains("Gracias. Registramos tu aceptación."));
    assert!(html.contains(&format!("id=\"code-{}\"", f::CODE)));
}

#[actix_web::test]
async fn files_pass_through_as_attachments() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser
        .sign_in("influencer")
        .await
        .assert_redirect("/influencer");
    let pdf = browser
        .get(&format!(
            "/influencer/consentimientos/{}/certificado.pdf",
            f::TERMS_ID
        ))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(
        pdf.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    assert_eq!(
        pdf.headers.get(header::CONTENT_DISPOSITION).unwrap(),
        "attachment; filename=\"certificado.pdf\""
    );
    assert_eq!(pdf.body, b"%PDF-1.7 certificado");
    let json = browser
        .get(&format!(
            "/influencer/consentimientos/{}/certificado.json",
            f::TERMS_ID
        ))
        .await;
    assert_eq!(
        json.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/json"
    );
    // Staff documents: only for the roles that may download them.
    let document = format!(
        "/gestor/influencers/{}/documentos/{}",
        f::INFLUENCER_ID,
        f::DOCUMENT_ID
    );
    assert_eq!(browser.get(&document).await.status, StatusCode::FORBIDDEN);

    let mut staff = open(&stub).await;
    staff.sign_in("gestor_afiliados").await;
    let file = staff.get(&document).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body, b"%PDF-1.7 cedula");

    let mut marca = open(&stub).await;
    marca
        .sign_in("admin_marca")
        .await
        .assert_redirect("/gestor");
    assert_eq!(marca.get(&document).await.status, StatusCode::FORBIDDEN);
    let record = marca
        .get(&format!("/gestor/influencers/{}", f::INFLUENCER_ID))
        .await
        .html();
    assert!(record.contains("id=\"reduced-view\"") && record.contains("*******050"));
    assert!(!record.contains("id=\"bank-masked\"") && !record.contains("id=\"documents-table\""));
}

#[actix_web::test]
async fn the_influencer_uploads_a_document_and_files_an_arco_request() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("influencer").await;
    browser.get("/influencer/documentos").await;
    let file = FilePart {
        field: "file",
        filename: "rut.pdf",
        content_type: "application/pdf",
        bytes: b"%PDF-1.7 rut",
    };
    browser
        .post_multipart(
            "/influencer/documentos",
            &[("kind", "rut"), ("notes", "")],
            Some(file),
        )
        .await
        .assert_redirect("/influencer/documentos");
    let upload = stub.received(
        "POST",
        &format!("/api/v1/influencers/{}/documents", f::INFLUENCER_ID),
    );
    assert!(upload[0].text().contains("rut") && !upload[0].text().contains("name=\"notes\""));
    let res = browser
        .post_multipart("/influencer/documentos", &[("kind", "rut")], None)
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    browser.get("/influencer/arco").await;
    let res = browser
        .post("/influencer/arco", &[("type", "rectify")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The api's message about one of the values is shown, not swallowed.
    let res = browser
        .post(
            "/influencer/arco",
            &[
                ("type", "rectify"),
                ("rectify_field_0", "phone"),
                ("rectify_value_0", "123"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.html().contains("class=\"field-error\""),
        "{}",
        res.html()
    );
    browser
        .post(
            "/influencer/arco",
            &[
                ("type", "rectify"),
                ("rectify_field_0", "phone"),
                ("rectify_value_0", "+573001112233"),
            ],
        )
        .await
        .assert_redirect("/influencer/arco");
    let sent = stub.received("POST", "/api/v1/arco/requests");
    assert_eq!(
        sent[1].json(),
        serde_json::json!({"type": "rectify", "details": {"phone": "+573001112233"}, "channel": null, "influencerId": null})
    );

    // A profile edit clears emptied fields and never sends what an influencer may not edit.
    browser.get("/influencer/perfil").await;
    browser
        .post(
            "/influencer/perfil",
            &[
                ("phone", ""),
                ("city", "Cali"),
                ("country", "CO"),
                ("social_links", "https://instagram.com/isabela"),
            ],
        )
        .await
        .assert_redirect("/influencer/perfil");
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/influencers/{}", f::INFLUENCER_ID),
    );
    let body = sent[0].json();
    assert_eq!(body["phone"], serde_json::Value::Null);
    assert_eq!(body["city"], "Cali");
    assert!(
        body.get("taxProfileCode").is_none()
            && body.get("bankAccount").is_none()
            && body.get("email").is_none()
            && body.get("currentPassword").is_none()
    );

    // A bank account change carries the password, re-entered (ADR 0018).
    assert!(
        browser
            .get("/influencer/perfil")
            .await
            .html()
            .contains("id=\"bank-current-password\"")
    );
    browser
        .post(
            "/influencer/perfil/cuenta-bancaria",
            &[
                ("bank_account_holder", "Isabela Gómez"),
                ("bank_name", "Nequi"),
                ("bank_account_type", "ahorros"),
                ("bank_account_number", "99887766554433"),
                ("current_password", "Correcta!2024"),
            ],
        )
        .await
        .assert_redirect("/influencer/perfil");
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/influencers/{}", f::INFLUENCER_ID),
    );
    let body = sent.last().unwrap().json();
    assert_eq!(body["currentPassword"], "Correcta!2024");
    assert_eq!(body["bankAccount"]["accountNumber"], "99887766554433");
}
