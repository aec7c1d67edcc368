//! The e-mail delivery use cases (`usecases::emails::delivery`, `usecases::notifications::retry`)
//! on a pinned clock: the worker's lease runs on the api's injected clock, the administrator's
//! retry is due at that clock's now, and every refusal keeps its HTTP answer (404, 409, 410, 422,
//! 403).

use afiliados_domain::{Clock, ManualClock};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// Monday 2026-03-02, 10:00 in Bogota: far from the machine's date, so a rule that read the wall
/// clock instead of the injected one would answer differently.
const PINNED: &str = "2026-03-02T15:00:00Z";

/// The outbox id of the invitation sent to `address`.
async fn invitation(app: &TestApp, admin: &str, address: &str) -> Uuid {
    let created = app.post("/api/v1/users", admin, json!({ "email": address, "firstName": "Ana", "lastName": "Lease", "roles": ["finance"] })).await;
    assert_eq!(created.status(), 201);
    let page: Value = app
        .get(
            &format!("/api/v1/notifications/emails?recipient={address}"),
            admin,
        )
        .await
        .json()
        .await
        .unwrap();
    page["items"][0]["id"].as_str().unwrap().parse().unwrap()
}

/// `POST /internal/v1/emails/{id}/claim` as the worker: status and body.
async fn claim(app: &TestApp, id: Uuid, lease_seconds: u32) -> (u16, Value) {
    let response = app
        .post(
            &format!("/internal/v1/emails/{id}/claim"),
            INTERNAL_TOKEN,
            json!({ "leaseSeconds": lease_seconds }),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `POST /internal/v1/emails/{id}/delivery` as the worker: the status.
async fn report(app: &TestApp, id: Uuid, body: Value) -> u16 {
    app.post(
        &format!("/internal/v1/emails/{id}/delivery"),
        INTERNAL_TOKEN,
        body,
    )
    .await
    .status()
    .as_u16()
}

/// `GET /internal/v1/emails/{id}` as the worker: the status.
async fn read(app: &TestApp, id: Uuid) -> u16 {
    app.get(&format!("/internal/v1/emails/{id}"), INTERNAL_TOKEN)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_lease_runs_on_the_injected_clock_and_refusals_keep_their_answers() {
    let clock = ManualClock::new(PINNED.parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let id = invitation(&app, &admin, "lease@medipiel.co").await;

    // Unknown e-mails are 404 on every step.
    let unknown = Uuid::new_v4();
    assert_eq!(read(&app, unknown).await, 404);
    let (status, body) = claim(&app, unknown, 60).await;
    assert_eq!((status, &body["error"]), (404, &json!("not_found")));
    assert_eq!(
        report(&app, unknown, json!({ "delivered": true })).await,
        404
    );

    // A lease outside 30–600 s is refused before anything is read.
    for lease in [29, 601] {
        let (status, body) = claim(&app, id, lease).await;
        assert_eq!(status, 422, "{lease}: {body}");
        assert_eq!(body["details"][0]["field"], "leaseSeconds");
        assert_eq!(body["details"][0]["code"], "out_of_range");
    }

    // The lease ends on the api's clock: held through its last second, free at its end.
    let (status, claimed) = claim(&app, id, 60).await;
    assert_eq!(status, 200, "{claimed}");
    assert_eq!(claimed["status"], "sending");
    clock.advance(Duration::seconds(59));
    let (status, body) = claim(&app, id, 60).await;
    assert_eq!((status, &body["error"]), (409, &json!("conflict")));
    clock.advance(Duration::seconds(1));
    let (status, body) = claim(&app, id, 60).await;
    assert_eq!(
        status, 200,
        "the first lease ended on the pinned clock: {body}"
    );

    // Sent: gone for the worker, a repeated report changes nothing.
    let sent = json!({ "delivered": true, "messageId": "<lease@marketing-afiliados>" });
    assert_eq!(report(&app, id, sent.clone()).await, 204);
    assert_eq!(report(&app, id, sent).await, 204);
    assert_eq!(read(&app, id).await, 410);
    let (status, body) = claim(&app, id, 60).await;
    assert_eq!((status, &body["error"]), (410, &json!("gone")));
}

#[tokio::test]
async fn an_administrators_retry_is_due_at_the_injected_now_and_admin_dentsu_only() {
    let clock = ManualClock::new(PINNED.parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, auditor) = app.login_as("auditor").await;
    let id = invitation(&app, &admin, "retry@medipiel.co").await;
    let failed = json!({ "delivered": false, "error": "550 no such user", "permanent": true });
    assert_eq!(report(&app, id, failed).await, 204);
    let retry_path = format!("/api/v1/notifications/emails/{id}/retry");

    assert_eq!(
        app.post(&retry_path, &auditor, json!({})).await.status(),
        403
    );
    let unknown = format!("/api/v1/notifications/emails/{}/retry", Uuid::new_v4());
    assert_eq!(app.post(&unknown, &admin, json!({})).await.status(), 404);

    clock.advance(Duration::minutes(5));
    let retry = app.post(&retry_path, &admin, json!({})).await;
    assert_eq!(retry.status(), 202);
    let retried: Value = retry.json().await.unwrap();
    assert_eq!(retried["status"], "pending");
    assert_eq!(retried["attempts"], 0);
    let due: DateTime<Utc> = retried["nextAttemptAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(due, clock.now(), "due at the api's now, not the database's");
    assert_eq!(app.audit_actions("email.retried").await.len(), 1);
}
