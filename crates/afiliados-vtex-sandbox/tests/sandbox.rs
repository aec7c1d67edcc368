//! The sandbox over HTTP: VTEX routes, authentication, fault injection and the admin API.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on unexpected errors"
)]

use afiliados_vtex_sandbox::{
    DEV_APP_KEY, DEV_APP_TOKEN, RunningSandbox, SandboxConfig, SandboxCredential, spawn,
};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

fn fixtures_dir() -> std::path::PathBuf {
    SandboxConfig::default()
        .resolve_fixtures_dir()
        .expect("the repository's VTEX fixtures")
}

async fn start(config: SandboxConfig) -> (RunningSandbox, Client) {
    (spawn(config).await.unwrap(), Client::new())
}

fn vtex(client: &Client, sandbox: &RunningSandbox, method: Method, path: &str) -> RequestBuilder {
    client
        .request(method, format!("{}{path}", sandbox.base_url()))
        .header("X-VTEX-API-AppKey", DEV_APP_KEY)
        .header("X-VTEX-API-AppToken", DEV_APP_TOKEN)
}

fn admin(client: &Client, sandbox: &RunningSandbox, method: Method, path: &str) -> RequestBuilder {
    client.request(method, format!("{}/_sandbox{path}", sandbox.base_url()))
}

#[tokio::test]
async fn coupon_create_read_archive_read() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let coupon = json!({
        "couponCode": "CETAPHIL-ISABELA7KQ2", "utmSource": "afiliados",
        "utmCampaign": "cetaphil-lanzamiento-10", "isArchived": false,
        "maxItemsPerClient": 0, "expirationIntervalPerUse": "00:00:00", "maxUsage": 0
    });
    let created = vtex(&client, &sandbox, Method::POST, "/api/rnb/pvt/coupon")
        .header(
            "X-Idempotency-Key",
            "afiliados:coupon:CETAPHIL-ISABELA7KQ2:1:upsert",
        )
        .json(&coupon)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::OK);

    let read: Value = vtex(
        &client,
        &sandbox,
        Method::GET,
        "/api/rnb/pvt/coupon/cetaphil-isabela7kq2",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(read["couponCode"], "CETAPHIL-ISABELA7KQ2");
    assert_eq!(read["utmCampaign"], "cetaphil-lanzamiento-10");
    assert_eq!(read["isArchived"], false);

    let archived = vtex(
        &client,
        &sandbox,
        Method::POST,
        "/api/rnb/pvt/archive/coupon/CETAPHIL-ISABELA7KQ2",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(archived.status(), StatusCode::OK);

    let plain = vtex(
        &client,
        &sandbox,
        Method::GET,
        "/api/rnb/pvt/coupon/CETAPHIL-ISABELA7KQ2",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        plain.status(),
        StatusCode::NOT_FOUND,
        "archived coupons are invisible"
    );
    let from_archive: Value = vtex(
        &client,
        &sandbox,
        Method::GET,
        "/api/rnb/pvt/archive/coupon/CETAPHIL-ISABELA7KQ2",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(from_archive["isArchived"], true);

    let state: Value = admin(&client, &sandbox, Method::GET, "/state")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["coupons"][0]["couponCode"], "CETAPHIL-ISABELA7KQ2");
    assert_eq!(state["coupons"][0]["isArchived"], true);

    let log: Vec<Value> = admin(
        &client,
        &sandbox,
        Method::GET,
        "/requests?operation=coupon_upsert",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0]["idempotencyKey"],
        "afiliados:coupon:CETAPHIL-ISABELA7KQ2:1:upsert"
    );
    assert!(
        log[0]["headers"].get("x-vtex-api-apptoken").is_none(),
        "tokens are never journaled"
    );
}

#[tokio::test]
async fn a_status_fault_fails_exactly_n_requests_then_recovers() {
    let (sandbox, client) = start(SandboxConfig::default().with_fixtures(fixtures_dir())).await;
    let added = admin(&client, &sandbox, Method::POST, "/faults")
        .json(&json!({"match": {"operation": "get_order"}, "fault": {"kind": "status", "status": 503}, "times": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);

    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = vtex(
            &client,
            &sandbox,
            Method::GET,
            "/api/oms/pvt/orders/1432120512345-01",
        )
        .send()
        .await
        .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, vec![503, 503, 503, 200, 200]);
    let journal: Vec<Option<u16>> = sandbox.requests().iter().map(|r| r.status).collect();
    assert_eq!(
        journal,
        vec![Some(503), Some(503), Some(503), Some(200), Some(200)]
    );
    let faults: Vec<Value> = admin(&client, &sandbox, Method::GET, "/faults")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(faults.is_empty(), "a used-up rule disappears");
}

#[tokio::test]
async fn rate_limiting_carries_retry_after() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    admin(&client, &sandbox, Method::POST, "/faults")
        .json(&json!({"fault": {"kind": "status", "status": 429, "retryAfter": 7}, "times": 1}))
        .send()
        .await
        .unwrap();
    let limited = vtex(&client, &sandbox, Method::GET, "/api/rnb/pvt/coupon/X")
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "7");
    let after = vtex(&client, &sandbox, Method::GET, "/api/rnb/pvt/coupon/X")
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_order_fixture_is_served_byte_for_byte() {
    let dir = fixtures_dir();
    let (sandbox, client) = start(SandboxConfig::default().with_fixtures(&dir)).await;
    for (id, file) in [
        ("1432120512345-01", "oms-order-with-coupon.json"),
        ("1432120598765-01", "oms-order-without-coupon.json"),
    ] {
        let response = vtex(
            &client,
            &sandbox,
            Method::GET,
            &format!("/api/oms/pvt/orders/{id}"),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let served = response.bytes().await.unwrap();
        let expected = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(served.as_ref(), expected.as_slice(), "{file}");
    }
    let missing = vtex(&client, &sandbox, Method::GET, "/api/oms/pvt/orders/0-01")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

fn order(id: &str, created: &str) -> Value {
    json!({
        "orderId": id, "status": "invoiced", "value": 1000, "creationDate": created,
        "lastChange": created, "storePreferencesData": {"currencyCode": "COP"},
        "items": [{"id": "1", "quantity": 1}]
    })
}

async fn list(client: &Client, sandbox: &RunningSandbox, query: &str) -> (StatusCode, Value) {
    let response = vtex(
        client,
        sandbox,
        Method::GET,
        &format!("/api/oms/pvt/orders?{query}"),
    )
    .send()
    .await
    .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

fn ids(page: &Value) -> Vec<String> {
    page["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orderId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_order_list_pages_filters_and_caps() {
    let (sandbox, client) = start(SandboxConfig {
        max_pages: 3,
        ..SandboxConfig::default()
    })
    .await;
    for (id, created) in [
        ("1000000000001-01", "2026-03-02T05:00:00.0000000+00:00"),
        ("1000000000002-01", "2026-03-02T10:00:00.0000000+00:00"),
        ("1000000000003-01", "2026-03-02T12:00:00.0000000+00:00"),
        ("1000000000004-01", "2026-03-03T04:59:59.9990000+00:00"),
        ("1000000000005-01", "2026-03-03T05:00:00.0000000+00:00"),
    ] {
        let stored = admin(&client, &sandbox, Method::PUT, &format!("/orders/{id}"))
            .json(&order(id, created))
            .send()
            .await
            .unwrap();
        assert_eq!(stored.status(), StatusCode::OK);
    }
    let range = "f_creationDate=creationDate%3A%5B2026-03-02T05%3A00%3A00.000Z%20TO%202026-03-03T04%3A59%3A59.999Z%5D";

    let (status, page1) = list(
        &client,
        &sandbox,
        &format!("{range}&page=1&per_page=3&orderBy=creationDate,asc"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page1["paging"],
        json!({"total": 4, "pages": 2, "currentPage": 1, "perPage": 3})
    );
    assert_eq!(
        ids(&page1),
        vec!["1000000000001-01", "1000000000002-01", "1000000000003-01"]
    );
    let (_, page2) = list(
        &client,
        &sandbox,
        &format!("{range}&page=2&per_page=3&orderBy=creationDate,asc"),
    )
    .await;
    assert_eq!(
        ids(&page2),
        vec!["1000000000004-01"],
        "bounds are inclusive"
    );
    assert_eq!(page2["list"][0]["totalValue"], 1000);
    assert_eq!(page2["list"][0]["currencyCode"], "COP");

    let (_, desc) = list(
        &client,
        &sandbox,
        &format!("{range}&page=1&per_page=2&orderBy=creationDate,desc"),
    )
    .await;
    assert_eq!(ids(&desc), vec!["1000000000004-01", "1000000000003-01"]);

    let (beyond, _) = list(&client, &sandbox, &format!("{range}&page=4&per_page=1")).await;
    assert_eq!(beyond, StatusCode::BAD_REQUEST, "page cap");
    let (empty, body) = list(&client, &sandbox, &format!("{range}&page=3&per_page=3")).await;
    assert_eq!(empty, StatusCode::OK);
    assert!(ids(&body).is_empty());
    let (bad, _) = list(&client, &sandbox, "per_page=101").await;
    assert_eq!(bad, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_fixture_list_page_is_reproduced() {
    let dir = fixtures_dir();
    let (sandbox, client) = start(SandboxConfig::default().with_fixtures(&dir)).await;
    let expected: Value =
        serde_json::from_slice(&std::fs::read(dir.join("oms-order-list-page-1.json")).unwrap())
            .unwrap();
    let (status, page) = list(
        &client,
        &sandbox,
        "f_creationDate=creationDate%3A%5B2026-03-02T05%3A00%3A00.000Z%20TO%202026-03-03T04%3A59%3A59.999Z%5D&page=1&per_page=2",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The fixture's page comes from an account with a third order; the entries must match.
    assert_eq!(page["list"], expected["list"]);
    assert_eq!(page["paging"]["perPage"], 2);
}

#[tokio::test]
async fn authentication_and_credential_expiry() {
    let (sandbox, client) = start(SandboxConfig {
        credentials: vec![
            SandboxCredential::new("primary", "key-1", "token-1"),
            SandboxCredential::new("secondary", "key-2", "token-2"),
        ],
        admin_token: Some("admin-secret".into()),
        ..SandboxConfig::default()
    })
    .await;
    let url = format!("{}/api/rnb/pvt/coupon/NONE", sandbox.base_url());
    let call = |key: &str, token: &str| {
        client
            .get(&url)
            .header("X-VTEX-API-AppKey", key)
            .header("X-VTEX-API-AppToken", token)
            .send()
    };
    assert_eq!(call("key-1", "token-1").await.unwrap().status(), 404);
    assert_eq!(call("key-2", "token-2").await.unwrap().status(), 404);
    assert_eq!(call("key-1", "token-2").await.unwrap().status(), 401);
    let bare = client.get(&url).send().await.unwrap();
    assert_eq!(bare.status(), 401);

    let refused = admin(
        &client,
        &sandbox,
        Method::POST,
        "/credentials/primary/expire",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(refused.status(), 401, "the admin token is required");
    let expired = admin(
        &client,
        &sandbox,
        Method::POST,
        "/credentials/primary/expire",
    )
    .header("X-Sandbox-Admin-Token", "admin-secret")
    .send()
    .await
    .unwrap();
    assert_eq!(expired.status(), 200);
    assert_eq!(call("key-1", "token-1").await.unwrap().status(), 401);
    assert_eq!(call("key-2", "token-2").await.unwrap().status(), 404);

    // A fault can also refuse one credential only, for a number of requests.
    assert!(sandbox.restore_credential("primary"));
    sandbox
        .add_fault(
            afiliados_vtex_sandbox::FaultRule::status(403)
                .for_app_key("key-2")
                .times(1),
        )
        .unwrap();
    assert_eq!(call("key-2", "token-2").await.unwrap().status(), 403);
    assert_eq!(call("key-1", "token-1").await.unwrap().status(), 404);
    assert_eq!(call("key-2", "token-2").await.unwrap().status(), 404);
}

#[tokio::test]
async fn promotions_are_created_read_and_capped() {
    let (sandbox, client) = start(SandboxConfig {
        max_active_promotions: 1,
        ..SandboxConfig::default()
    })
    .await;
    let promotion = json!({
        "name": "Afiliados Cetaphil lanzamiento 10%", "description": "marketing-afiliados campaign 1",
        "beginDateUtc": "2026-02-01T05:00:00Z", "endDateUtc": "2099-05-01T05:00:00Z",
        "isActive": true, "type": "regular", "discountType": "percentual",
        "percentualDiscountValue": 10, "utmCampaign": "cetaphil-lanzamiento-10", "cumulative": false,
        "maxUsage": 0, "idsSalesChannel": ["1"], "brands": [{"id": "2000050"}],
        "categories": [{"id": "3"}], "skus": []
    });
    let created: Value = vtex(
        &client,
        &sandbox,
        Method::POST,
        "/api/rnb/pvt/calculatorconfiguration",
    )
    .json(&promotion)
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let id = created["idCalculatorConfiguration"].as_str().unwrap();
    let read: Value = vtex(
        &client,
        &sandbox,
        Method::GET,
        &format!("/api/rnb/pvt/calculatorconfiguration/{id}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(read["utmCampaign"], "cetaphil-lanzamiento-10");
    assert_eq!(
        sandbox.promotion(id).unwrap()["percentualDiscountValue"],
        10
    );

    let second = vtex(
        &client,
        &sandbox,
        Method::POST,
        "/api/rnb/pvt/calculatorconfiguration",
    )
    .json(&promotion)
    .send()
    .await
    .unwrap();
    assert_eq!(
        second.status(),
        StatusCode::BAD_REQUEST,
        "100-active cap (1 here)"
    );
}

#[tokio::test]
async fn reset_reseeds_and_clears() {
    let dir = fixtures_dir();
    let (sandbox, client) = start(SandboxConfig::default().with_fixtures(&dir)).await;
    sandbox
        .add_fault(afiliados_vtex_sandbox::FaultRule::status(500))
        .unwrap();
    let emptied: Value = admin(&client, &sandbox, Method::POST, "/reset")
        .json(&json!({"seed": "empty"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(emptied["orders"], 0);
    assert!(sandbox.faults().is_empty());
    let reseeded: Value = admin(&client, &sandbox, Method::POST, "/reset")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reseeded["orders"], 2);
    let health = admin(&client, &sandbox, Method::GET, "/health")
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    sandbox.stop().await;
}
