//! Live orders in the sandbox (vtex.md §9.2): checkout with a coupon, transitions that post signed
//! hooks to a target, returns and edits, each moving `lastChange` in the served document and the
//! list; fault injection still applies to the order read.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use afiliados_vtex_sandbox::hooks::{SIGNATURE_HEADER, sign};
use afiliados_vtex_sandbox::{DEV_APP_KEY, DEV_APP_TOKEN, RunningSandbox, SandboxConfig, spawn};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

const SECRET: &str = "a-test-webhook-secret-of-32-characters";

/// What the hook target received: (signature header, hook header, exact body).
type Received = Arc<Mutex<Vec<(Option<String>, Option<String>, Vec<u8>)>>>;

/// A stand-in for the api's webhook route that records every request and answers 200.
fn hook_target() -> (String, Received) {
    let received: Received = Arc::default();
    let shared = received.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let shared = shared.clone();
        App::new().route(
            "/hooks",
            web::post().to(move |req: HttpRequest, body: web::Bytes| {
                let shared = shared.clone();
                async move {
                    let header = |name: &str| {
                        req.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned)
                    };
                    shared.lock().unwrap().push((
                        header(SIGNATURE_HEADER),
                        header("x-afiliados-hook-key"),
                        body.to_vec(),
                    ));
                    HttpResponse::Ok().finish()
                }
            }),
        )
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}/hooks"), received)
}

async fn start(target: Option<String>) -> (RunningSandbox, Client) {
    let config = SandboxConfig {
        hook_target: target,
        webhook_secret: SECRET.into(),
        hook_header_value: Some("hook-header-value".into()),
        ..SandboxConfig::default()
    };
    (spawn(config).await.unwrap(), Client::new())
}

fn vtex(client: &Client, sandbox: &RunningSandbox, method: Method, path: &str) -> RequestBuilder {
    client
        .request(method, format!("{}{path}", sandbox.base_url()))
        .header("X-VTEX-API-AppKey", DEV_APP_KEY)
        .header("X-VTEX-API-AppToken", DEV_APP_TOKEN)
}

async fn admin(client: &Client, sandbox: &RunningSandbox, path: &str, body: Value) -> (u16, Value) {
    let response = client
        .post(format!("{}/_sandbox{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn served(client: &Client, sandbox: &RunningSandbox, id: &str) -> Value {
    let response = vtex(
        client,
        sandbox,
        Method::GET,
        &format!("/api/oms/pvt/orders/{id}"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The campaign's promotion (10 % on Cetaphil in category 3) and its coupon.
async fn promotion_and_coupon(client: &Client, sandbox: &RunningSandbox) -> String {
    let promotion: Value = vtex(client, sandbox, Method::POST, "/api/rnb/pvt/calculatorconfiguration")
        .json(&json!({
            "name": "Afiliados Cetaphil lanzamiento 10%", "beginDateUtc": "2026-02-01T05:00:00Z",
            "endDateUtc": "2099-05-01T05:00:00Z", "isActive": true, "type": "regular",
            "discountType": "percentual", "percentualDiscountValue": 10,
            "utmCampaign": "cetaphil-lanzamiento-10", "cumulative": false, "maxUsage": 0,
            "idsSalesChannel": ["1"], "brands": [{"id": "2000050"}], "categories": [{"id": "3"}], "skus": []
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let coupon = vtex(client, sandbox, Method::POST, "/api/rnb/pvt/coupon")
        .json(&json!({
            "couponCode": "CETAPHIL-ISABELA7KQ2", "utmSource": "afiliados",
            "utmCampaign": "cetaphil-lanzamiento-10", "isArchived": false,
            "maxItemsPerClient": 0, "expirationIntervalPerUse": "00:00:00", "maxUsage": 0
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(coupon.status(), StatusCode::OK);
    promotion["idCalculatorConfiguration"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Lines 0–2 of `oms-order-with-coupon.json` (two eligible Cetaphil lines, one La Roche-Posay
/// line outside the promotion) with its shipping.
fn checkout_spec(coupon: &str) -> Value {
    json!({
        "orderId": "1432120577777-01", "creationDate": "2026-03-02T14:05:10.987654Z",
        "coupon": coupon,
        "customer": {"email": "laura.gomez@example.com", "document": "52876543"},
        "lines": [
            {"skuId": "2001", "name": "Cetaphil Limpiador Facial Piel Grasa 473 ml", "brandId": "2000050",
             "brandName": "Cetaphil", "categoriesIds": "/3/45/", "quantity": 2, "price": 6990000, "listPrice": 7490000},
            {"skuId": "2002", "name": "Cetaphil Crema Hidratante 453 g", "brandId": "2000050",
             "brandName": "Cetaphil", "categoriesIds": "/3/47/", "quantity": 1, "price": 8490000},
            {"skuId": "3050", "name": "La Roche-Posay Anthelios", "brandId": "2000060",
             "brandName": "La Roche-Posay", "categoriesIds": "/3/52/", "quantity": 1, "price": 9500000}
        ],
        "shipping": 1200000
    })
}

fn totals(doc: &Value) -> Vec<i64> {
    doc["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["value"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn checkout_applies_the_coupons_promotion_with_the_fixtures_numbers() {
    let (sandbox, client) = start(None).await;
    let promotion = promotion_and_coupon(&client, &sandbox).await;
    let (status, doc) = admin(
        &client,
        &sandbox,
        "/orders",
        checkout_spec("cetaphil-isabela7kq2"),
    )
    .await;
    assert_eq!(status, 201, "{doc}");
    // Line 0 as in vtex.md §4.4: price 6 990 000 × 2, 10 % → total 12 582 000, tax 1 195 290 per unit.
    let line = &doc["items"][0];
    assert_eq!(line["sellingPrice"], 6_291_000);
    assert_eq!(line["priceDefinition"]["total"], 12_582_000);
    assert_eq!(line["tax"], 1_195_290);
    assert_eq!(line["priceTags"][0]["value"], -1_398_000);
    assert_eq!(line["priceTags"][0]["identifier"], promotion.as_str());
    assert_eq!(doc["items"][1]["priceDefinition"]["total"], 7_641_000);
    assert_eq!(
        doc["items"][2]["priceTags"],
        json!([]),
        "brand outside the promotion"
    );
    assert_eq!(doc["items"][2]["tax"], 1_805_000);
    // Items 31 970 000, Discounts −2 247 000, Shipping 1 200 000, Tax 5 647 370.
    assert_eq!(totals(&doc), [31_970_000, -2_247_000, 1_200_000, 5_647_370]);
    assert_eq!(doc["value"], 36_570_370);
    assert_eq!(doc["marketingData"]["coupon"], "cetaphil-isabela7kq2");
    assert_eq!(doc["status"], "order-created");
    assert_eq!(served(&client, &sandbox, "1432120577777-01").await, doc);

    // An unknown coupon is dropped, unless forced (an unknown code reaching the platform).
    let mut spec = checkout_spec("NOPE-123");
    spec["orderId"] = json!("1432120577778-01");
    let (_, plain) = admin(&client, &sandbox, "/orders", spec.clone()).await;
    assert_eq!(plain["marketingData"], Value::Null);
    assert_eq!(plain["totals"][1]["value"], 0);
    spec["orderId"] = json!("1432120577779-01");
    spec["forceCoupon"] = json!(true);
    let (_, forced) = admin(&client, &sandbox, "/orders", spec).await;
    assert_eq!(forced["marketingData"]["coupon"], "NOPE-123");
    assert_eq!(forced["totals"][1]["value"], 0);

    let (status, _) = admin(&client, &sandbox, "/orders", json!({"lines": []})).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn transitions_move_the_order_and_post_signed_hooks() {
    let (target, received) = hook_target();
    let (sandbox, client) = start(Some(target)).await;
    promotion_and_coupon(&client, &sandbox).await;
    let (_, created) = admin(
        &client,
        &sandbox,
        "/orders",
        checkout_spec("CETAPHIL-ISABELA7KQ2"),
    )
    .await;
    let id = created["orderId"].as_str().unwrap();

    let (status, paid) = admin(
        &client,
        &sandbox,
        &format!("/orders/{id}/transition"),
        json!({"state": "payment-approved", "lastChange": "2026-03-02T14:09:30.412Z"}),
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["hook"]["status"], 200);
    assert_eq!(paid["order"]["status"], "payment-approved");
    assert_eq!(
        paid["order"]["lastChange"],
        "2026-03-02T14:09:30.4120000+00:00"
    );
    assert_eq!(paid["order"]["authorizedDate"], paid["order"]["lastChange"]);

    let hooks = received.lock().unwrap().clone();
    assert_eq!(hooks.len(), 1);
    let (signature, header, body) = &hooks[0];
    assert_eq!(signature.as_deref(), Some(sign(SECRET, body).as_str()));
    assert_eq!(
        header, &None,
        "the default authentication is the signature only"
    );
    let hook: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(hook["OrderId"], id);
    assert_eq!(hook["State"], "payment-approved");
    assert_eq!(hook["LastState"], "order-created");
    assert_eq!(hook["LastChange"], "2026-03-02T14:09:30.4120000+00:00");
    assert_eq!(
        hook["Origin"],
        json!({"Account": "medipiel", "Key": DEV_APP_KEY})
    );

    // The served document and the list show the new version.
    let doc = served(&client, &sandbox, id).await;
    assert_eq!(doc["status"], "payment-approved");
    let list: Value = vtex(&client, &sandbox, Method::GET, "/api/oms/pvt/orders")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["list"][0]["status"], "payment-approved");
    assert_eq!(list["list"][0]["lastChange"], doc["lastChange"]);

    // lastChange never goes back.
    let (status, _) = admin(
        &client,
        &sandbox,
        &format!("/orders/{id}/transition"),
        json!({"state": "handling", "lastChange": "2026-03-02T14:09:30.412Z"}),
    )
    .await;
    assert_eq!(status, 400);

    // Invoiced, a return invoice for every unit, then canceled: each a newer version.
    let (_, invoiced) = admin(
        &client,
        &sandbox,
        &format!("/orders/{id}/transition"),
        json!({"state": "invoiced", "emitHook": false, "lastChange": "2026-03-03T16:20:05.118Z"}),
    )
    .await;
    assert_eq!(invoiced["hook"], Value::Null);
    assert_eq!(
        invoiced["order"]["invoicedDate"],
        "2026-03-03T16:20:05.1180000+00:00"
    );
    let (status, returned) = admin(
        &client,
        &sandbox,
        &format!("/orders/{id}/packages"),
        json!({"type": "Input", "invoiceNumber": "NC-1", "emitHook": true,
               "items": [{"itemIndex": 0, "quantity": 2}, {"itemIndex": 1, "quantity": 1}, {"itemIndex": 2, "quantity": 1}]}),
    )
    .await;
    assert_eq!(status, 200, "{returned}");
    let package = &returned["order"]["packageAttachment"]["packages"][0];
    assert_eq!(package["type"], "Input");
    assert_eq!(
        package["items"][0],
        json!({"itemIndex": 0, "quantity": 2, "price": 6_291_000, "description": null, "unitMultiplier": 1.0})
    );
    assert!(returned["order"]["lastChange"].as_str() > invoiced["order"]["lastChange"].as_str());
    assert_eq!(
        received.lock().unwrap().len(),
        2,
        "the return posted a hook"
    );
    let (status, _) = admin(
        &client,
        &sandbox,
        &format!("/orders/{id}/packages"),
        json!({"type": "Input", "invoiceNumber": "NC-2", "items": [{"itemIndex": 0, "quantity": 3}]}),
    )
    .await;
    assert_eq!(status, 400, "more units than the line has");

    let (_, edited) = admin(
        &client,
        &sandbox,
        &format!("/orders/{id}/changes"),
        json!({"itemsRemoved": [{"id": "3050", "quantity": 1}]}),
    )
    .await;
    assert_eq!(
        edited["order"]["changesAttachment"]["changesData"][0]["itemsRemoved"],
        json!([{"id": "3050", "quantity": 1}])
    );
    let (_, canceled) = admin(
        &client,
        &sandbox,
        &format!("/orders/{id}/transition"),
        json!({"state": "canceled"}),
    )
    .await;
    assert_eq!(canceled["order"]["status"], "canceled");
    assert_eq!(
        canceled["order"]["cancellationData"]["CancellationDate"],
        canceled["order"]["lastChange"]
    );
    assert_eq!(served(&client, &sandbox, id).await, canceled["order"]);
    assert_eq!(received.lock().unwrap().len(), 3);

    let (status, _) = admin(
        &client,
        &sandbox,
        "/orders/0-01/transition",
        json!({"state": "handling"}),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn hooks_and_pushes_on_demand_with_each_authentication() {
    let (target, received) = hook_target();
    let (sandbox, client) = start(Some(target)).await;
    promotion_and_coupon(&client, &sandbox).await;
    let (_, created) = admin(
        &client,
        &sandbox,
        "/orders",
        checkout_spec("CETAPHIL-ISABELA7KQ2"),
    )
    .await;
    let id = created["orderId"].as_str().unwrap();

    let (status, emitted) = admin(
        &client,
        &sandbox,
        "/hooks/emit",
        json!({"orderId": id, "repeat": 2, "auth": "both"}),
    )
    .await;
    assert_eq!(status, 200, "{emitted}");
    assert_eq!(
        emitted["attempts"],
        json!([{"status": 200}, {"status": 200}])
    );
    let (_, bad) = admin(
        &client,
        &sandbox,
        "/hooks/emit",
        json!({"orderId": id, "auth": "bad_signature"}),
    )
    .await;
    assert_eq!(bad["attempts"][0]["status"], 200);
    let (_, pushed) = admin(&client, &sandbox, &format!("/push/{id}"), json!({})).await;
    assert_eq!(pushed["attempts"][0]["status"], 200);

    let hooks = received.lock().unwrap().clone();
    assert_eq!(hooks.len(), 4);
    assert_eq!(hooks[0], hooks[1], "a repeat is the same delivery");
    assert_eq!(hooks[0].1.as_deref(), Some("hook-header-value"));
    assert_eq!(
        hooks[0].0.as_deref(),
        Some(sign(SECRET, &hooks[0].2).as_str())
    );
    assert_ne!(
        hooks[2].0.as_deref(),
        Some(sign(SECRET, &hooks[2].2).as_str())
    );
    let pushed_doc: Value = serde_json::from_slice(&hooks[3].2).unwrap();
    assert_eq!(pushed_doc, created, "the push is the stored document");
    assert_eq!(
        hooks[3].0.as_deref(),
        Some(sign(SECRET, &hooks[3].2).as_str())
    );
}

#[tokio::test]
async fn without_a_target_hooks_are_refused_and_faults_still_hit_order_reads() {
    let (sandbox, client) = start(None).await;
    let (_, created) = admin(&client, &sandbox, "/orders", checkout_spec("")).await;
    let id = created["orderId"].as_str().unwrap();
    let (status, _) = admin(&client, &sandbox, "/hooks/emit", json!({"orderId": id})).await;
    assert_eq!(status, 409);
    let (_, moved) = admin(
        &client,
        &sandbox,
        &format!("/orders/{id}/transition"),
        json!({"state": "handling"}),
    )
    .await;
    assert!(
        moved["hook"]["error"]
            .as_str()
            .unwrap()
            .contains("no hook target")
    );

    let (status, _) = admin(
        &client,
        &sandbox,
        "/faults",
        json!({"match": {"operation": "get_order"}, "fault": {"kind": "status", "status": 429, "retryAfter": 1}, "times": 1}),
    )
    .await;
    assert_eq!(status, 201);
    let limited = vtex(
        &client,
        &sandbox,
        Method::GET,
        &format!("/api/oms/pvt/orders/{id}"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(served(&client, &sandbox, id).await["status"], "handling");
}

#[tokio::test]
async fn bulk_creates_distinct_orders_cycling_the_coupons() {
    let (sandbox, client) = start(None).await;
    let mut order = checkout_spec("unused");
    let spec = order.as_object_mut().unwrap();
    spec.remove("orderId");
    spec.remove("coupon");
    spec.insert("forceCoupon".into(), json!(true));
    let (status, body) = admin(
        &client,
        &sandbox,
        "/orders/bulk",
        json!({"count": 5, "orderIdPrefix": "BULK", "coupons": ["CODE-A", "CODE-B"], "order": order}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["created"], 5);
    let ids: Vec<&str> = body["orderIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "BULK-0000000-01");
    assert_eq!(ids[4], "BULK-0000004-01");
    // Each one is served by the OMS route, with its own id, the coupon of its turn and the
    // spec's amounts.
    let first = served(&client, &sandbox, ids[0]).await;
    for (index, id) in ids.iter().enumerate() {
        let doc = served(&client, &sandbox, id).await;
        assert_eq!(doc["orderId"], *id);
        let coupon = if index % 2 == 0 { "CODE-A" } else { "CODE-B" };
        assert_eq!(doc["marketingData"]["coupon"], coupon);
        assert_eq!(totals(&doc), totals(&first));
        assert_eq!(doc["items"].as_array().unwrap().len(), 3);
    }

    // The same prefix again collides on the first id and says so; bad specs are 400.
    let (status, body) = admin(
        &client,
        &sandbox,
        "/orders/bulk",
        json!({"count": 1, "orderIdPrefix": "BULK", "order": order}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("already exists"));
    for bad in [
        json!({"count": 0, "orderIdPrefix": "X", "order": order}),
        json!({"count": 1, "orderIdPrefix": " ", "order": order}),
        json!({"count": 1, "orderIdPrefix": "X", "order": checkout_spec("C")}),
        json!({"count": 1, "orderIdPrefix": "X", "order": []}),
    ] {
        let (status, _) = admin(&client, &sandbox, "/orders/bulk", bad).await;
        assert_eq!(status, 400);
    }
}
