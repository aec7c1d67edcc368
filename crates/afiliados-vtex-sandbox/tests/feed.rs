//! The feed v3 queue over HTTP (vtex.md §7, §9.1): checkout and transitions append events that
//! carry the document's `lastChange`; a read hides its lot for the visibility timeout (the feed's
//! clock is advanced, never waited for); a commit removes only what it names; the configuration
//! filters states; faults and authentication apply as on every VTEX route; `/_sandbox/state`
//! shows the queue.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

use afiliados_vtex_sandbox::{
    DEV_APP_KEY, DEV_APP_TOKEN, FaultRule, RunningSandbox, SandboxConfig, spawn,
};
use reqwest::{Client, Method, RequestBuilder};
use serde_json::{Value, json};

async fn start() -> (RunningSandbox, Client) {
    (
        spawn(SandboxConfig::default()).await.unwrap(),
        Client::new(),
    )
}

fn vtex(client: &Client, sandbox: &RunningSandbox, method: Method, path: &str) -> RequestBuilder {
    client
        .request(method, format!("{}{path}", sandbox.base_url()))
        .header("X-VTEX-API-AppKey", DEV_APP_KEY)
        .header("X-VTEX-API-AppToken", DEV_APP_TOKEN)
}

async fn admin(client: &Client, sandbox: &RunningSandbox, path: &str, body: Value) -> Value {
    let response = client
        .post(format!("{}/_sandbox{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

async fn read(client: &Client, sandbox: &RunningSandbox, maxlot: u32) -> (u16, Value) {
    let response = vtex(
        client,
        sandbox,
        Method::GET,
        &format!("/api/orders/feed?maxlot={maxlot}"),
    )
    .send()
    .await
    .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn commit(client: &Client, sandbox: &RunningSandbox, handles: &[&str]) -> u16 {
    vtex(client, sandbox, Method::POST, "/api/orders/feed")
        .json(&json!({ "handles": handles }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn order_spec(id: &str) -> Value {
    json!({
        "orderId": id, "creationDate": "2026-03-02T14:05:10.987654Z",
        "customer": {"email": "laura.gomez@example.com", "document": "52876543"},
        "lines": [{"skuId": "2001", "name": "Cetaphil Limpiador", "brandId": "2000050",
                   "brandName": "Cetaphil", "categoriesIds": "/3/45/", "quantity": 1, "price": 6990000}],
        "shipping": 0
    })
}

fn handle(event: &Value) -> &str {
    event["handle"].as_str().unwrap()
}

#[tokio::test]
async fn checkout_and_transitions_queue_events_that_a_commit_removes() {
    let (sandbox, client) = start().await;
    admin(&client, &sandbox, "/orders", order_spec("1432120500001-01")).await;
    let moved = admin(
        &client,
        &sandbox,
        "/orders/1432120500001-01/transition",
        json!({"state": "payment-approved", "emitHook": false}),
    )
    .await;

    let (status, lot) = read(&client, &sandbox, 10).await;
    assert_eq!(status, 200);
    let lot = lot.as_array().unwrap().clone();
    assert_eq!(lot.len(), 2, "{lot:?}");
    assert_eq!(lot[0]["state"], "order-created");
    assert_eq!(lot[1]["state"], "payment-approved");
    assert_eq!(lot[1]["lastState"], "order-created");
    assert_eq!(lot[1]["orderId"], "1432120500001-01");
    assert_eq!(
        lot[1]["lastChange"], moved["order"]["lastChange"],
        "the event names the version a hook would name"
    );
    assert_eq!(lot[1]["origin"]["account"], "medipiel");
    assert_eq!(lot[1]["domain"], "Marketplace");

    let (_, hidden) = read(&client, &sandbox, 10).await;
    assert_eq!(hidden, json!([]), "a read lot is invisible");
    assert_eq!(commit(&client, &sandbox, &[handle(&lot[0])]).await, 204);

    // The uncommitted event comes back after the visibility timeout, with a new handle.
    admin(&client, &sandbox, "/feed/advance", json!({"seconds": 250})).await;
    let (_, again) = read(&client, &sandbox, 10).await;
    let again = again.as_array().unwrap().clone();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["eventId"], lot[1]["eventId"]);
    assert_ne!(again[0]["handle"], lot[1]["handle"]);
    assert_eq!(commit(&client, &sandbox, &[handle(&again[0])]).await, 204);
    sandbox.advance_feed_clock(std::time::Duration::from_secs(250));
    assert_eq!(read(&client, &sandbox, 10).await.1, json!([]));
    assert_eq!(sandbox.feed()["events"], json!([]));
}

#[tokio::test]
async fn maxlot_bounds_the_lot_and_is_validated() {
    let (sandbox, client) = start().await;
    for n in 0..3 {
        admin(
            &client,
            &sandbox,
            "/orders",
            order_spec(&format!("143212050001{n}-01")),
        )
        .await;
    }
    assert_eq!(read(&client, &sandbox, 0).await.0, 400);
    assert_eq!(read(&client, &sandbox, 11).await.0, 400);
    let (_, first) = read(&client, &sandbox, 2).await;
    assert_eq!(first.as_array().unwrap().len(), 2);
    let (_, rest) = read(&client, &sandbox, 2).await;
    assert_eq!(rest.as_array().unwrap().len(), 1);
    let unauthenticated = client
        .get(format!("{}/api/orders/feed", sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status().as_u16(), 401);
}

#[tokio::test]
async fn the_configuration_filters_states_and_sets_the_visibility_timeout() {
    let (sandbox, client) = start().await;
    let configured = vtex(&client, &sandbox, Method::POST, "/api/orders/feed/config")
        .json(&json!({
            "filter": {"type": "FromWorkflow", "status": ["payment-approved", "invoiced"]},
            "queue": {"visibilityTimeoutInSeconds": 30, "MessageRetentionPeriodInSeconds": 345600}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(configured.status().as_u16(), 200);
    admin(&client, &sandbox, "/orders", order_spec("1432120500020-01")).await;
    admin(
        &client,
        &sandbox,
        "/orders/1432120500020-01/transition",
        json!({"state": "payment-approved", "emitHook": false}),
    )
    .await;
    let (_, lot) = read(&client, &sandbox, 10).await;
    assert_eq!(
        lot.as_array().unwrap().len(),
        1,
        "order-created is filtered"
    );
    assert_eq!(lot[0]["state"], "payment-approved");
    sandbox.advance_feed_clock(std::time::Duration::from_secs(29));
    assert_eq!(read(&client, &sandbox, 10).await.1, json!([]));
    sandbox.advance_feed_clock(std::time::Duration::from_secs(1));
    assert_eq!(
        read(&client, &sandbox, 10)
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let state: Value = client
        .get(format!("{}/_sandbox/state", sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["feed"]["config"]["visibilityTimeoutInSeconds"], 30);
    assert_eq!(state["feed"]["events"][0]["reads"], 2);

    let refused = vtex(&client, &sandbox, Method::POST, "/api/orders/feed/config")
        .json(&json!({"filter": {"type": "FromWorkflow", "status": []}}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 400);
}

#[tokio::test]
async fn faults_apply_to_the_feed_routes() {
    let (sandbox, client) = start().await;
    admin(&client, &sandbox, "/orders", order_spec("1432120500030-01")).await;
    sandbox
        .add_fault(FaultRule::status(503).times(1).for_operation("feed_read"))
        .unwrap();
    assert_eq!(read(&client, &sandbox, 10).await.0, 503);
    let (status, lot) = read(&client, &sandbox, 10).await;
    assert_eq!(status, 200);
    assert_eq!(
        lot.as_array().unwrap().len(),
        1,
        "a faulted read hid nothing"
    );
    sandbox
        .add_fault(FaultRule::status(500).times(1).for_operation("feed_commit"))
        .unwrap();
    assert_eq!(commit(&client, &sandbox, &[handle(&lot[0])]).await, 500);
    assert_eq!(sandbox.feed()["events"].as_array().unwrap().len(), 1);
    assert_eq!(sandbox.requests_for("feed_commit").len(), 1);
}
