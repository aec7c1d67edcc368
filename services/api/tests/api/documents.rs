//! KYC documents: stored encrypted, downloaded byte-identical by authorised staff only, file
//! type and size rules, the influencer's metadata-only view and soft deletion.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, Response};
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::*;
use crate::onboarding::*;

fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    bytes.extend((0..2000u32).map(|i| (i % 251) as u8));
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

fn png() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(&[0u8; 64]);
    bytes
}

fn form(bytes: Vec<u8>, name: &str, mime: &str, kind: &str) -> Form {
    Form::new()
        .part(
            "file",
            Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str(mime)
                .unwrap(),
        )
        .text("kind", kind.to_owned())
        .text("notes", "Cédula por ambas caras")
}

async fn upload(app: &TestApp, token: &str, influencer: Uuid, form: Form) -> Response {
    app.request(
        Method::POST,
        &format!("/api/v1/influencers/{influencer}/documents"),
    )
    .bearer_auth(token)
    .multipart(form)
    .send()
    .await
    .unwrap()
}

async fn error_field(response: Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["details"][0]["field"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        body["details"][0]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[tokio::test]
async fn uploads_are_stored_encrypted_and_download_identically_for_staff_only() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (gestor_id, gestor) = app.login_as("gestor_afiliados").await;
    let (_, finance) = app.login_as("finance").await;
    let policies = publish_policies(&app, &admin).await;
    let (me, token) = registered_influencer(&app, &policies).await;
    let (other, other_token) = registered_influencer(&app, &policies).await;
    let (me, other) = (id_of(&me), id_of(&other));
    let plaintext = pdf();

    let response = upload(
        &app,
        &token,
        me,
        form(
            plaintext.clone(),
            "../../etc/cédula.pdf",
            "application/pdf",
            "id_document",
        ),
    )
    .await;
    assert_eq!(response.status(), 201);
    let document: Value = response.json().await.unwrap();
    let document_id = id_of(&document);
    assert_eq!(document["filename"], "cédula.pdf");
    assert_eq!(document["contentType"], "application/pdf");
    assert_eq!(document["sizeBytes"], plaintext.len());
    assert_eq!(document["notes"], "Cédula por ambas caras");
    assert_eq!(
        document["downloadUrl"],
        Value::Null,
        "the influencer cannot download"
    );
    let sha = afiliados_crypto::sha256_hex(&plaintext);
    assert_eq!(document["sha256"], sha);
    assert!(
        notice_types(&app, gestor_id)
            .await
            .contains(&"influencer.document_uploaded".to_owned())
    );

    // At rest: sealed bytes under influencer/<id>/<document id>, never the plaintext.
    let mut conn = app.conn().await;
    let row = afiliados_db::stored_documents::find_for_owner(
        &mut conn,
        app.state.tenant_id,
        "influencer",
        me,
        document_id,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(row.storage_key, format!("influencer/{me}/{document_id}"));
    assert_eq!(row.encryption_key_id.as_deref(), Some("k1"));
    let stored = std::fs::read(
        app.state
            .settings
            .onboarding
            .storage
            .local_dir
            .join(&row.storage_key),
    )
    .unwrap();
    assert_ne!(stored, plaintext);
    assert!(
        !stored.windows(16).any(|w| w == &plaintext[..16]),
        "no plaintext header"
    );

    let path = format!("/api/v1/influencers/{me}/documents/{document_id}/download");
    for staff in [&gestor, &finance, &admin] {
        let response = app.get(&path, staff).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(response.headers()["x-content-sha256"], sha.as_str());
        let disposition = response.headers()["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment; filename=\"c_dula.pdf\""),
            "{disposition}"
        );
        assert!(disposition.contains("filename*=UTF-8''c%C3%A9dula.pdf"));
        assert_eq!(response.bytes().await.unwrap().to_vec(), plaintext);
    }
    assert_eq!(app.audit_actions("document.downloaded").await.len(), 3);
    assert_eq!(app.audit_actions("document.uploaded").await.len(), 1);

    let marca_email = format!("marca.{}@medipiel.co", Uuid::new_v4().simple());
    let brand = app.create_brand("cetaphil").await;
    app.create_user(&marca_email, &["admin_marca"], &[brand])
        .await;
    let marca = app.login(&marca_email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    for token in [&token, &other_token, &marca] {
        assert_eq!(app.get(&path, token).await.status(), 404);
    }
    let wrong_owner = format!("/api/v1/influencers/{other}/documents/{document_id}/download");
    assert_eq!(app.get(&wrong_owner, &gestor).await.status(), 404);

    // Listing: staff get links, the influencer its metadata, admin_marca nothing.
    let staff_list: Value = app
        .get(&format!("/api/v1/influencers/{me}/documents"), &finance)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        staff_list["items"][0]["downloadUrl"],
        format!("/api/v1/influencers/{me}/documents/{document_id}/download")
    );
    let own_list: Value = app
        .get(&format!("/api/v1/influencers/{me}/documents"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own_list["items"][0]["downloadUrl"], Value::Null);
    assert_eq!(
        app.get(&format!("/api/v1/influencers/{me}/documents"), &marca)
            .await
            .status(),
        403
    );
    assert_eq!(
        upload(
            &app,
            &other_token,
            me,
            form(pdf(), "x.pdf", "application/pdf", "rut")
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        upload(
            &app,
            &finance,
            me,
            form(pdf(), "x.pdf", "application/pdf", "rut")
        )
        .await
        .status(),
        403
    );
    let detail: Value = app
        .get(&format!("/api/v1/influencers/{me}"), &gestor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["documentsCount"], 1);
}

#[tokio::test]
async fn only_pdf_jpeg_and_png_of_allowed_size_are_accepted() {
    let app = spawn_app_with(|settings| settings.onboarding.upload_max_bytes = 4096).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let policies = publish_policies(&app, &admin).await;
    let me = id_of(&register_ok(&app, &registration(&policies.ids)).await);

    let gif = b"GIF89a\x01\x00\x01\x00".to_vec();
    let cases = [
        (
            form(gif, "a.gif", "image/gif", "other"),
            ("file", "file_type_not_allowed"),
        ),
        (
            form(png(), "a.pdf", "application/pdf", "other"),
            ("file", "file_type_not_allowed"),
        ),
        (
            form(pdf(), "a.pdf", "application/pdf", "selfie"),
            ("kind", "invalid_enum"),
        ),
        (
            form(vec![b'%'; 5000], "big.pdf", "application/pdf", "rut"),
            ("file", "file_too_large"),
        ),
    ];
    for (form, expected) in cases {
        let (status, field, code) = error_field(upload(&app, &gestor, me, form).await).await;
        assert_eq!(
            (status, field.as_str(), code.as_str()),
            (422, expected.0, expected.1)
        );
    }
    let no_file = Form::new().text("kind", "rut");
    let (status, field, code) = error_field(upload(&app, &gestor, me, no_file).await).await;
    assert_eq!(
        (status, field.as_str(), code.as_str()),
        (422, "file", "required")
    );

    // A body beyond the file limit plus the form's allowance is refused before it is read.
    let huge = form(vec![0u8; 200 * 1024], "huge.png", "image/png", "other");
    let response = upload(&app, &gestor, me, huge).await;
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "payload_too_large"
    );
    let not_multipart = app
        .request(Method::POST, &format!("/api/v1/influencers/{me}/documents"))
        .bearer_auth(&gestor)
        .body("plain")
        .send()
        .await
        .unwrap();
    assert_eq!(not_multipart.status(), 415);

    let ok = upload(
        &app,
        &gestor,
        me,
        form(png(), "logo.png", "image/png", "other"),
    )
    .await;
    assert_eq!(ok.status(), 201);
    let document: Value = ok.json().await.unwrap();
    assert!(document["downloadUrl"].is_string());
    assert_eq!(app.audit_actions("document.uploaded").await.len(), 1);
}

#[tokio::test]
async fn deletion_is_soft_and_for_ad_and_ga_only() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let policies = publish_policies(&app, &admin).await;
    let (me, token) = registered_influencer(&app, &policies).await;
    let me = id_of(&me);
    let document: Value = upload(
        &app,
        &token,
        me,
        form(pdf(), "rut.pdf", "application/pdf", "rut"),
    )
    .await
    .json()
    .await
    .unwrap();
    let path = format!(
        "/api/v1/influencers/{me}/documents/{}",
        document["id"].as_str().unwrap()
    );
    let delete = |token: &str| app.request(Method::DELETE, &path).bearer_auth(token).send();
    assert_eq!(delete(&token).await.unwrap().status(), 403);
    let (_, finance) = app.login_as("finance").await;
    assert_eq!(delete(&finance).await.unwrap().status(), 403);
    assert_eq!(delete(&gestor).await.unwrap().status(), 204);
    assert_eq!(delete(&gestor).await.unwrap().status(), 404);
    let list: Value = app
        .get(&format!("/api/v1/influencers/{me}/documents"), &gestor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"], serde_json::json!([]));
    assert_eq!(
        app.get(&format!("{path}/download"), &gestor).await.status(),
        404
    );
    assert_eq!(app.audit_actions("document.deleted").await.len(), 1);
    let texts = table_text(&app, "documents").await;
    assert_eq!(texts.len(), 1, "the row is kept");
    assert!(!texts[0].contains("\"deleted_at\":null"));
}
