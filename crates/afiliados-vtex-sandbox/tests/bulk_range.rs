//! `POST /_sandbox/orders/bulk-range` (the reconciliation benchmark's day of orders): the orders
//! spread over the range, the OMS list pages them by creation date, omitted indices do not exist
//! and overridden ones carry their own fields.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

use afiliados_vtex_sandbox::{DEV_APP_KEY, DEV_APP_TOKEN, RunningSandbox, SandboxConfig, spawn};
use reqwest::Client;
use serde_json::{Value, json};

async fn get(client: &Client, sandbox: &RunningSandbox, path: &str) -> (u16, Value) {
    let response = client
        .get(format!("{}{path}", sandbox.base_url()))
        .header("X-VTEX-API-AppKey", DEV_APP_KEY)
        .header("X-VTEX-API-AppToken", DEV_APP_TOKEN)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn bulk_range(client: &Client, sandbox: &RunningSandbox, body: Value) -> (u16, Value) {
    let response = client
        .post(format!("{}/_sandbox/orders/bulk-range", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn template() -> Value {
    json!({
        "forceCoupon": true, "status": "invoiced",
        "customer": {"email": "cliente.bench@example.com", "document": "52876543"},
        "lines": [{"skuId": "2001", "name": "Cetaphil Limpiador Facial 473 ml", "brandId": "2000050",
                   "brandName": "Cetaphil", "categoriesIds": "/3/45/", "quantity": 2, "price": 6990000}]
    })
}

#[tokio::test]
async fn a_day_of_orders_spreads_over_the_range_with_its_divergences() {
    let sandbox = spawn(SandboxConfig::default()).await.unwrap();
    let client = Client::new();
    let (status, body) = bulk_range(
        &client,
        &sandbox,
        json!({
            "count": 8, "orderIdPrefix": "DAY", "coupons": ["CODE-A", "CODE-B"],
            "from": "2026-12-05T05:00:00Z", "to": "2026-12-06T05:00:00Z",
            "order": template(), "omit": [3],
            "overrides": {"5": {"status": "canceled"},
                          "6": {"lines": [{"skuId": "2001", "name": "Cetaphil", "brandId": "2000050",
                                           "brandName": "Cetaphil", "categoriesIds": "/3/45/",
                                           "quantity": 2, "price": 7690000}]}}
        }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["created"], 7);
    assert_eq!(body["omitted"], 1);
    assert_eq!(body["firstOrderId"], "DAY-0000000-01");
    assert_eq!(body["lastOrderId"], "DAY-0000007-01");

    // The day's list: 7 orders, by creation date, three hours apart (index 3 missing).
    let (status, listed) = get(
        &client,
        &sandbox,
        "/api/oms/pvt/orders?f_creationDate=creationDate%3A%5B2026-12-05T05%3A00%3A00.000Z%20TO%202026-12-06T04%3A59%3A59.999Z%5D&page=1&per_page=100&orderBy=creationDate,asc",
    )
    .await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["paging"]["total"], 7);
    let ids: Vec<&str> = listed["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|order| order["orderId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "DAY-0000000-01",
            "DAY-0000001-01",
            "DAY-0000002-01",
            "DAY-0000004-01",
            "DAY-0000005-01",
            "DAY-0000006-01",
            "DAY-0000007-01"
        ]
    );
    let (_, first) = get(&client, &sandbox, "/api/oms/pvt/orders/DAY-0000000-01").await;
    let (_, second) = get(&client, &sandbox, "/api/oms/pvt/orders/DAY-0000001-01").await;
    assert!(
        first["creationDate"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-05T05:00:00")
    );
    assert!(
        second["creationDate"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-05T08:00:00")
    );
    assert_eq!(first["marketingData"]["coupon"], "CODE-A");
    assert_eq!(second["marketingData"]["coupon"], "CODE-B");
    assert_eq!(first["status"], "invoiced");

    // The divergences: 3 does not exist, 5 has its own status, 6 its own amounts.
    let (status, _) = get(&client, &sandbox, "/api/oms/pvt/orders/DAY-0000003-01").await;
    assert_eq!(status, 404);
    let (_, canceled) = get(&client, &sandbox, "/api/oms/pvt/orders/DAY-0000005-01").await;
    assert_eq!(canceled["status"], "canceled");
    assert_eq!(canceled["value"], first["value"]);
    let (_, dearer) = get(&client, &sandbox, "/api/oms/pvt/orders/DAY-0000006-01").await;
    assert_eq!(dearer["status"], "invoiced");
    assert!(dearer["value"].as_i64().unwrap() > first["value"].as_i64().unwrap());

    // Bad specs are refused before anything is created.
    for bad in [
        json!({"count": 0, "orderIdPrefix": "X", "from": "2026-12-05T05:00:00Z",
               "to": "2026-12-06T05:00:00Z", "order": template()}),
        json!({"count": 2, "orderIdPrefix": "X", "from": "2026-12-06T05:00:00Z",
               "to": "2026-12-05T05:00:00Z", "order": template()}),
        json!({"count": 2, "orderIdPrefix": "X", "from": "2026-12-05T05:00:00Z",
               "to": "2026-12-06T05:00:00Z", "order": template(), "omit": [2]}),
        json!({"count": 2, "orderIdPrefix": "X", "from": "2026-12-05T05:00:00Z",
               "to": "2026-12-06T05:00:00Z", "order": template(),
               "overrides": {"1": {"creationDate": "2026-12-05T06:00:00Z"}}}),
    ] {
        let (status, body) = bulk_range(&client, &sandbox, bad).await;
        assert_eq!(status, 400, "{body}");
    }
    let (_, none) = get(&client, &sandbox, "/api/oms/pvt/orders/X-0000000-01").await;
    assert_eq!(none["orderId"], Value::Null);
}
