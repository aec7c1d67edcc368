//! The worker's side of a delivery (`api.md` §21.2): read (the order document decrypted, 410
//! once purged), claim, report, order not found, and the ingest call marking its delivery
//! `processed` in its own transaction.

use afiliados_domain::DeliveryStatus;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::webhooks::{accepted, delivery, fixture, post_raw};

fn delivery_path(id: Uuid, action: &str) -> String {
    format!("/internal/v1/webhook-deliveries/{id}{action}")
}

async fn claim(app: &TestApp, id: Uuid, force: bool) -> (u16, Value) {
    let response = app
        .post(
            &delivery_path(id, "/claim"),
            INTERNAL_TOKEN,
            json!({ "force": force }),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The attempt a claim answered (the rest of its body is checked where it matters).
async fn claimed_attempt(app: &TestApp, id: Uuid, force: bool) -> (u16, Value) {
    let (status, body) = claim(app, id, force).await;
    (status, body["attempt"].clone())
}

async fn report(app: &TestApp, id: Uuid, result: Value) -> (u16, Value) {
    let response = app
        .post(&delivery_path(id, "/result"), INTERNAL_TOKEN, result)
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_worker_reads_a_hook_with_its_verbatim_last_change() {
    let app = spawn_app().await;
    let id = accepted(&app, fixture("hook-payment-approved.json")).await;
    let response = app.get(&delivery_path(id, ""), INTERNAL_TOKEN).await;
    assert_eq!(response.status(), 200);
    let read: Value = response.json().await.unwrap();
    assert_eq!(
        read,
        json!({
            "id": id,
            "kind": "hook",
            "vtexOrderId": "1432120512345-01",
            "state": "payment-approved",
            "lastState": "payment-pending",
            "lastChange": "2026-03-02T14:09:30.4120000Z",
            "status": "received",
            "attempts": 0,
            "payload": null
        })
    );
    // The claim answers the same delivery, now processing: the worker needs no read first.
    let (status, claimed) = claim(&app, id, false).await;
    assert_eq!(status, 200);
    let mut processing = read.clone();
    processing["status"] = json!("processing");
    processing["attempts"] = json!(1);
    assert_eq!(claimed, json!({ "attempt": 1, "delivery": processing }));
    // A user token never reaches the internal api.
    let (_, admin) = app.login_as("admin_dentsu").await;
    assert_eq!(app.get(&delivery_path(id, ""), &admin).await.status(), 401);
    assert_eq!(
        app.get(&delivery_path(Uuid::now_v7(), ""), INTERNAL_TOKEN)
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn the_worker_reads_an_order_document_decrypted_until_it_is_purged() {
    let app = spawn_app().await;
    let body = fixture("oms-order-with-coupon.json");
    let original: Value = serde_json::from_slice(&body).unwrap();
    let id = accepted(&app, body).await;
    let read: Value = app
        .get(&delivery_path(id, ""), INTERNAL_TOKEN)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["kind"], "order_document");
    assert_eq!(read["payload"], original, "the whole document, decrypted");
    let (status, claimed) = claim(&app, id, false).await;
    assert_eq!(status, 200);
    assert_eq!(
        claimed["delivery"]["payload"], original,
        "the claim carries it too"
    );
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "UPDATE webhook_delivery_log SET payload_ciphertext = NULL, payload_purged_at = now() \
         WHERE id = '{id}'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let gone = app.get(&delivery_path(id, ""), INTERNAL_TOKEN).await;
    assert_eq!(gone.status(), 410);
    assert_eq!(gone.json::<Value>().await.unwrap()["error"], "gone");
    // Nor can it be claimed again: there is nothing left to ingest, and nothing changes.
    let (status, body) = claim(&app, id, true).await;
    assert_eq!((status, body["error"].as_str()), (410, Some("gone")));
    assert_eq!(delivery(&app, id).await.attempts, 1);
}

#[tokio::test]
async fn claim_and_result_follow_the_delivery_state_machine() {
    let app = spawn_app().await;
    let id = accepted(&app, fixture("hook-invoiced.json")).await;
    // A result for a delivery nobody claimed is a conflict.
    let (status, body) = report(
        &app,
        id,
        json!({ "status": "processed", "permanent": false }),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("invalid_transition"))
    );

    assert_eq!(claimed_attempt(&app, id, false).await, (200, json!(1)));
    assert_eq!(delivery(&app, id).await.status, DeliveryStatus::Processing);
    // A transient failure, then the retry's claim.
    let failed = json!({ "status": "failed", "error": "VTEX answered 503", "permanent": false });
    assert_eq!(report(&app, id, failed.clone()).await.0, 204);
    let row = delivery(&app, id).await;
    assert_eq!(row.status, DeliveryStatus::Failed);
    assert_eq!(row.error.as_deref(), Some("VTEX answered 503"));
    assert_eq!(
        report(&app, id, failed).await.0,
        204,
        "a repeated report changes nothing"
    );
    assert_eq!(claimed_attempt(&app, id, false).await, (200, json!(2)));
    let processed = json!({ "status": "processed", "permanent": false });
    assert_eq!(report(&app, id, processed.clone()).await.0, 204);
    let row = delivery(&app, id).await;
    assert_eq!(row.status, DeliveryStatus::Processed);
    assert_eq!(row.attempts, 2);
    assert!(row.processed_at.is_some());
    assert!(row.last_attempt_at.is_some());
    assert_eq!(report(&app, id, processed).await.0, 204, "idempotent");
    // Processed: only a forced claim (staff reprocess) takes it again.
    let (status, body) = claim(&app, id, false).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("delivery_not_reprocessable"))
    );
    assert_eq!(claimed_attempt(&app, id, true).await, (200, json!(3)));
    // A permanent failure ends it.
    let permanent =
        json!({ "status": "failed", "error": "document breaks its schema", "permanent": true });
    assert_eq!(report(&app, id, permanent).await.0, 204);
    assert_eq!(delivery(&app, id).await.status, DeliveryStatus::Failed);
    assert_eq!(claim(&app, Uuid::now_v7(), false).await.0, 404);
}

#[tokio::test]
async fn deliveries_that_were_never_enqueued_cannot_be_claimed() {
    let app = spawn_app().await;
    let rejected = post_raw(
        &app,
        crate::webhooks::WEBHOOK,
        &app.client_ip,
        fixture("hook-invoiced.json"),
        &[],
    )
    .await;
    assert_eq!(rejected.status(), 401);
    let ping = post_raw(
        &app,
        crate::webhooks::WEBHOOK,
        &app.client_ip,
        fixture("hook-ping.json"),
        &[],
    )
    .await;
    assert_eq!(ping.status(), 200);
    let first = accepted(&app, fixture("hook-canceled.json")).await;
    let duplicate = crate::webhooks::post_signed(&app, fixture("hook-canceled.json")).await;
    assert_eq!(duplicate.status(), 200);
    let rows = crate::webhooks::deliveries(&app).await;
    for row in rows.iter().filter(|row| row.id != first) {
        let (status, body) = claim(&app, row.id, true).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (409, Some("delivery_not_reprocessable")),
            "{:?}",
            row.status
        );
    }
}

#[tokio::test]
async fn an_order_vtex_does_not_know_fails_its_delivery_for_good() {
    let app = spawn_app().await;
    let id = accepted(&app, fixture("hook-order-created.json")).await;
    assert_eq!(claim(&app, id, false).await.0, 200);
    let report = json!({ "vtexOrderId": "1432120512345-01", "source": "hook", "deliveryId": id });
    let response = app
        .post(
            "/internal/v1/orders/not-found",
            INTERNAL_TOKEN,
            report.clone(),
        )
        .await;
    assert_eq!(response.status(), 204);
    let row = delivery(&app, id).await;
    assert_eq!(row.status, DeliveryStatus::Failed);
    assert_eq!(row.error.as_deref(), Some("VTEX answered 404"));
    let again = app
        .post("/internal/v1/orders/not-found", INTERNAL_TOKEN, report)
        .await;
    assert_eq!(again.status(), 204, "idempotent");
}

#[tokio::test]
async fn ingesting_with_a_delivery_marks_it_processed_in_the_same_transaction() {
    let app = spawn_app().await;
    let id = accepted(&app, fixture("oms-order-with-coupon.json")).await;
    assert_eq!(claim(&app, id, false).await.0, 200);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/vtex/oms-order-with-coupon.expected.json"
    );
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let order = expected["normalizedOrder"].clone();
    let unknown = app
        .post(
            "/internal/v1/orders/ingest",
            INTERNAL_TOKEN,
            json!({ "source": "push", "deliveryId": Uuid::now_v7(), "force": false, "order": order }),
        )
        .await;
    assert_eq!(unknown.status(), 422, "an unknown delivery is refused");
    let response = app
        .post(
            "/internal/v1/orders/ingest",
            INTERNAL_TOKEN,
            json!({ "source": "push", "deliveryId": id, "force": false, "order": order }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let ingested: Value = response.json().await.unwrap();
    let row = delivery(&app, id).await;
    assert_eq!(row.status, DeliveryStatus::Processed);
    assert_eq!(
        row.order_id.map(|id| id.to_string()),
        ingested["orderId"].as_str().map(str::to_owned)
    );
    // The worker's own report afterwards finds it done and changes nothing.
    assert_eq!(
        report(
            &app,
            id,
            json!({ "status": "processed", "permanent": false })
        )
        .await
        .0,
        204
    );
}

/// `name_count` and `name_sum` of an unlabelled histogram in a Prometheus scrape.
fn histogram_totals(scrape: &str, name: &str) -> (f64, f64) {
    let value = |suffix: &str| {
        scrape
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}_{suffix} ")))
            .map_or(0.0, |number| number.trim().parse().unwrap())
    };
    (value("count"), value("sum"))
}

async fn scrape(app: &TestApp) -> String {
    app.request(reqwest::Method::GET, "/api/v1/metrics")
        .header("x-metrics-key", METRICS_KEY)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn ingesting_a_delivery_observes_its_lag_since_receipt_once() {
    const LAG: &str = "marketing_afiliados_order_ingest_lag_seconds";
    let clock = afiliados_domain::ManualClock::new("2026-03-03T16:21:00Z".parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;
    let id = accepted(&app, fixture("oms-order-with-coupon.json")).await;
    // Each test runs in its own process, so the global recorder holds this test's values only.
    let (count, sum) = histogram_totals(&scrape(&app).await, LAG);
    assert_eq!(count, 0.0);
    // The worker gets to it 90 s after it arrived.
    clock.advance(chrono::Duration::seconds(90));
    assert_eq!(claim(&app, id, false).await.0, 200);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/vtex/oms-order-with-coupon.expected.json"
    );
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let body = json!({ "source": "push", "deliveryId": id, "force": false, "order": expected["normalizedOrder"] });
    let response = app
        .post("/internal/v1/orders/ingest", INTERNAL_TOKEN, body.clone())
        .await;
    assert_eq!(response.status(), 200);
    let text = scrape(&app).await;
    assert_eq!(
        histogram_totals(&text, LAG),
        (count + 1.0, sum + 90.0),
        "{text}"
    );
    // 90 s falls in every bucket from the first bound ≥ 90 on, and in none below it.
    let buckets: Vec<(f64, f64)> = text
        .lines()
        .filter_map(|line| line.strip_prefix(&format!("{LAG}_bucket{{le=\"")))
        .filter_map(|rest| {
            let (bound, count) = rest.split_once("\"} ")?;
            Some((bound.parse().ok()?, count.trim().parse().ok()?))
        })
        .collect();
    assert!(buckets.len() > 5, "{text}");
    for (bound, count) in buckets {
        assert_eq!(count, if bound >= 90.0 { 1.0 } else { 0.0 }, "le={bound}");
    }
    // Ingesting the same version again (a forced re-apply) does not count the delivery twice.
    let mut again = body;
    again["force"] = json!(true);
    let response = app
        .post("/internal/v1/orders/ingest", INTERNAL_TOKEN, again)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        histogram_totals(&scrape(&app).await, LAG),
        (count + 1.0, sum + 90.0)
    );
}
