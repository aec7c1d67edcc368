//! The onboarding flows against the stub api: what the web sends and how it shows the answers.

use actix_web::http::{StatusCode, header};

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
async fn the_gestor_approves_from_the_queue() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser
        .sign_in("gestor_afiliados")
        .await
        .assert_redirect("/gestor");
    let queue = browser.get("/gestor").await;
    assert_eq!(queue.status, StatusCode::OK);
    let html = queue.html();
    let approve = format!("id=\"approve-{}\"", f::INFLUENCER_ID);
    assert!(
        html.contains(&approve) && html.contains(&format!("id=\"reject-{}\"", f::INFLUENCER_ID))
    );
    let listed = stub.received("GET", "/api/v1/influencers");
    assert!(listed.iter().any(|r| r.path == "/api/v1/influencers"));

    let path = format!("/gestor/influencers/{}/estado", f::INFLUENCER_ID);
    browser
        .post(&path, &[("action", "approve"), ("back", "/gestor")])
        .await
        .assert_redirect("/gestor");
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/influencers/{}/status", f::INFLUENCER_ID),
    );
    assert_eq!(sent[0].json(), serde_json::json!({"status": "approved"}));
    assert!(
        browser
            .get("/gestor")
            .await
            .html()
            .contains("Afiliado aprobado.")
    );

    // Rejecting needs a reason; without one nothing is sent.
    browser
        .post(
            &path,
            &[
                ("action", "reject"),
                ("reason", ""),
                ("back", "//evil.example"),
            ],
        )
        .await
        .assert_redirect(&format!("/gestor/influencers/{}", f::INFLUENCER_ID));
    assert_eq!(
        stub.received(
            "PATCH",
            &format!("/api/v1/influencers/{}/status", f::INFLUENCER_ID)
        )
        .len(),
        1
    );
    browser
        .post(
            &path,
            &[
                ("action", "reject"),
                ("reason", "Perfil incompleto"),
                ("back", "/gestor"),
            ],
        )
        .await
        .assert_redirect("/gestor");
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/influencers/{}/status", f::INFLUENCER_ID),
    );
    assert_eq!(
        sent[1].json(),
        serde_json::json!({"status": "rejected", "reason": "Perfil incompleto"})
    );
}

#[actix_web::test]
async fn a_failed_sync_shows_its_error_and_sync_now_posts() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let page = browser
        .get(&format!("/gestor/codigos/{}", f::CODE_ID))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(html.contains("id=\"sync-error\""), "{html}");
    assert!(html.contains(f::SYNC_ERROR));
    assert!(html.contains("Falló la sincronización"));
    assert!(html.contains(&format!("id=\"sync-now-{}\"", f::CODE_ID)));

    let back = format!("/gestor/codigos/{}", f::CODE_ID);
    browser
        .post(
            &format!("/gestor/codigos/{}/sincronizar", f::CODE_ID),
            &[("back", &back)],
        )
        .await
        .assert_redirect(&back);
    let sent = stub.received("POST", &format!("/api/v1/codes/{}/sync", f::CODE_ID));
    assert_eq!(sent.len(), 1);
    assert!(
        browser
            .get(&back)
            .await
            .html()
            .contains("Sincronización en cola.")
    );

    // The influencer's record offers the same button next to each code.
    let record = browser
        .get(&format!("/gestor/influencers/{}", f::INFLUENCER_ID))
        .await;
    let html = record.html();
    assert!(html.contains(&format!("id=\"sync-now-{}\"", f::CODE_ID)));
    assert!(html.contains(&format!("id=\"code-{}\"", f::CODE)));
    assert!(html.contains("id=\"assign-submit\"") && html.contains("id=\"bank-masked\""));
}

#[actix_web::test]
async fn assigning_with_a_too_high_discount_comes_back_with_422() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let detail = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    browser.get(&detail).await;
    let res = browser
        .post(
            &format!("{detail}/campanas"),
            &[
                ("campaign_id", f::CAMPAIGN_ID),
                ("discount_percent", "99"),
                ("generate_code", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.html();
    assert!(html.contains("Supera el descuento máximo de la campaña."));
    assert!(html.contains("value=\"99\""));
    browser
        .post(
            &format!("{detail}/campanas"),
            &[
                ("campaign_id", f::CAMPAIGN_ID),
                ("discount_percent", "15"),
                ("generate_code", "on"),
            ],
        )
        .await
        .assert_redirect(&detail);
    let sent = stub.received(
        "POST",
        &format!(
            "/api/v1/influencers/{}/campaigns/{}",
            f::INFLUENCER_ID,
            f::CAMPAIGN_ID
        ),
    );
    let body = sent.last().unwrap().json();
    assert_eq!(body["generateCode"], true);
    assert_eq!(body["discountPercent"].to_string(), "15.00");
    assert!(browser.get(&detail).await.html().contains(f::CODE));
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
        sent[0].json(),
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
    );
}
