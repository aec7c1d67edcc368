//! `GET /orders`, `GET /orders/{id}`, `GET /orders/{id}/explain`, `GET /vtex/orders` and the
//! refetch (`api.md` §9) over orders ingested through `POST /internal/v1/orders/ingest` with the
//! fixture `oms-order-with-coupon` (`domain.md` §5.7–5.8 worked examples): the explanation's
//! numbers, the row scoping of §2.3 (an influencer's own, an admin_marca's brands, 404 outside),
//! filters, sorting and bad query parameters.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::{influencer_login, marca_login};
use crate::helpers::*;
use crate::orders_ingest::{Fixture, catalogue, exec, fixture_order, ingest};

/// Isabela (the fixture's influencer) signed in: a user linked to her influencer row.
pub(crate) async fn isabela_login(app: &TestApp, fixture: &Fixture) -> String {
    let email = format!("isabela.{}@influencer.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["influencer"], &[]).await;
    exec(
        app,
        format!(
            "UPDATE influencers SET user_id = '{user}' WHERE id = '{}'",
            fixture.influencer
        ),
    )
    .await;
    let pair = app.login(&email).await;
    pair["accessToken"].as_str().unwrap().to_owned()
}

/// GET as `token`: (status, body).
pub(crate) async fn read(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    let response = app.get(&format!("/api/v1{path}"), token).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The ids of a page's items.
pub(crate) fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The fixture order attributed (pre_tax, 10 %) and a second order with an unknown coupon.
async fn two_orders(app: &TestApp) -> (Fixture, String, String) {
    let fixture = catalogue(app, "pre_tax", false, "10").await;
    let (status, first) = ingest(app, &fixture_order()).await;
    assert_eq!(status, 200, "{first}");
    let mut other = fixture_order();
    other["vtexOrderId"] = json!("1432120599999-01");
    other["couponCode"] = json!("CETAPHIL-NADIE0000");
    other["totalValue"] = json!(1000.00);
    let (status, second) = ingest(app, &other).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["attributed"], false);
    (
        fixture,
        first["orderId"].as_str().unwrap().to_owned(),
        second["orderId"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn orders_are_scoped_to_the_influencer_and_the_admin_marca_brands() {
    let app = spawn_app().await;
    let (fixture, attributed, unknown) = two_orders(&app).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, all) = read(&app, "/orders", &admin).await;
    assert_eq!(all["total"], 2, "{all}");

    let isabela = isabela_login(&app, &fixture).await;
    let (status, own) = read(
        &app,
        "/orders?influencerId=00000000-0000-0000-0000-000000000001",
        &isabela,
    )
    .await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(
        ids(&own),
        vec![attributed.clone()],
        "the filter is replaced by her own id"
    );
    let (status, _) = read(&app, &format!("/orders/{unknown}"), &isabela).await;
    assert_eq!(status, 404);

    let (_, stranger) = influencer_login(&app, "Otra").await;
    let (status, none) = read(&app, "/orders", &stranger).await;
    assert_eq!(status, 200);
    assert_eq!(none["total"], 0);
    for path in [
        format!("/orders/{attributed}"),
        "/orders/1432120512345-01".to_owned(),
        format!("/orders/{attributed}/explain"),
    ] {
        let (status, body) = read(&app, &path, &stranger).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body["error"], "not_found");
    }

    let (_, cetaphil) = marca_login(&app, &[fixture.brand]).await;
    let (_, mine) = read(&app, "/orders", &cetaphil).await;
    // The unknown coupon matched no code: no brand, invisible to every admin_marca.
    assert_eq!(ids(&mine), vec![attributed.clone()]);
    let other_brand = app.create_brand("otra-marca").await;
    let (_, outsider) = marca_login(&app, &[other_brand]).await;
    let (_, theirs) = read(&app, "/orders", &outsider).await;
    assert_eq!(theirs["total"], 0);
    let (status, _) = read(&app, &format!("/orders/{attributed}"), &outsider).await;
    assert_eq!(status, 404);

    let (_, auditor) = app.login_as("auditor").await;
    let (status, body) = read(&app, "/orders", &auditor).await;
    assert_eq!((status, body["error"].clone()), (403, json!("forbidden")));
}

#[tokio::test]
async fn an_order_reads_by_id_or_vtex_id_with_lines_history_and_commission() {
    let app = spawn_app().await;
    let (_, attributed, _) = two_orders(&app).await;
    let (_, finance) = app.login_as("finance").await;
    let (status, by_id) = read(&app, &format!("/orders/{attributed}"), &finance).await;
    assert_eq!(status, 200, "{by_id}");
    let (_, by_vtex) = read(&app, "/orders/1432120512345-01", &finance).await;
    assert_eq!(by_id, by_vtex);
    assert_eq!(by_id["status"], "invoiced");
    assert_eq!(by_id["netItemsTotal"].to_string(), "326030.00");
    assert_eq!(
        by_id["commission"]["commissionAmount"].to_string(),
        "20223.00"
    );
    assert_eq!(by_id["commission"]["state"], "estimated");
    assert_eq!(by_id["lines"].as_array().unwrap().len(), 4);
    assert_eq!(by_id["lines"][2]["ineligibilityReason"], "brand_mismatch");
    assert_eq!(by_id["statusHistory"][0]["toStatus"], "invoiced");
    assert_eq!(by_id["statusHistory"][0]["source"], "hook");
    let (_, list) = read(&app, "/orders", &finance).await;
    assert!(
        list["items"][0].get("lines").is_none(),
        "lists carry no lines"
    );
}

#[tokio::test]
async fn order_filters_and_sorting() {
    let app = spawn_app().await;
    let (fixture, attributed, unknown) = two_orders(&app).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let cases = [
        (
            "/orders?attributed=true".to_owned(),
            vec![attributed.clone()],
        ),
        ("/orders?attributed=false".to_owned(), vec![unknown.clone()]),
        (
            "/orders?nonAttributionReason=coupon_unknown".to_owned(),
            vec![unknown.clone()],
        ),
        (
            format!("/orders?brandId={}", fixture.brand),
            vec![attributed.clone()],
        ),
        (
            "/orders?couponCode=cetaphil-isabela7kq2".to_owned(),
            vec![attributed.clone()],
        ),
        (
            "/orders?vtexOrderId=1432120599999-01".to_owned(),
            vec![unknown.clone()],
        ),
        (
            "/orders?status=invoiced,paid".to_owned(),
            vec![attributed.clone(), unknown.clone()],
        ),
        ("/orders?status=canceled".to_owned(), vec![]),
        ("/orders?from=2026-03-03".to_owned(), vec![]),
        (
            "/orders?to=2026-03-03".to_owned(),
            vec![attributed.clone(), unknown.clone()],
        ),
    ];
    for (path, expected) in cases {
        let (status, page) = read(&app, &path, &admin).await;
        assert_eq!(status, 200, "{path}: {page}");
        let mut got = ids(&page);
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected, "{path}");
    }
    // Same placedAt: totalAmount orders them (the unknown-coupon copy is smaller).
    let (_, ascending) = read(&app, "/orders?sort=totalAmount", &admin).await;
    assert_eq!(ids(&ascending), vec![unknown.clone(), attributed.clone()]);
    let (_, descending) = read(&app, "/orders?sort=-totalAmount", &admin).await;
    assert_eq!(ids(&descending), vec![attributed, unknown]);
}

#[tokio::test]
async fn bad_order_query_parameters_are_4xx_never_500() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    for path in [
        "/orders?attributed=maybe",
        "/orders?influencerId=not-a-uuid",
        "/orders?page=-1",
        "/commissions?onHold=perhaps",
        "/ledger?brandId=x",
        "/commissions/balances?negative=2",
    ] {
        let (status, body) = read(&app, path, &admin).await;
        assert_eq!(
            (status, body["error"].clone()),
            (400, json!("invalid_query")),
            "{path}"
        );
    }
    for path in [
        "/orders?status=lost",
        "/orders?sort=customer",
        "/orders?from=yesterday",
        "/orders?pageSize=101",
        "/commissions?state=paid",
        "/commissions/audit?kind=teleported",
        "/ledger?entryType=gift",
        "/commissions/balances?groupBy=brand",
        "/commissions/balances?minAvailable=1.234",
    ] {
        let (status, body) = read(&app, path, &admin).await;
        assert_eq!(
            (status, body["error"].clone()),
            (422, json!("validation_failed")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_explanation_of_the_fixture_pre_tax_shows_every_check_and_the_spec_formulas() {
    let app = spawn_app().await;
    let (_, attributed, _) = two_orders(&app).await;
    let (_, finance) = app.login_as("finance").await;
    let (status, body) = read(&app, &format!("/orders/{attributed}/explain"), &finance).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["coupon"]["normalized"], "CETAPHIL-ISABELA7KQ2");
    assert_eq!(body["coupon"]["matchedCode"], "CETAPHIL-ISABELA7KQ2");
    assert_eq!(body["attribution"]["attributed"], true);
    let checks: Vec<(String, bool)> = body["attribution"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_owned(),
                c["passed"].as_bool().unwrap(),
            )
        })
        .collect();
    let names = [
        "has_coupon",
        "code_exists",
        "code_created_before_order",
        "code_enabled_at_placement",
        "influencer_approved_at_placement",
        "campaign_active_at_placement",
        "campaign_within_dates",
        "min_order_value",
    ];
    assert_eq!(
        checks,
        names
            .iter()
            .map(|n| ((*n).to_owned(), true))
            .collect::<Vec<_>>()
    );
    let checks = &body["attribution"]["checks"];
    assert_eq!(
        checks[2]["compared"]["codeCreatedAt"],
        "2026-02-01T15:00:00Z"
    );
    assert_eq!(checks[4]["compared"]["statusAtPlacement"], "approved");
    assert_eq!(checks[6]["compared"]["placedOn"], "2026-03-02");
    assert_eq!(checks[6]["compared"]["startDate"], "2026-02-01");
    assert_eq!(
        checks[7]["compared"]["netItemsTotal"].to_string(),
        "326030.00"
    );
    assert_eq!(
        checks[7]["compared"]["minOrderValue"].to_string(),
        "150000.00"
    );
    assert_eq!(body["rule"]["commissionRate"].to_string(), "10.00");
    assert_eq!(body["rule"]["commissionBasis"], "pre_tax");
    assert_eq!(
        body["rule"]["eligibleScope"],
        json!({"type": "category", "values": ["3"]})
    );
    assert_eq!(body["rule"]["vtexBrandId"], "2000050");
    let lines = body["lines"].as_array().unwrap();
    assert_eq!(lines[0]["formula"], "125820.00 × 10.00 / 100 = 12582.00");
    assert_eq!(lines[1]["formula"], "76410.00 × 10.00 / 100 = 7641.00");
    assert_eq!(lines[2]["reason"], "brand_mismatch");
    assert_eq!(lines[3]["reason"], "category_not_in_scope");
    assert_eq!(lines[2]["formula"], Value::Null);
    assert_eq!(
        body["commission"]["commissionAmount"].to_string(),
        "20223.00"
    );
    assert_eq!(
        body["commission"]["eligibleAmount"].to_string(),
        "202230.00"
    );
    assert_eq!(
        body["shippingAllocation"]["shippingTotal"].to_string(),
        "12000.00"
    );
    assert_eq!(body["shippingAllocation"]["base"].to_string(), "326030.00");
    let shares: Vec<String> = body["shippingAllocation"]["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect();
    assert_eq!(shares, vec!["4630.98", "2812.38", "3496.61", "1060.03"]);
    assert_eq!(body["transitions"][0]["kind"], "created");
    assert_eq!(body["deliveries"], json!([]));
    // The commission's explain is the order's.
    let commission = body["commission"]["id"].as_str().unwrap();
    let (_, again) = read(
        &app,
        &format!("/commissions/{commission}/explain"),
        &finance,
    )
    .await;
    assert_eq!(again, body);
}

#[tokio::test]
async fn the_explanation_post_tax_with_shipping_gives_29_771_64() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "post_tax", true, "12").await;
    let (_, ingested) = ingest(&app, &fixture_order()).await;
    let isabela = isabela_login(&app, &fixture).await;
    let id = ingested["orderId"].as_str().unwrap();
    let (status, body) = read(&app, &format!("/orders/{id}/explain"), &isabela).await;
    assert_eq!(status, 200, "{body}");
    let lines = body["lines"].as_array().unwrap();
    assert_eq!(lines[0]["shippingShare"].to_string(), "4630.98");
    assert_eq!(lines[0]["eligibleAmount"].to_string(), "154356.78");
    assert_eq!(lines[0]["formula"], "154356.78 × 12.00 / 100 = 18522.81");
    assert_eq!(lines[1]["formula"], "93740.28 × 12.00 / 100 = 11248.83");
    assert_eq!(
        body["commission"]["commissionAmount"].to_string(),
        "29771.64"
    );
    assert_eq!(
        body["commission"]["eligibleAmount"].to_string(),
        "248097.06"
    );
    // Influencers get no deliveries.
    assert!(body.get("deliveries").is_none(), "{body}");
}

#[tokio::test]
async fn a_non_attributed_order_explains_its_first_failing_check() {
    let app = spawn_app().await;
    let (_, _, unknown) = two_orders(&app).await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (status, body) = read(&app, &format!("/orders/{unknown}/explain"), &gestor).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["attribution"]["attributed"], false);
    assert_eq!(body["attribution"]["reason"], "coupon_unknown");
    assert_eq!(body["attribution"]["checks"][0]["passed"], true);
    assert_eq!(body["attribution"]["checks"][1]["passed"], false);
    assert_eq!(body["attribution"]["checks"][2]["evaluated"], false);
    assert_eq!(body["rule"], Value::Null);
    assert_eq!(body["lines"], Value::Null);
    assert_eq!(body["commission"], Value::Null);
}

#[tokio::test]
async fn a_refetch_enqueues_the_typed_job_and_is_audited() {
    let app = spawn_app().await;
    let (_, finance) = app.login_as("finance").await;
    let response = app
        .post(
            "/api/v1/vtex/orders/1432120512345-01/refetch",
            &finance,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let body: Value = response.json().await.unwrap();
    let jobs: Vec<Value> = app
        .outbox_jobs()
        .await
        .into_iter()
        .filter(|(kind, _)| kind == "FetchVtexOrder")
        .map(|(_, payload)| payload)
        .collect();
    assert_eq!(
        jobs,
        vec![json!({"vtexOrderId": "1432120512345-01", "source": "refetch", "force": true})]
    );
    assert!(body["jobId"].is_string());
    assert_eq!(app.audit_actions("webhook.reprocessed").await.len(), 1);
    let response = app
        .post(
            "/api/v1/vtex/orders/1432120512345-01/refetch",
            &finance,
            json!({"force": false}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let response = app
        .post(
            "/api/v1/vtex/orders/1432120512345-01/refetch",
            &gestor,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), 403);
    let (status, page) = read(&app, "/vtex/orders", &gestor).await;
    assert_eq!((status, page["total"].clone()), (200, json!(0)));
}
