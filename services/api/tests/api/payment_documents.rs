//! Files of withdrawals and payments (`api.md` §11, §0.7): stored encrypted, downloaded
//! byte-identical by FI, AD and the influencer itself, audited both ways; another influencer's
//! record is "not found" and an influencer cannot attach a payment voucher.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, Response};
use serde_json::Value;

use crate::helpers::TestApp;
use crate::payments::{pay, pay_body, payee_two};
use crate::payments_fixtures::{approved_withdrawal, confirm, payee, paying_app};

fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    bytes.extend((0..3000u32).map(|i| (i % 251) as u8));
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

fn form(bytes: Vec<u8>, kind: &str) -> Form {
    Form::new()
        .part(
            "file",
            Part::bytes(bytes)
                .file_name("soporte.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("kind", kind.to_owned())
}

async fn upload(app: &TestApp, token: &str, path: &str, form: Form) -> Response {
    app.request(Method::POST, path)
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn stored_bytes(app: &TestApp, key: &str) -> Vec<u8> {
    std::fs::read(app.state.settings.onboarding.storage.local_dir.join(key)).unwrap()
}

#[tokio::test]
async fn withdrawal_and_payment_files_round_trip_encrypted_within_scope() {
    let (app, _clock) = paying_app().await;
    let me = payee(&app, "Isabela", "Gómez", "0012345678", "cetaphil").await;
    confirm(&app, &me, "50000.00").await;
    let other = payee_two(&app).await;
    let (f1, finance) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let withdrawal = approved_withdrawal(&app, &me, "20000.00", f1, f2).await;
    let invoice = pdf();

    // The influencer attaches its invoice; another influencer cannot see the withdrawal.
    let path = format!("/api/v1/payments/withdrawals/{withdrawal}/documents");
    let response = upload(&app, &other.token, &path, form(invoice.clone(), "invoice")).await;
    assert_eq!(response.status(), 404);
    let response = upload(&app, &gestor, &path, form(invoice.clone(), "invoice")).await;
    assert_eq!(response.status(), 403);
    let response = upload(&app, &me.token, &path, form(invoice.clone(), "voucher")).await;
    assert_eq!(response.status(), 422, "a voucher belongs to a payment");
    let response = upload(&app, &me.token, &path, form(invoice.clone(), "invoice")).await;
    assert_eq!(response.status(), 201);
    let document: Value = response.json().await.unwrap();
    let document_id: uuid::Uuid = document["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(document["kind"], "invoice");
    assert_eq!(document["sha256"], afiliados_crypto::sha256_hex(&invoice));

    let row = {
        let mut conn = app.conn().await;
        afiliados_db::stored_documents::find_for_owner(
            &mut conn,
            app.state.tenant_id,
            "withdrawal",
            withdrawal,
            document_id,
        )
        .await
        .unwrap()
        .unwrap()
    };
    assert!(row.encryption_key_id.is_some());
    let at_rest = stored_bytes(&app, &row.storage_key);
    assert_ne!(at_rest, invoice);
    assert!(
        !at_rest.windows(16).any(|w| w == &invoice[..16]),
        "no plaintext at rest"
    );

    let download = format!("{path}/{document_id}/download");
    for token in [&me.token, &finance] {
        let response = app.get(&download, token).await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["x-content-sha256"].to_str().unwrap(),
            afiliados_crypto::sha256_hex(&invoice)
        );
        assert_eq!(response.bytes().await.unwrap().to_vec(), invoice);
    }
    assert_eq!(app.get(&download, &other.token).await.status(), 404);
    assert_eq!(app.get(&download, &gestor).await.status(), 403);

    // Finance pays and attaches the voucher; the influencer downloads it, nobody else does.
    let (status, payment) = pay(&app, &finance, withdrawal, pay_body("20000.00")).await;
    assert_eq!(status, 201, "{payment}");
    let payment_id = payment["id"].as_str().unwrap();
    let voucher = {
        let mut bytes = pdf();
        bytes.extend_from_slice(b"voucher");
        bytes
    };
    let path = format!("/api/v1/payments/{payment_id}/documents");
    let response = upload(&app, &me.token, &path, form(voucher.clone(), "voucher")).await;
    assert_eq!(
        response.status(),
        403,
        "an influencer does not attach vouchers"
    );
    let response = upload(&app, &finance, &path, form(voucher.clone(), "invoice")).await;
    assert_eq!(
        response.status(),
        422,
        "an invoice belongs to the withdrawal"
    );
    let response = upload(&app, &finance, &path, form(voucher.clone(), "voucher")).await;
    assert_eq!(response.status(), 201);
    let document: Value = response.json().await.unwrap();
    let download = document["downloadUrl"].as_str().unwrap().to_owned();
    assert_eq!(
        download,
        format!("{path}/{}/download", document["id"].as_str().unwrap())
    );
    let response = app.get(&download, &me.token).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().to_vec(), voucher);
    assert_eq!(app.get(&download, &other.token).await.status(), 404);
    let shown: Value = app
        .get(&format!("/api/v1/payments/{payment_id}"), &me.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["documents"][0]["kind"], "voucher");

    assert_eq!(app.audit_actions("payment.document_added").await.len(), 2);
    assert_eq!(app.audit_actions("document.downloaded").await.len(), 3);
    let events = {
        let mut conn = app.conn().await;
        afiliados_db::withdrawal_events::of_withdrawals(&mut conn, &[withdrawal])
            .await
            .unwrap()
    };
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "document_added").count(),
        2
    );
    assert!(actions.contains(&"paid"));
}
