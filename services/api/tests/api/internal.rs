//! `/internal/v1`: the worker's service token, the e-mail claim and delivery reports.

use afiliados_api_client::{InternalApi, Transport};
use afiliados_api_types::internal::EmailDeliveryReport;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn the_worker_claims_and_reports_emails_through_the_typed_client() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let created = app.post("/api/v1/users", &admin, json!({ "email": "inv@medipiel.co", "firstName": "Invi", "lastName": "Tado", "roles": ["finance"] })).await;
    assert_eq!(created.status(), 201);
    let outbox: Value = app
        .get("/api/v1/notifications/emails?delivered=false", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outbox["total"], 1);
    let email_id: uuid::Uuid = outbox["items"][0]["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(outbox["items"][0]["template"], "user_invitation");

    let transport = Transport::new(&app.address, std::time::Duration::from_secs(5)).unwrap();
    let wrong = InternalApi::new(
        transport.clone(),
        afiliados_config::SecretString::from("not-the-token".to_owned()),
    );
    assert_eq!(
        wrong.ping().await.unwrap_err().status().map(|s| s.as_u16()),
        Some(401)
    );
    let worker = InternalApi::new(
        transport,
        afiliados_config::SecretString::from(INTERNAL_TOKEN.to_owned()),
    );
    worker.ping().await.unwrap();
    let email = worker.get_email(email_id).await.unwrap();
    assert_eq!(email.payload["firstName"], "Invi");
    assert!(
        email.payload["link"]
            .as_str()
            .unwrap()
            .contains("/restablecer-clave?token=")
    );
    let claimed = worker.claim_email(email_id, 120).await.unwrap();
    assert_eq!(claimed.status, "sending");
    assert_eq!(
        worker
            .claim_email(email_id, 120)
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(409)
    );

    let failure = EmailDeliveryReport {
        delivered: false,
        message_id: None,
        error: Some("connection refused".into()),
        permanent: false,
    };
    worker
        .report_email_delivery(email_id, &failure)
        .await
        .unwrap();
    let after: Value = app
        .get("/api/v1/notifications/emails?delivered=false", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["items"][0]["attempts"], 1);
    assert_eq!(after["items"][0]["status"], "pending");
    assert_eq!(after["items"][0]["lastError"], "connection refused");

    let success = EmailDeliveryReport {
        delivered: true,
        message_id: Some(format!("<{email_id}@marketing-afiliados>")),
        error: None,
        permanent: false,
    };
    worker
        .report_email_delivery(email_id, &success)
        .await
        .unwrap();
    worker
        .report_email_delivery(email_id, &success)
        .await
        .unwrap();
    assert_eq!(
        worker
            .get_email(email_id)
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(410)
    );
    let delivered: Value = app
        .get("/api/v1/notifications/emails?delivered=true", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(delivered["items"][0]["attempts"], 2);
    let retry = app
        .post(
            &format!("/api/v1/notifications/emails/{email_id}/retry"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(retry.status(), 409);
    assert_eq!(
        retry.json::<Value>().await.unwrap()["error"],
        "email_already_delivered"
    );
}
