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
    // Reading the row shows no link: the invitation is sealed (ADR 0024) ...
    let email = worker.get_email(email_id).await.unwrap();
    assert_eq!(email.payload, json!({ "sealed": true }));
    // ... the lease holder, who sends it, gets it in clear.
    let claimed = worker.claim_email(email_id, 120).await.unwrap();
    assert_eq!(claimed.status, "sending");
    assert_eq!(claimed.payload["firstName"], "Invi");
    assert!(
        claimed.payload["link"]
            .as_str()
            .unwrap()
            .contains("/restablecer-clave?token=")
    );
    assert_eq!(
        worker
            .claim_email(email_id, 120)
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(409)
    );

    // The worker's backoff is the retry clock: the api records when it plans the next attempt.
    let retry_at = chrono::DateTime::parse_from_rfc3339("2030-01-02T03:04:05Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let failure = EmailDeliveryReport {
        delivered: false,
        message_id: None,
        error: Some("connection refused".into()),
        permanent: false,
        retry_at: Some(retry_at),
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
    assert_eq!(after["items"][0]["nextAttemptAt"], "2030-01-02T03:04:05Z");
    assert_eq!(
        after["items"][0]["maxAttempts"],
        afiliados_jobs::queues::EMAILS_MAX_ATTEMPTS
    );

    let success = EmailDeliveryReport {
        delivered: true,
        message_id: Some(format!("<{email_id}@marketing-afiliados>")),
        error: None,
        permanent: false,
        retry_at: None,
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

/// The outbox row of `address`, as the admin list shows it.
async fn outbox_row(app: &TestApp, admin: &str, address: &str) -> Value {
    let page: Value = app
        .get(
            &format!("/api/v1/notifications/emails?recipient={address}"),
            admin,
        )
        .await
        .json()
        .await
        .unwrap();
    page["items"][0].clone()
}

#[tokio::test]
async fn an_email_fails_for_good_at_the_queues_cap_or_on_a_permanent_report() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    for (address, name) in [("cap@medipiel.co", "Cap"), ("perm@medipiel.co", "Perm")] {
        let created = app.post("/api/v1/users", &admin, json!({ "email": address, "firstName": name, "lastName": "Tope", "roles": ["finance"] })).await;
        assert_eq!(created.status(), 201);
    }
    let transport = Transport::new(&app.address, std::time::Duration::from_secs(5)).unwrap();
    let worker = InternalApi::new(
        transport,
        afiliados_config::SecretString::from(INTERNAL_TOKEN.to_owned()),
    );
    let failure = |permanent: bool| EmailDeliveryReport {
        delivered: false,
        message_id: None,
        error: Some("451 try later".into()),
        permanent,
        retry_at: (!permanent).then(chrono::Utc::now),
    };

    // Transient failures stay pending until the queue's cap, which is the worker's too.
    let cap_id: uuid::Uuid = outbox_row(&app, &admin, "cap@medipiel.co").await["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let cap = afiliados_jobs::queues::EMAILS_MAX_ATTEMPTS;
    for attempt in 1..cap {
        worker
            .report_email_delivery(cap_id, &failure(false))
            .await
            .unwrap();
        let now = outbox_row(&app, &admin, "cap@medipiel.co").await;
        assert_eq!(now["status"], "pending", "attempt {attempt}");
        assert!(now["nextAttemptAt"].is_string(), "attempt {attempt}");
    }
    worker
        .report_email_delivery(cap_id, &failure(false))
        .await
        .unwrap();
    let last = outbox_row(&app, &admin, "cap@medipiel.co").await;
    assert_eq!(last["status"], "failed");
    assert_eq!(last["attempts"], cap);
    assert_eq!(
        last["nextAttemptAt"],
        Value::Null,
        "no attempt is planned any more"
    );

    // A permanent failure is final at once.
    let perm_id: uuid::Uuid = outbox_row(&app, &admin, "perm@medipiel.co").await["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    worker
        .report_email_delivery(perm_id, &failure(true))
        .await
        .unwrap();
    let perm = outbox_row(&app, &admin, "perm@medipiel.co").await;
    assert_eq!(perm["status"], "failed");
    assert_eq!(perm["attempts"], 1);

    // An administrator's retry resets it and queues a new SendEmail job.
    let retry = app
        .post(
            &format!("/api/v1/notifications/emails/{perm_id}/retry"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(retry.status(), 202);
    let retried: Value = retry.json().await.unwrap();
    assert_eq!(retried["status"], "pending");
    assert_eq!(retried["attempts"], 0);
    assert_eq!(retried["maxAttempts"], cap);
}
