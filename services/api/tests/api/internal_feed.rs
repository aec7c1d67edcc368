//! `POST /internal/v1/feed/events` (`api.md` §21.2, `vtex.md` §7) against real PostgreSQL: feed
//! events become `feed_event` deliveries with an `IngestVtexOrder` job each, through the webhook's
//! own receive path — so an event a hook already delivered, or one read twice, is a duplicate —
//! all in one transaction; invalid hand-overs store nothing; a user token is refused.

use afiliados_domain::{DeliveryKind, DeliveryStatus, DeliveryVerification};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::webhooks::{accepted, deliveries, fixture, ingest_jobs};

const FEED: &str = "/internal/v1/feed/events";

/// A feed event naming the same version as fixture `hook-payment-approved.json`.
fn event(handle: &str, order: &str, state: &str, last_change: &str) -> Value {
    json!({
        "eventId": format!("E-{handle}"), "handle": handle, "orderId": order, "state": state,
        "lastState": "payment-pending", "lastChange": last_change,
        "currentChange": "2026-03-02T14:09:31.0000000Z", "domain": "Marketplace",
        "origin": {"account": "medipiel", "key": "vtexappkey-medipiel-KQZTRB"}
    })
}

async fn hand_over(app: &TestApp, events: Vec<Value>) -> (u16, Value) {
    let response = app
        .post(FEED, INTERNAL_TOKEN, json!({ "events": events }))
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn events_are_stored_once_and_a_hooked_version_is_a_duplicate() {
    let app = spawn_app().await;
    let hooked = accepted(&app, fixture("hook-payment-approved.json")).await;
    let (status, answer) = hand_over(
        &app,
        vec![
            event(
                "H1",
                "1432120512345-01",
                "payment-approved",
                "2026-03-02T14:09:30.4120000Z",
            ),
            event(
                "H2",
                "1432120598765-01",
                "invoiced",
                "2026-03-03T10:00:00.0000000Z",
            ),
            // The same event read twice in one hand-over.
            event(
                "H3",
                "1432120598765-01",
                "invoiced",
                "2026-03-03T10:00:00.0000000Z",
            ),
        ],
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer,
        json!({ "stored": ["H2"], "duplicates": ["H1", "H3"] })
    );

    let rows = deliveries(&app).await;
    assert_eq!(rows.len(), 4);
    let feed: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == DeliveryKind::FeedEvent)
        .collect();
    assert_eq!(feed.len(), 3);
    let of_hooked: Vec<_> = feed
        .iter()
        .filter(|r| r.vtex_order_id.as_deref() == Some("1432120512345-01"))
        .collect();
    assert_eq!(of_hooked.len(), 1);
    assert_eq!(of_hooked[0].status, DeliveryStatus::Duplicate);
    assert_eq!(
        of_hooked[0].duplicate_of,
        Some(hooked),
        "the hook holds the key"
    );
    let stored: Vec<_> = feed
        .iter()
        .filter(|r| r.status == DeliveryStatus::Received)
        .collect();
    assert_eq!(stored.len(), 1);
    let stored = stored[0];
    assert_eq!(stored.verification, DeliveryVerification::NotRequired);
    assert_eq!(
        stored.idempotency_key.as_deref(),
        Some("1432120598765-01|invoiced|2026-03-03T10:00:00.0000000Z")
    );
    assert_eq!(stored.vtex_last_state.as_deref(), Some("payment-pending"));
    assert_eq!(stored.origin_account.as_deref(), Some("medipiel"));
    let read_twice: Vec<_> = feed
        .iter()
        .filter(|r| r.duplicate_of == Some(stored.id))
        .collect();
    assert_eq!(read_twice.len(), 1, "the second read of the event");
    let payload = stored.payload.clone().unwrap().to_string();
    assert!(
        payload.contains("E-H2") && !payload.contains("\"H2\""),
        "{payload}"
    );

    // One job for the hook, one for the stored event.
    let jobs = ingest_jobs(&app).await;
    assert_eq!(
        jobs,
        vec![
            json!({ "deliveryId": hooked, "force": false }),
            json!({ "deliveryId": stored.id, "force": false }),
        ]
    );

    // Handing the same lot over again (a worker that died before committing) stores nothing.
    let (_, again) = hand_over(
        &app,
        vec![event(
            "H4",
            "1432120598765-01",
            "invoiced",
            "2026-03-03T10:00:00.0000000Z",
        )],
    )
    .await;
    assert_eq!(again, json!({ "stored": [], "duplicates": ["H4"] }));
    assert_eq!(ingest_jobs(&app).await.len(), 2);
}

#[tokio::test]
async fn an_invalid_hand_over_names_every_problem_and_stores_nothing() {
    let app = spawn_app().await;
    let mut bad = event("H2", "1432120598765-01", "invoiced", "yesterday");
    bad["handle"] = json!("");
    let (status, body) = hand_over(
        &app,
        vec![
            event(
                "H1",
                "1432120512345-01",
                "payment-approved",
                "2026-03-02T14:09:30.4120000Z",
            ),
            bad,
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["details"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        ["events[1].handle", "events[1].lastChange"],
        "{body}"
    );
    let too_many: Vec<Value> = (0..101)
        .map(|n| {
            event(
                &format!("H{n}"),
                "1432120512345-01",
                "invoiced",
                "2026-03-02T14:09:30.4120000Z",
            )
        })
        .collect();
    assert_eq!(hand_over(&app, too_many).await.0, 422);
    let (status, _) = hand_over(&app, vec![json!({"handle": "H1"})]).await;
    assert_eq!(
        status, 422,
        "a malformed event is a client mistake, not a 500"
    );
    assert!(deliveries(&app).await.is_empty(), "nothing was stored");
    assert!(ingest_jobs(&app).await.is_empty());

    let (_, admin) = app.login_as("admin_dentsu").await;
    let refused = app
        .post(FEED, &admin, json!({ "events": [] }))
        .await
        .status();
    assert_eq!(refused, 401);
}
