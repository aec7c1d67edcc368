//! The delivery log for staff (`api.md` §19, roles of `domain.md` §2.2): admin_dentsu and
//! finance list, read and reprocess; every other role is 403. Order documents are shown without
//! the customer's data; reprocessing follows §4.10 and is audited.

use afiliados_domain::{DeliveryStatus, ManualClock};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::webhooks::{WEBHOOK, accepted, delivery, fixture, ingest_jobs, post_raw};

const DELIVERIES: &str = "/api/v1/vtex/webhooks/deliveries";

async fn fail(app: &TestApp, id: Uuid) {
    let claim = app
        .post(
            &format!("/internal/v1/webhook-deliveries/{id}/claim"),
            INTERNAL_TOKEN,
            json!({ "force": false }),
        )
        .await;
    assert_eq!(claim.status(), 200);
    let result = app
        .post(
            &format!("/internal/v1/webhook-deliveries/{id}/result"),
            INTERNAL_TOKEN,
            json!({ "status": "failed", "error": "VTEX answered 500", "permanent": true }),
        )
        .await;
    assert_eq!(result.status(), 204);
}

#[tokio::test]
async fn only_admin_dentsu_and_finance_reach_the_delivery_log() {
    let app = spawn_app().await;
    let id = accepted(&app, fixture("hook-invoiced.json")).await;
    for role in ["influencer", "gestor_afiliados", "admin_marca", "auditor"] {
        let (_, token) = app.login_as(role).await;
        for path in [DELIVERIES.to_owned(), format!("{DELIVERIES}/{id}")] {
            let response = app.get(&path, &token).await;
            assert_eq!(response.status(), 403, "{role} GET {path}");
        }
        let reprocess = app
            .post(&format!("{DELIVERIES}/{id}/reprocess"), &token, json!({}))
            .await;
        assert_eq!(reprocess.status(), 403, "{role} reprocess");
    }
    for role in ["admin_dentsu", "finance"] {
        let (_, token) = app.login_as(role).await;
        let list = app.get(DELIVERIES, &token).await;
        assert_eq!(list.status(), 200, "{role}");
        let page: Value = list.json().await.unwrap();
        assert_eq!(page["total"], 1);
        assert_eq!(page["items"][0]["id"], json!(id));
        assert_eq!(
            page["items"][0]["payload"],
            Value::Null,
            "lists carry no payload"
        );
        let detail = app.get(&format!("{DELIVERIES}/{id}"), &token).await;
        assert_eq!(detail.status(), 200, "{role}");
    }
    assert_eq!(app.get(DELIVERIES, "").await.status(), 401);
}

#[tokio::test]
async fn the_list_filters_and_refuses_unknown_values() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let hook = accepted(&app, fixture("hook-invoiced.json")).await;
    let document = accepted(&app, fixture("oms-order-without-coupon.json")).await;
    let rejected = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-canceled.json"),
        &[],
    )
    .await;
    assert_eq!(rejected.status(), 401);
    let ids = async |query: &str| -> Vec<Value> {
        let page: Value = app
            .get(&format!("{DELIVERIES}?{query}"), &admin)
            .await
            .json()
            .await
            .unwrap();
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].clone())
            .collect()
    };
    assert_eq!(ids("kind=hook&status=received").await, vec![json!(hook)]);
    assert_eq!(ids("kind=order_document").await, vec![json!(document)]);
    let failed = ids("verification=failed").await;
    assert_eq!(failed.len(), 1);
    assert_eq!(ids("vtexOrderId=1432120598765-01").await.len(), 2);
    assert_eq!(ids("status=received,rejected").await.len(), 3);
    let invalid = app.get(&format!("{DELIVERIES}?status=lost"), &admin).await;
    assert_eq!(invalid.status(), 422);
    let body: Value = invalid.json().await.unwrap();
    assert_eq!(body["details"][0]["field"], "status");
    assert_eq!(body["details"][0]["code"], "invalid_enum");
}

#[tokio::test]
async fn the_detail_shows_an_order_document_without_the_customer() {
    let app = spawn_app().await;
    let (_, finance) = app.login_as("finance").await;
    let id = accepted(&app, fixture("oms-order-with-coupon.json")).await;
    let response = app.get(&format!("{DELIVERIES}/{id}"), &finance).await;
    assert_eq!(response.status(), 200);
    let shown: Value = response.json().await.unwrap();
    assert_eq!(shown["kind"], "order_document");
    assert_eq!(shown["payload"]["orderId"], "1432120512345-01");
    assert_eq!(shown["payload"]["value"], 39_997_570);
    let text = shown.to_string();
    for personal in [
        "laura.gomez@example.com",
        "52876543",
        "+573104567890",
        "Calle 93",
    ] {
        assert!(!text.contains(personal), "{personal} is shown");
    }
    assert_eq!(
        app.get(&format!("{DELIVERIES}/{}", Uuid::now_v7()), &finance)
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn reprocessing_one_delivery_follows_the_state_machine_and_is_audited() {
    let clock = ManualClock::new("2026-03-02T15:00:00Z".parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let reprocess = async |id: Uuid| {
        let response = app
            .post(&format!("{DELIVERIES}/{id}/reprocess"), &admin, json!({}))
            .await;
        let status = response.status().as_u16();
        (status, response.json::<Value>().await.unwrap())
    };
    let failed = accepted(&app, fixture("hook-invoiced.json")).await;
    fail(&app, failed).await;
    let (status, body) = reprocess(failed).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "received");
    assert_eq!(
        delivery(&app, failed).await.status,
        DeliveryStatus::Received
    );
    assert!(
        ingest_jobs(&app)
            .await
            .contains(&json!({ "deliveryId": failed, "force": true }))
    );
    assert_eq!(app.audit_actions("webhook.reprocessed").await.len(), 1);

    // Just received: in progress, not yet stuck; stuck after ten minutes.
    let fresh = accepted(&app, fixture("hook-order-created.json")).await;
    let (status, body) = reprocess(fresh).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("delivery_not_reprocessable"))
    );
    clock.advance(chrono::Duration::minutes(11));
    assert_eq!(reprocess(fresh).await.0, 202);

    // Never enqueued: a rejection.
    let rejected = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-canceled.json"),
        &[],
    )
    .await;
    assert_eq!(rejected.status(), 401);
    let rejected_id = crate::webhooks::deliveries(&app)
        .await
        .into_iter()
        .find(|row| row.status == DeliveryStatus::Rejected)
        .unwrap()
        .id;
    let (status, body) = reprocess(rejected_id).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("delivery_not_reprocessable"))
    );
    assert_eq!(reprocess(Uuid::now_v7()).await.0, 404);
    assert_eq!(app.audit_actions("webhook.reprocessed").await.len(), 2);
}

#[tokio::test]
async fn reprocessing_a_range_enqueues_its_failed_deliveries() {
    let clock = ManualClock::new("2026-03-02T15:00:00Z".parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, finance) = app.login_as("finance").await;
    let first = accepted(&app, fixture("hook-invoiced.json")).await;
    let second = accepted(&app, fixture("hook-canceled.json")).await;
    let untouched = accepted(&app, fixture("hook-order-created.json")).await;
    fail(&app, first).await;
    fail(&app, second).await;
    let range = async |body: Value| {
        app.post(&format!("{DELIVERIES}/reprocess"), &finance, body)
            .await
    };
    for (body, field) in [
        (json!({ "to": "2026-03-03T00:00:00Z" }), "from"),
        (
            json!({ "from": "2026-03-01T00:00:00Z", "to": "2026-04-05T00:00:00Z" }),
            "to",
        ),
        (
            json!({ "from": "2026-03-03T00:00:00Z", "to": "2026-03-01T00:00:00Z" }),
            "to",
        ),
        (
            json!({ "from": "2026-03-01T00:00:00Z", "to": "2026-03-03T00:00:00Z", "limit": 0 }),
            "limit",
        ),
        (
            json!({ "status": "rejected", "from": "2026-03-01T00:00:00Z", "to": "2026-03-03T00:00:00Z" }),
            "status",
        ),
    ] {
        let response = range(body.clone()).await;
        assert_eq!(response.status(), 422, "{body}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["details"][0]["field"], field, "{body}: {answer}");
    }
    let response =
        range(json!({ "from": "2026-03-02T00:00:00Z", "to": "2026-03-03T00:00:00Z" })).await;
    assert_eq!(response.status(), 202);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "enqueued": 2 })
    );
    assert_eq!(delivery(&app, first).await.status, DeliveryStatus::Received);
    assert_eq!(
        delivery(&app, second).await.status,
        DeliveryStatus::Received
    );
    assert_eq!(delivery(&app, untouched).await.attempts, 0);
    let forced: Vec<Value> = ingest_jobs(&app)
        .await
        .into_iter()
        .filter(|job| job["force"] == true)
        .collect();
    assert_eq!(forced.len(), 2);
    assert_eq!(app.audit_actions("webhook.reprocessed").await.len(), 2);
}
