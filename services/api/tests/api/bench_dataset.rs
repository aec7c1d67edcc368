//! `afiliados-api bench-dataset` (the large dataset of `make bench`): what it writes keeps the
//! domain's invariants — the balance verification finds no drift, every commission's ledger entry
//! and balance agree, the frozen snapshot is the campaign's — a second run continues after the
//! first, a settlement with waiting period 0 confirms every generated commission, and the
//! dashboard rollups stay equal to a recompute from scratch (ADR 0059) throughout. Runs on the
//! api's runtime role, as the command does.

use afiliados_api::bench_dataset::{DatasetSpec, Generated, generate};
use afiliados_domain::commission::RuleSnapshot;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Jsonb, Numeric, Text};
use diesel_async::RunQueryDsl;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::orders_ingest::{catalogue, dec};

#[derive(QueryableByName)]
struct Totals {
    #[diesel(sql_type = BigInt)]
    orders: i64,
    #[diesel(sql_type = BigInt)]
    distinct_ids: i64,
    #[diesel(sql_type = BigInt)]
    commissions: i64,
    #[diesel(sql_type = BigInt)]
    estimated_entries: i64,
    #[diesel(sql_type = BigInt)]
    transitions: i64,
    #[diesel(sql_type = BigInt)]
    commission_lines: i64,
    #[diesel(sql_type = Numeric)]
    commission_sum: Decimal,
    #[diesel(sql_type = Numeric)]
    balance_estimated: Decimal,
    #[diesel(sql_type = BigInt)]
    usage: i64,
    #[diesel(sql_type = Text)]
    last_id: String,
}

const TOTALS: &str = "
    SELECT (SELECT count(*) FROM orders WHERE vtex_order_id LIKE 'BENCH-%') AS orders,
           (SELECT count(DISTINCT vtex_order_id) FROM orders WHERE vtex_order_id LIKE 'BENCH-%') AS distinct_ids,
           (SELECT count(*) FROM commissions WHERE state = 'estimated') AS commissions,
           (SELECT count(*) FROM ledger_entries WHERE entry_type = 'commission_estimated') AS estimated_entries,
           (SELECT count(*) FROM commission_transitions WHERE kind = 'created') AS transitions,
           (SELECT count(*) FROM commission_lines) AS commission_lines,
           (SELECT COALESCE(sum(commission_amount), 0) FROM commissions) AS commission_sum,
           (SELECT COALESCE(sum(estimated), 0) FROM influencer_balance) AS balance_estimated,
           (SELECT COALESCE(sum(usage_count), 0)::BIGINT FROM discount_codes) AS usage,
           (SELECT max(vtex_order_id) FROM orders WHERE vtex_order_id LIKE 'BENCH-%') AS last_id";

#[derive(QueryableByName)]
struct Snapshot {
    #[diesel(sql_type = Jsonb)]
    rule_snapshot: Value,
}

async fn totals(app: &TestApp) -> Totals {
    let mut conn = app.conn().await;
    diesel::sql_query(TOTALS)
        .get_result(&mut conn)
        .await
        .unwrap()
}

async fn verify(app: &TestApp) -> Value {
    let (_, finance) = app.login_as("finance").await;
    let response = app
        .post("/api/v1/commissions/balances/verify", &finance, json!({}))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_dataset_keeps_the_ledger_identity_and_settles() {
    let app = spawn_app().await;
    // The Cetaphil campaign (slug `cetaphil-lanzamiento`, as the seed's) at 10 %, with Isabela's
    // enabled code: orders cycle through her code and the bench influencers' codes.
    catalogue(&app, "pre_tax", false, "10").await;
    let spec = DatasetSpec {
        orders: 230,
        influencers: 4,
    };
    let mut conn = app.conn().await;
    let first = generate(
        &mut conn,
        app.state.tenant_id,
        "cetaphil-lanzamiento",
        spec,
        100,
    )
    .await
    .unwrap();
    assert_eq!(
        first,
        Generated {
            influencers_created: 4,
            first_order: 0,
            orders: 230
        }
    );
    // A second run continues the numbering and creates no influencer again.
    let more = DatasetSpec {
        orders: 20,
        influencers: 4,
    };
    let second = generate(
        &mut conn,
        app.state.tenant_id,
        "cetaphil-lanzamiento",
        more,
        100,
    )
    .await
    .unwrap();
    assert_eq!(
        second,
        Generated {
            influencers_created: 0,
            first_order: 230,
            orders: 20
        }
    );
    drop(conn);

    let totals = totals(&app).await;
    assert_eq!(totals.orders, 250);
    assert_eq!(totals.distinct_ids, 250);
    assert_eq!(totals.last_id, "BENCH-000000249");
    assert_eq!(totals.commissions, 250);
    assert_eq!(totals.estimated_entries, 250);
    assert_eq!(totals.transitions, 250);
    assert_eq!(totals.commission_lines, 250);
    assert_eq!(totals.usage, 250, "each order counted once on its code");
    assert!(totals.commission_sum > Decimal::ZERO);
    assert_eq!(totals.balance_estimated, totals.commission_sum);

    // The balances equal the fold of their ledger, bucket by bucket (five codes: Isabela's and
    // the four bench influencers').
    let verified = verify(&app).await;
    assert_eq!(verified["checkedBalances"], 5, "{verified}");
    assert_eq!(verified["mismatches"], json!([]), "{verified}");
    assert_eq!(verified["warnings"], json!([]), "{verified}");

    // The snapshot is the campaign's frozen rules, readable as the ingest's.
    let mut conn = app.conn().await;
    let snapshot: Snapshot = diesel::sql_query("SELECT rule_snapshot FROM commissions LIMIT 1")
        .get_result(&mut conn)
        .await
        .unwrap();
    let snapshot: RuleSnapshot = serde_json::from_value(snapshot.rule_snapshot).unwrap();
    assert_eq!(snapshot.rate.value(), dec("10.00"));
    assert_eq!(snapshot.brand_vtex_id.as_deref(), Some("2000050"));
    // The dashboard rollups (ADR 0059) are kept by triggers on `commissions`: the set-based
    // chunks leave them exactly as a recompute from scratch.
    assert_eq!(
        afiliados_db::dashboard_admin::rollup_drift(&mut conn, app.state.tenant_id)
            .await
            .unwrap(),
        vec![]
    );
    drop(conn);

    // Every generated order is invoiced before now: waiting period 0 confirms them all.
    let response = app
        .post(
            "/internal/v1/settlements/run",
            INTERNAL_TOKEN,
            json!({"scheduledAt": chrono::Utc::now(), "waitingPeriodDays": 0}),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let run: Value = response.json().await.unwrap();
    assert_eq!(run["totals"]["confirmed"]["count"], 250, "{run}");
    let verified = verify(&app).await;
    assert_eq!(verified["mismatches"], json!([]), "{verified}");
    let mut conn = app.conn().await;
    assert_eq!(
        afiliados_db::dashboard_admin::rollup_drift(&mut conn, app.state.tenant_id)
            .await
            .unwrap(),
        vec![],
        "after the set-based settlement"
    );
}
