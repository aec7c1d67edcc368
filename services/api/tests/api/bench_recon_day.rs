//! `afiliados-api bench-recon-day` (the platform half of the reconciliation bench, ADR 0071) at a
//! small size: the rows it writes keep the dashboard rollups equal to a recompute from scratch,
//! and a run over the day — the VTEX side posted as the worker would, with the divergences the
//! command describes for the sandbox — finds exactly the divergent set: one A, B, C and E per 400
//! indices, and the deep check of every equal order (the document the sandbox's checkout builds
//! for the template, normalised; sampled at 100 %: both sides name the same version, ADR 0072)
//! finds nothing, so the bench's count check can hold.

use afiliados_api::bench_recon_day::{DaySpec, Divergence, divergence, generate};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::orders_ingest::{catalogue, exec, fixture_order};

const RUNS: &str = "/internal/v1/reconciliations";

/// The normalised form of the sandbox's order `index` (as the worker would post it): one line of
/// 2 × 69 900.00, no discount, tax 26 562.00, on bench code `BENCH00000k`.
fn normalized(id: &str, placed_at: &str, coupon: &str) -> Value {
    let mut order = fixture_order();
    let mut line = order["lines"][0].clone();
    for (field, value) in [
        ("unitPrice", json!(69900.0)),
        ("listPrice", json!(69900.0)),
        ("sellingPrice", json!(69900.0)),
        ("lineGross", json!(139800.0)),
        ("lineDiscount", json!(0.0)),
        ("lineNet", json!(139800.0)),
        ("lineTax", json!(26562.0)),
        ("promotionIds", json!([])),
    ] {
        line[field] = value;
    }
    for (field, value) in [
        ("vtexOrderId", json!(id)),
        ("placedAt", json!(placed_at)),
        ("authorizedAt", Value::Null),
        ("invoicedAt", Value::Null),
        ("lastChange", json!(placed_at)),
        ("itemsTotal", json!(139800.0)),
        ("discountsTotal", json!(0.0)),
        ("shippingTotal", json!(0.0)),
        ("taxTotal", json!(26562.0)),
        ("totalValue", json!(166362.0)),
        ("couponCode", json!(coupon)),
        ("couponCodeNormalized", json!(coupon)),
        ("lines", json!([line])),
    ] {
        order[field] = value;
    }
    order
}

#[tokio::test]
async fn a_generated_day_keeps_the_rollups_and_reconciles_to_its_divergent_set() {
    // Every order is at the version the platform ingested: only a full sample deep-checks them.
    let app = spawn_app_with(|settings| {
        settings.reconciliation.deep_check_sample_percent = rust_decimal::Decimal::ONE_HUNDRED;
    })
    .await;
    catalogue(&app, "pre_tax", false, "10").await;
    // The seed's campaign has no end and no minimum; the bench codes date from 90 days ago.
    exec(
        &app,
        "UPDATE campaigns SET end_date = NULL, min_order_value = NULL".into(),
    )
    .await;
    let day = (chrono::Utc::now() - chrono::Duration::days(10)).date_naive();
    let spec = DaySpec {
        orders: 400,
        days_ago: 10,
        prefix: "RDAY".into(),
        influencers: 3,
        out: String::new(),
    };
    let mut conn = app.conn().await;
    let expected = generate(
        &mut conn,
        app.state.tenant_id,
        "cetaphil-lanzamiento",
        &spec,
        day,
        150,
    )
    .await
    .unwrap();
    assert_eq!(
        (expected.a, expected.b, expected.c, expected.e),
        (1, 1, 1, 1)
    );
    // The platform's rows sit at the sandbox's instants to the microsecond, ingested at the
    // version a minute later: the sandbox request asks for that `lastChange`.
    assert_eq!(
        afiliados_api::bench_recon_day::sandbox_request(&spec, day)["lastChangeAfterSeconds"],
        60
    );
    let (from, to) = afiliados_domain::business_day_bounds(day);
    for index in [0_i64, 1, 199, 398] {
        let id = format!("RDAY-{index:07}-01");
        let stored = afiliados_db::orders::find_by_vtex_id(&mut conn, app.state.tenant_id, &id)
            .await
            .unwrap()
            .unwrap();
        let placed = from + (to - from) * i32::try_from(index).unwrap() / 400;
        assert_eq!(stored.placed_at, placed, "{id}");
        assert_eq!(
            stored.vtex_last_change,
            placed + chrono::Duration::seconds(60),
            "{id}"
        );
    }
    assert_eq!(expected.platform_orders, 399);
    // The triggers kept the rollups exactly as a recompute from scratch gives them.
    assert_eq!(
        afiliados_db::dashboard_admin::rollup_drift(&mut conn, app.state.tenant_id)
            .await
            .unwrap(),
        vec![]
    );
    drop(conn);

    let response = app
        .post(
            RUNS,
            INTERNAL_TOKEN,
            json!({"type": "daily", "businessDate": day.to_string(), "source": "scheduled",
                   "scheduledAt": chrono::Utc::now()}),
        )
        .await;
    let run: Value = response.json().await.unwrap();
    let run = run["runId"].as_str().unwrap().to_owned();
    let mut summaries = Vec::new();
    let mut documents = Vec::new();
    for index in 0..spec.orders {
        let id = format!("RDAY-{index:07}-01");
        let placed = from + (to - from) * i32::try_from(index).unwrap() / 400;
        // The version the sandbox's `bulk-range` names (`lastChangeAfterSeconds` 60).
        let changed = placed + chrono::Duration::seconds(60);
        let (status, total) = match divergence(index) {
            Divergence::PlatformOnly => continue,
            Divergence::Status => ("canceled", "166362.00"),
            Divergence::Amount => ("invoiced", "183022.00"),
            Divergence::None | Divergence::VtexOnly => ("invoiced", "166362.00"),
        };
        summaries.push(
            json!({"vtexOrderId": id, "vtexStatus": status, "totalValue": total,
                              "currency": "COP", "creationDate": placed, "lastChange": changed}),
        );
        let coupon = format!("BENCH{:06}", index % 3 + 1);
        documents.push((id.clone(), normalized(&id, &placed.to_rfc3339(), &coupon)));
    }
    let response = app
        .post(
            &format!("{RUNS}/{run}/vtex-orders"),
            INTERNAL_TOKEN,
            json!({"chunk": 1, "pagesFetched": 4, "orders": summaries}),
        )
        .await;
    assert_eq!(response.status(), 204);
    let response = app
        .post(
            &format!("{RUNS}/{run}/compare"),
            INTERNAL_TOKEN,
            json!({"vtexTotal": 399, "pagesFetched": 4}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let compared: Value = response.json().await.unwrap();
    assert_eq!(
        compared["counts"],
        json!({"A": 1, "B": 1, "C": 1, "D": 0, "E": 1})
    );
    let deep: Vec<&str> = compared["deepCheckOrderIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect();
    assert_eq!(deep.len(), 396, "every equal, attributed order");
    let wanted: Vec<Value> = documents
        .into_iter()
        .filter(|(id, _)| deep.contains(&id.as_str()))
        .map(|(_, document)| document)
        .collect();
    for batch in wanted.chunks(100) {
        let response = app
            .post(
                &format!("{RUNS}/{run}/deep-check"),
                INTERNAL_TOKEN,
                json!({"orders": batch, "notFound": []}),
            )
            .await;
        assert_eq!(response.status(), 204, "{}", response.text().await.unwrap());
    }
    let response = app
        .post(&format!("{RUNS}/{run}/finish"), INTERNAL_TOKEN, json!({}))
        .await;
    assert_eq!(response.status(), 200);
    let finished: Value = response.json().await.unwrap();
    // The deep check found no difference: the counts are the divergent set's.
    assert_eq!(
        finished["counts"],
        json!({"A": 1, "B": 1, "C": 1, "D": 0, "E": 1}),
        "{finished}"
    );
}
