//! Registration against the stub api: the body the web sends, the document upload after
//! signing in with the new password, and how refusals come back.

use actix_web::http::StatusCode;

use super::browser::{FilePart, open};
use super::stub::{self, fixtures as f};

const PDF: &[u8] = b"%PDF-1.7 cedula de Ana";

fn registration_fields<'a>(document_number: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("first_name", "Ana"),
        ("last_name", "Gómez"),
        ("document_type", "CC"),
        ("document_number", document_number),
        ("email", email),
        ("phone", "310 456 7890"),
        ("city", "Cali"),
        ("department", "Valle"),
        ("address", ""),
        ("country", "CO"),
        ("social_links", "https://instagram.com/ana"),
        ("social_links", ""),
        ("social_links", "https://tiktok.com/@ana"),
        ("password", "Correcta!2024"),
        ("confirm_password", "Correcta!2024"),
        ("tax_profile_code", "persona_natural"),
        ("bank_account_holder", "Ana Gómez"),
        ("bank_name", "Bancolombia"),
        ("bank_account_type", "ahorros"),
        ("bank_account_number", "00123456789"),
        ("accepted_policy_version_ids", f::TERMS_ID),
        ("accepted_policy_version_ids", f::PRIVACY_ID),
        ("accepted_policy_version_ids", f::HABEAS_ID),
        ("marketing_opt_in", "on"),
    ]
}

#[actix_web::test]
async fn registration_shows_the_policies_and_sends_the_body_then_uploads_the_document() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    let page = browser.get("/registro").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    for id in [
        "id=\"policy-terms\"",
        "id=\"policy-privacy\"",
        "id=\"policy-habeas_data\"",
        "href=\"/politicas/terms/1.0\"",
        "id=\"reg-id-document\"",
        "id=\"register-submit\"",
        "value=\"persona_natural\"",
        "enctype=\"multipart/form-data\"",
    ] {
        assert!(html.contains(id), "registration lacks {id}");
    }
    assert!(html.contains(&format!("value=\"{}\"", f::HABEAS_ID)));

    let fields = registration_fields("1.020.304.050", "ana@example.com");
    let file = FilePart {
        field: "id_document",
        filename: "cedula.pdf",
        content_type: "application/pdf",
        bytes: PDF,
    };
    let res = browser
        .post_multipart("/registro", &fields, Some(file))
        .await;
    res.assert_redirect("/registro/listo");

    let sent = stub.received("POST", "/api/v1/public/influencers");
    assert_eq!(sent.len(), 1);
    let body = sent[0].json();
    assert_eq!(
        body["acceptedPolicyVersionIds"],
        serde_json::json!([f::TERMS_ID, f::PRIVACY_ID, f::HABEAS_ID])
    );
    assert_eq!(
        body["socialLinks"],
        serde_json::json!(["https://instagram.com/ana", "https://tiktok.com/@ana"])
    );
    assert_eq!(body["firstName"], "Ana");
    assert_eq!(body["documentType"], "CC");
    assert_eq!(
        body["documentNumber"], "1.020.304.050",
        "the api normalises"
    );
    assert_eq!(body["password"], "Correcta!2024");
    assert_eq!(body["taxProfileCode"], "persona_natural");
    assert_eq!(body["address"], serde_json::Value::Null);
    assert_eq!(body["marketingOptIn"], true);
    assert_eq!(
        body["bankAccount"],
        serde_json::json!({"accountHolder": "Ana Gómez", "bankName": "Bancolombia",
                           "accountType": "ahorros", "accountNumber": "00123456789"})
    );

    // Registration has no token: the web signed in with the new password and uploaded the file.
    let login = stub.received("POST", "/api/v1/auth/login");
    assert_eq!(login.last().unwrap().json()["email"], "ana@example.com");
    let upload = stub.received(
        "POST",
        &format!("/api/v1/influencers/{}/documents", f::INFLUENCER_ID),
    );
    assert_eq!(upload.len(), 1);
    assert!(upload[0].content_type.starts_with("multipart/form-data"));
    let multipart = upload[0].text();
    assert!(multipart.contains("name=\"kind\"") && multipart.contains("id_document"));
    assert!(
        multipart.contains("filename=\"cedula.pdf\"")
            && multipart.contains("%PDF-1.7 cedula de Ana")
    );
    assert_eq!(
        stub.received("POST", "/api/v1/auth/logout").len(),
        1,
        "the upload session is closed"
    );

    let done = browser.get("/registro/listo").await;
    assert_eq!(done.status, StatusCode::OK);
    let html = done.html();
    assert!(html.contains("id=\"register-done-title\""));
    assert!(html.contains("Revisaremos tu solicitud en máximo 3 días hábiles."));
    assert!(html.contains("Recibimos tu documento de identidad."));
    // Shown once.
    browser
        .get("/registro/listo")
        .await
        .assert_redirect("/registro");
}

#[actix_web::test]
async fn registration_without_password_defers_the_document() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.get("/registro").await;
    let mut fields = registration_fields("1020304050", "ana@example.com");
    fields.retain(|(name, _)| !name.ends_with("password"));
    let file = FilePart {
        field: "id_document",
        filename: "cedula.pdf",
        content_type: "application/pdf",
        bytes: PDF,
    };
    browser
        .post_multipart("/registro", &fields, Some(file))
        .await
        .assert_redirect("/registro/listo");
    assert_eq!(
        stub.received("POST", "/api/v1/public/influencers")[0].json()["password"],
        serde_json::Value::Null
    );
    assert!(stub.received("POST", "/api/v1/auth/login").is_empty());
    let html = browser.get("/registro/listo").await.html();
    assert!(
        html.contains("Te enviamos un correo con un enlace para crear tu contraseña"),
        "{html}"
    );
    assert!(html.contains("cuando actives tu cuenta"), "{html}");
}

#[actix_web::test]
async fn a_refused_registration_comes_back_with_the_field_error_and_the_input() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.get("/registro").await;
    let fields = registration_fields("0123456", "ana@example.com");
    let res = browser.post_multipart("/registro", &fields, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.html();
    let input = html.find("id=\"reg-document-number\"").unwrap();
    let next_field = html[input..].find("<label").unwrap();
    assert!(
        html[input..input + next_field]
            .contains("<p class=\"field-error\">El formato no es válido.</p>"),
        "the error sits next to the document number: {}",
        &html[input..input + next_field]
    );
    assert!(
        html.contains("value=\"0123456\"") && html.contains("value=\"Ana\""),
        "input kept"
    );
    assert!(html.contains("value=\"https://tiktok.com/@ana\""));
    assert!(
        !html.contains("Correcta!2024"),
        "the password is never echoed"
    );
    assert!(
        html.contains(&format!(
            "value=\"{}\" id=\"policy-terms\" checked",
            f::TERMS_ID
        )),
        "checked policies stay checked"
    );

    // The web's own checks: no social link and an unchecked policy, before calling the api.
    let mut fields = registration_fields("1020304050", "ana@example.com");
    fields.retain(|(name, value)| *name != "social_links" && *value != f::HABEAS_ID);
    let res = browser.post_multipart("/registro", &fields, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.html();
    assert!(html.contains("Agrega al menos una red social."));
    assert!(html.contains("Debes aceptar todas las políticas."));
    assert_eq!(stub.received("POST", "/api/v1/public/influencers").len(), 1);
}

#[actix_web::test]
async fn a_taken_email_is_explained_in_spanish_and_english() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.get("/registro").await;
    let fields = registration_fields("1020304050", "dup@example.com");
    let res = browser.post_multipart("/registro", &fields, None).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.html();
    assert!(
        html.contains("id=\"form-error\">Ese correo ya está registrado.</div>"),
        "{html}"
    );
    let email = html.find("id=\"reg-email\"").unwrap();
    assert!(html[email..].contains("<p class=\"field-error\">Ese correo ya está registrado.</p>"));

    browser.get("/registro?lang=en").await;
    let res = browser
        .post_multipart("/registro?lang=en", &fields, None)
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.html().contains("That e-mail is already registered."),
        "{}",
        res.html()
    );
}
