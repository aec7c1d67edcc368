//! Operational alerts (`domain.md` §5.17, ADR 0058) on a pinned clock: a condition keeps one open
//! alert (raised again → same alert, `raise_count` bumped), its group e-mail goes out once per
//! `ALERT_DEDUP_MINUTES`, reading the notification acknowledges it and a later raise opens a new
//! one; the evaluate endpoint per condition; the worker's own alerts; retention purges exactly
//! what is old.

use afiliados_domain::ManualClock;
use chrono::{DateTime, Duration, Utc};
use diesel::sql_types::{Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const OPERATIONS: &str = "operaciones@medipiel.co";

fn start() -> DateTime<Utc> {
    "2027-03-12T15:00:00Z".parse().unwrap()
}

async fn app_at(clock: &ManualClock) -> TestApp {
    spawn_app_at(clock, |settings| {
        settings.alert_recipients.operations = vec![OPERATIONS.to_owned()];
    })
    .await
}

async fn internal(app: &TestApp, method: Method, path: &str, body: Value) -> reqwest::Response {
    app.request(method, path)
        .bearer_auth(INTERNAL_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Evaluates with one late queue; returns the raised alerts.
async fn evaluate(app: &TestApp, queues: Value) -> Vec<Value> {
    let response = internal(
        app,
        Method::POST,
        "/internal/v1/alerts/evaluate",
        json!({ "queues": queues }),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["raised"].as_array().unwrap().clone()
}

fn late_emails_queue() -> Value {
    json!([{ "queue": "emails", "pending": 3, "oldestPendingSeconds": 3600, "failed": 0, "dead": 0 }])
}

fn of_type<'a>(raised: &'a [Value], alert_type: &str) -> Vec<&'a Value> {
    raised
        .iter()
        .filter(|a| a["alertType"] == alert_type)
        .collect()
}

/// The `delayed_job` alerts of the `emails` queue (the outbox check may raise its own).
fn late_queue(raised: &[Value]) -> Vec<&Value> {
    of_type(raised, "delayed_job")
        .into_iter()
        .filter(|a| a["details"]["queue"] == "emails")
        .collect()
}

/// `(raise_count, emailed, acknowledged)` of a stored alert.
async fn stored(app: &TestApp, id: &str) -> (i32, bool, bool) {
    let id: Uuid = id.parse().unwrap();
    let row = afiliados_db::alerts::latest(&mut *app.conn().await, app.state.tenant_id, 100)
        .await
        .unwrap()
        .into_iter()
        .find(|row| row.id == id)
        .unwrap();
    (row.raise_count, row.emailed, row.acknowledged_at.is_some())
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

/// `operational_alert` e-mails queued for a dedup key.
async fn mails(app: &TestApp, dedup_key: &str) -> i64 {
    diesel::sql_query(
        "SELECT count(*) AS count FROM email_outbox WHERE template = 'operational_alert' \
         AND payload->>'dedupKey' = $1 AND recipient::text = $2",
    )
    .bind::<Text, _>(dedup_key)
    .bind::<Text, _>(OPERATIONS)
    .get_result::<Count>(&mut *app.conn().await)
    .await
    .unwrap()
    .count
}

#[tokio::test]
async fn a_condition_keeps_one_open_alert_and_is_emailed_once_per_window() {
    let clock = ManualClock::new(start());
    let app = app_at(&clock).await;

    let raised = evaluate(&app, late_emails_queue()).await;
    let delayed = late_queue(&raised);
    assert_eq!(delayed.len(), 1, "{raised:?}");
    let id = delayed[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(delayed[0]["severity"], "warning");
    assert_eq!(delayed[0]["details"]["queue"], "emails");
    assert_eq!(stored(&app, &id).await, (1, true, false));
    assert_eq!(mails(&app, "queue:emails").await, 1);

    // Five minutes later the queue is still late: the same alert, no second e-mail.
    clock.advance(Duration::minutes(5));
    let raised = evaluate(&app, late_emails_queue()).await;
    assert_eq!(late_queue(&raised)[0]["id"], id.as_str());
    assert_eq!(stored(&app, &id).await, (2, true, false));
    assert_eq!(mails(&app, "queue:emails").await, 1);

    // 29 minutes after the e-mail: still inside the window.
    clock.advance(Duration::minutes(24));
    evaluate(&app, late_emails_queue()).await;
    assert_eq!(stored(&app, &id).await, (3, true, false));
    assert_eq!(mails(&app, "queue:emails").await, 1);

    // Past the window the still-open alert is e-mailed again.
    clock.advance(Duration::minutes(1));
    evaluate(&app, late_emails_queue()).await;
    assert_eq!(stored(&app, &id).await, (4, true, false));
    assert_eq!(mails(&app, "queue:emails").await, 2);

    // A queue on time raises nothing for it.
    let raised = evaluate(
        &app,
        json!([{ "queue": "emails", "pending": 1, "oldestPendingSeconds": 60, "failed": 0, "dead": 0 }]),
    )
    .await;
    assert!(late_queue(&raised).is_empty(), "{raised:?}");
}

#[tokio::test]
async fn reading_the_notification_acknowledges_and_a_new_raise_opens_a_new_alert() {
    let clock = ManualClock::new(start());
    let app = app_at(&clock).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, manager) = app.login_as("gestor_afiliados").await;

    let raised = evaluate(&app, late_emails_queue()).await;
    let id = late_queue(&raised)[0]["id"].as_str().unwrap().to_owned();

    // Both operators see it in the queue, filtered by type and severity.
    for token in [&admin, &manager] {
        let page: Value = app
            .get(
                "/api/v1/notifications/pending?alertType=delayed_job&severity=warning",
                token,
            )
            .await
            .json()
            .await
            .unwrap();
        let ids: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&id.as_str()), "{page}");
        assert!(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["alertType"] == "delayed_job")
        );
    }
    let critical: Value = app
        .get(
            "/api/v1/notifications/pending?alertType=delayed_job&severity=critical",
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(critical["items"], json!([]));
    let bad = app
        .get("/api/v1/notifications/pending?alertType=nope", &admin)
        .await;
    assert_eq!(bad.status(), 400);
    assert_eq!(bad.json::<Value>().await.unwrap()["error"], "invalid_query");

    // The manager reads its operational notification: the alert is acknowledged for everyone.
    let feed: Value = app
        .get("/api/v1/notifications", &manager)
        .await
        .json()
        .await
        .unwrap();
    let notification = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["operational"] == true && n["payload"]["alertId"] == id.as_str())
        .unwrap_or_else(|| panic!("no operational notification: {feed}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    clock.advance(Duration::minutes(2));
    let read = app
        .post(
            &format!("/api/v1/notifications/{notification}/read"),
            &manager,
            json!({}),
        )
        .await;
    assert_eq!(read.status(), 204);
    assert_eq!(stored(&app, &id).await, (1, true, true));
    assert_eq!(app.audit_actions("alert.acknowledged").await.len(), 1);
    let page: Value = app
        .get(
            "/api/v1/notifications/pending?alertType=delayed_job",
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["id"] != id.as_str()),
        "{page}"
    );
    // Reading it again changes nothing.
    app.post(
        &format!("/api/v1/notifications/{notification}/read"),
        &manager,
        json!({}),
    )
    .await;
    assert_eq!(app.audit_actions("alert.acknowledged").await.len(), 1);

    // The condition persists: a new alert, not e-mailed again inside the window.
    let raised = evaluate(&app, late_emails_queue()).await;
    let again = late_queue(&raised)[0]["id"].as_str().unwrap().to_owned();
    assert_ne!(again, id);
    assert_eq!(stored(&app, &again).await, (1, false, false));
    assert_eq!(mails(&app, "queue:emails").await, 1);
}

#[tokio::test]
async fn the_worker_reports_its_own_alerts_and_bad_ones_are_refused() {
    let clock = ManualClock::new(start());
    let app = app_at(&clock).await;
    let body = json!({
        "alertType": "job_failed", "severity": "critical", "dedupKey": "SendEmail",
        "message": "SendEmail llegó a su límite de intentos.", "details": { "attempts": 10 }
    });
    let first = internal(&app, Method::POST, "/internal/v1/alerts", body.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["alertType"], "job_failed");
    let second: Value = internal(&app, Method::POST, "/internal/v1/alerts", body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["id"], first["id"]);
    assert_eq!(stored(&app, first["id"].as_str().unwrap()).await.0, 2);
    assert_eq!(mails(&app, "SendEmail").await, 1);

    for (bad, field) in [
        (
            json!({ "alertType": "job_failed", "severity": "critical", "dedupKey": " ", "message": "m" }),
            "dedupKey",
        ),
        (
            json!({ "alertType": "job_failed", "severity": "critical", "dedupKey": "k", "message": "" }),
            "message",
        ),
        (
            json!({ "alertType": "job_failed", "severity": "critical", "dedupKey": "k", "message": "m", "details": [1] }),
            "details",
        ),
    ] {
        let response = internal(&app, Method::POST, "/internal/v1/alerts", bad).await;
        assert_eq!(response.status(), 422);
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["details"][0]["field"], field, "{error}");
    }
    let unknown = internal(
        &app,
        Method::POST,
        "/internal/v1/alerts",
        json!({ "alertType": "nope", "severity": "critical", "dedupKey": "k", "message": "m" }),
    )
    .await;
    assert_eq!(unknown.status(), 422);
    let (_, admin) = app.login_as("admin_dentsu").await;
    let as_user = app
        .post(
            "/internal/v1/alerts/evaluate",
            &admin,
            json!({ "queues": [] }),
        )
        .await;
    assert_eq!(as_user.status(), 401);
}

#[tokio::test]
async fn evaluate_raises_each_condition_under_its_key() {
    let clock = ManualClock::new(start());
    let app = app_at(&clock).await;

    // No backup at all, a dead job, an undelivered e-mail from long ago.
    let raised = evaluate(
        &app,
        json!([{ "queue": "coupons", "pending": 0, "failed": 1, "dead": 2 }]),
    )
    .await;
    let backup = of_type(&raised, "backup_failure");
    assert_eq!(backup.len(), 1, "{raised:?}");
    let failed = of_type(&raised, "job_failed");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["details"]["dead"], 2);
    assert!(of_type(&raised, "vtex_coupon_capacity").is_empty());

    // A fresh backup clears the backup condition; an old one does not.
    let insert = |created: DateTime<Utc>, key: &str| {
        diesel::sql_query(
            "INSERT INTO backup_snapshots (id, storage_key, created_at, size_bytes, sha256, \
             db_version, encryption_key_id, retention_tier, expires_at) \
             VALUES ($1, $2, $3, 10, repeat('a', 64), '17', 'k1', 'daily', $3 + interval '30 days')",
        )
        .bind::<SqlUuid, _>(Uuid::new_v4())
        .bind::<Text, _>(key.to_owned())
        .bind::<Timestamptz, _>(created)
    };
    insert(start() - Duration::minutes(31), "old")
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    let raised = evaluate(&app, json!([])).await;
    assert_eq!(of_type(&raised, "backup_failure").len(), 1);
    assert_eq!(of_type(&raised, "backup_failure")[0]["id"], backup[0]["id"]);
    insert(start() - Duration::minutes(10), "new")
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    let raised = evaluate(&app, json!([])).await;
    assert!(of_type(&raised, "backup_failure").is_empty(), "{raised:?}");

    // 21 authentication rejections within ten minutes; 20 do not.
    let reject = |n: i64, at: DateTime<Utc>| {
        diesel::sql_query(
            "INSERT INTO webhook_delivery_log (id, tenant_id, received_at, kind, verification, \
             verification_error, status, response_code, payload_sha256, payload_size) \
             SELECT gen_random_uuid(), $1, $2, 'hook', 'failed', 'bad signature', 'rejected', 401, \
             repeat('0', 64), 0 FROM generate_series(1, $3)",
        )
        .bind::<SqlUuid, _>(app.state.tenant_id)
        .bind::<Timestamptz, _>(at)
        .bind::<diesel::sql_types::BigInt, _>(n)
    };
    reject(20, start() - Duration::minutes(5))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    let raised = evaluate(&app, json!([])).await;
    assert!(of_type(&raised, "webhook_failure").is_empty(), "{raised:?}");
    reject(1, start() - Duration::minutes(1))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    let raised = evaluate(&app, json!([])).await;
    let webhook = of_type(&raised, "webhook_failure");
    assert_eq!(webhook.len(), 1);
    assert_eq!(webhook[0]["details"]["rejections"], 21);

    // A scheduled job whose slot passed 31 minutes ago.
    diesel::sql_query(
        "INSERT INTO scheduled_jobs (id, tenant_id, name, status, next_run_at) \
         VALUES (gen_random_uuid(), $1, 'alert_test_job', 'idle', $2)",
    )
    .bind::<SqlUuid, _>(app.state.tenant_id)
    .bind::<Timestamptz, _>(start() - Duration::minutes(31))
    .execute(&mut *app.conn().await)
    .await
    .unwrap();
    let raised = evaluate(&app, json!([])).await;
    assert!(
        of_type(&raised, "delayed_job")
            .iter()
            .any(|a| a["details"]["jobName"] == "alert_test_job"),
        "{raised:?}"
    );
}

#[tokio::test]
async fn retention_purges_exactly_what_is_old() {
    let clock = ManualClock::new(start());
    let app = app_at(&clock).await;
    let tenant = app.state.tenant_id;
    let delivery = |age_days: i64| {
        let id = Uuid::new_v4();
        (
            id,
            diesel::sql_query(
                "INSERT INTO webhook_delivery_log (id, tenant_id, received_at, kind, verification, \
                 status, response_code, payload_ciphertext, payload_sha256, payload_size) \
                 VALUES ($1, $2, $3, 'order_document', 'hmac', 'processed', 200, '\\x01'::bytea, \
                 repeat('0', 64), 1)",
            )
            .bind::<SqlUuid, _>(id)
            .bind::<SqlUuid, _>(tenant)
            .bind::<Timestamptz, _>(start() - Duration::days(age_days)),
        )
    };
    let (old, insert_old) = delivery(91);
    let (recent, insert_recent) = delivery(89);
    insert_old.execute(&mut *app.conn().await).await.unwrap();
    insert_recent.execute(&mut *app.conn().await).await.unwrap();
    let document = |deleted_days: i64| {
        let id = Uuid::new_v4();
        (
            id,
            diesel::sql_query(
                "INSERT INTO documents (id, tenant_id, owner_type, owner_id, kind, filename, \
                 content_type, size_bytes, sha256, storage_key, uploaded_by, deleted_at) \
                 VALUES ($1, $2, 'influencer', gen_random_uuid(), 'rut', 'rut.pdf', \
                 'application/pdf', 1, repeat('b', 64), $1::text, 'test', $3)",
            )
            .bind::<SqlUuid, _>(id)
            .bind::<SqlUuid, _>(tenant)
            .bind::<Timestamptz, _>(start() - Duration::days(deleted_days)),
        )
    };
    let (gone, insert_gone) = document(31);
    let (kept, insert_kept) = document(29);
    insert_gone.execute(&mut *app.conn().await).await.unwrap();
    insert_kept.execute(&mut *app.conn().await).await.unwrap();

    let body = json!({ "now": start() });
    let first: Value = internal(
        &app,
        Method::POST,
        "/internal/v1/retention/run",
        body.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(first, json!({ "payloadsPurged": 1, "documentsPurged": 1 }));
    let second: Value = internal(&app, Method::POST, "/internal/v1/retention/run", body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second, json!({ "payloadsPurged": 0, "documentsPurged": 0 }));

    #[derive(diesel::QueryableByName)]
    struct Purged {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        purged: bool,
    }
    let purged = |sql: &'static str, id: Uuid| diesel::sql_query(sql).bind::<SqlUuid, _>(id);
    let delivery_sql = "SELECT payload_purged_at IS NOT NULL AND payload_ciphertext IS NULL AS purged \
                        FROM webhook_delivery_log WHERE id = $1";
    let document_sql = "SELECT purged_at IS NOT NULL AS purged FROM documents WHERE id = $1";
    for (sql, id, expected) in [
        (delivery_sql, old, true),
        (delivery_sql, recent, false),
        (document_sql, gone, true),
        (document_sql, kept, false),
    ] {
        let row: Purged = purged(sql, id)
            .get_result(&mut *app.conn().await)
            .await
            .unwrap();
        assert_eq!(row.purged, expected, "{sql} {id}");
    }
}
