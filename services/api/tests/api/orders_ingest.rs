//! `POST /internal/v1/orders/ingest` against real PostgreSQL (`domain.md` §5.6–5.10, §5.13): the
//! fixture order `oms-order-with-coupon.expected.json` in both configured cases, versions by
//! `lastChange`, partial returns with the cumulative formula, cancellation, the clawback rule,
//! self-referral holds and non-attribution. Every test ends with the ledger identity: for the
//! balance it touched, the sum of the ledger deltas equals the balance row.
//!
//! The catalogue is written through the database with the fixture's own instants (code created
//! 2026-02-01 15:00Z, influencer approved 2026-01-20, campaign active from 2026-02-01), because
//! attribution reads the past; settlement and withdrawals do not exist yet, so the tests that
//! need a confirmed or paid-out balance post those entries with the ledger's own db functions.

use afiliados_db::influencer_balance::BalanceBuckets;
use afiliados_db::ledger::NewLedgerEntry;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::insert_influencer;
use crate::helpers::*;

const INGEST: &str = "/internal/v1/orders/ingest";

pub(crate) struct Fixture {
    pub(crate) brand: Uuid,
    pub(crate) influencer: Uuid,
    pub(crate) code: Uuid,
}

pub(crate) fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

pub(crate) fn fixture_order() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/vtex/oms-order-with-coupon.expected.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    expected["normalizedOrder"].clone()
}

pub(crate) async fn exec(app: &TestApp, sql: String) {
    let mut conn = app.conn().await;
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

/// Cetaphil (`vtexBrandId` 2000050), campaign "Cetaphil Lanzamiento" (category 3, 2026-02-01 …
/// 2026-04-30, minimum 150 000, no tiers: the base percent is the rate), Isabela approved since
/// 2026-01-20 and her code `CETAPHIL-ISABELA7KQ2` created 2026-02-01 15:00Z.
pub(crate) async fn catalogue(
    app: &TestApp,
    basis: &str,
    include_shipping: bool,
    rate: &str,
) -> Fixture {
    let tenant = app.state.tenant_id;
    let brand = app.create_brand("cetaphil").await;
    exec(
        app,
        format!("UPDATE brands SET vtex_brand_id = '2000050' WHERE id = '{brand}'"),
    )
    .await;
    let influencer = insert_influencer(app, "Isabela", "Gómez", "approved").await;
    exec(
        app,
        format!(
            "UPDATE influencers SET email = 'isabela@example.com', document_number = '1020304050',
         created_at = '2026-01-10T12:00:00Z' WHERE id = '{influencer}'"
        ),
    )
    .await;
    let campaign = afiliados_db::new_id();
    exec(app, format!(
        "INSERT INTO campaigns (id, tenant_id, brand_id, name, slug, start_date, end_date, status,
           base_commission_percent, commission_basis, include_shipping, min_order_value,
           eligible_scope_type, eligible_scope_values, created_at)
         VALUES ('{campaign}', '{tenant}', '{brand}', 'Cetaphil Lanzamiento', 'cetaphil-lanzamiento',
           '2026-02-01', '2026-04-30', 'active', {rate}, '{basis}', {include_shipping}, 150000,
           'category', '{{3}}', '2026-01-25T12:00:00Z')"
    ))
    .await;
    for (kind, id, status, at) in [
        ("influencer", influencer, "pending", "2026-01-10T12:00:00Z"),
        ("influencer", influencer, "approved", "2026-01-20T12:00:00Z"),
        ("campaign", campaign, "active", "2026-02-01T05:00:00Z"),
    ] {
        exec(app, format!(
            "INSERT INTO status_history (id, tenant_id, entity_type, entity_id, to_status, actor, occurred_at)
             VALUES ('{}', '{tenant}', '{kind}', '{id}', '{status}', 'test', '{at}')",
            afiliados_db::new_id()
        ))
        .await;
    }
    let code = afiliados_db::new_id();
    exec(app, format!(
        "INSERT INTO discount_codes (id, tenant_id, campaign_id, influencer_id, brand_id, code,
           discount_percent, status, created_by, created_at)
         VALUES ('{code}', '{tenant}', '{campaign}', '{influencer}', '{brand}', 'CETAPHIL-ISABELA7KQ2',
           10, 'active', 'test', '2026-02-01T15:00:00Z')"
    ))
    .await;
    Fixture {
        brand,
        influencer,
        code,
    }
}

pub(crate) async fn ingest(app: &TestApp, order: &Value) -> (u16, Value) {
    ingest_with(app, order, false).await
}

pub(crate) async fn ingest_with(app: &TestApp, order: &Value, force: bool) -> (u16, Value) {
    let response = app
        .post(
            INGEST,
            INTERNAL_TOKEN,
            json!({"source": "hook", "force": force, "order": order}),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// The order as a later version: `lastChange` moved by `minutes`, then `edit` applied.
pub(crate) fn version(base: &Value, minutes: i64, edit: impl FnOnce(&mut Value)) -> Value {
    let mut order = base.clone();
    let last: chrono::DateTime<chrono::Utc> =
        order["lastChange"].as_str().unwrap().parse().unwrap();
    order["lastChange"] = json!((last + chrono::Duration::minutes(minutes)).to_rfc3339());
    edit(&mut order);
    order
}

pub(crate) async fn balance(app: &TestApp, fixture: &Fixture) -> (BalanceBuckets, Decimal) {
    let mut conn = app.conn().await;
    afiliados_db::influencer_balance::read(&mut conn, fixture.influencer, fixture.brand)
        .await
        .unwrap()
        .expect("balance row")
}

/// Σ ledger deltas = the balance row, bucket by bucket, and the row's identity holds.
pub(crate) async fn assert_ledger_identity(app: &TestApp, fixture: &Fixture) {
    let mut conn = app.conn().await;
    let sums = afiliados_db::ledger::sums(&mut conn, fixture.influencer, fixture.brand)
        .await
        .unwrap();
    let (row, available) = balance(app, fixture).await;
    assert_eq!(
        sums,
        [
            row.estimated,
            row.confirmed,
            row.reverted,
            row.pending_withdrawal,
            row.withdrawn,
            row.pending_adjustments
        ]
    );
    assert_eq!(
        available,
        row.confirmed - row.withdrawn - row.pending_withdrawal - row.pending_adjustments
    );
}

/// `amount` withdrawn and paid out of the confirmed balance (a reservation, then its payment), as
/// the payments issue will post them: what a clawback finds already gone.
pub(crate) async fn pay_out(app: &TestApp, fixture: &Fixture, amount: &str) {
    let paid = format!("-{amount}");
    let reserved = ["0", "0", "0", amount, "0", "0"];
    post_entry(app, fixture, "withdrawal_reserved", amount, reserved, None).await;
    let payment = ["0", "0", "0", paid.as_str(), amount, "0"];
    post_entry(app, fixture, "payment", amount, payment, None).await;
}

/// Posts an entry the way settlement and payments will (lock, append, store): used to reach a
/// confirmed or paid-out balance, which ingestion alone never does.
pub(crate) async fn post_entry(
    app: &TestApp,
    fixture: &Fixture,
    entry_type: &str,
    amount: &str,
    deltas: [&str; 6],
    commission: Option<Uuid>,
) {
    let mut conn = app.conn().await;
    let tenant = app.state.tenant_id;
    let before = afiliados_db::influencer_balance::lock(
        &conn,
        tenant,
        fixture.influencer,
        fixture.brand,
        "COP",
    )
    .await
    .unwrap();
    let d: Vec<Decimal> = deltas.iter().map(|text| dec(text)).collect();
    let after = BalanceBuckets {
        estimated: before.estimated + d[0],
        confirmed: before.confirmed + d[1],
        reverted: before.reverted + d[2],
        pending_withdrawal: before.pending_withdrawal + d[3],
        withdrawn: before.withdrawn + d[4],
        pending_adjustments: before.pending_adjustments + d[5],
    };
    let available =
        after.confirmed - after.withdrawn - after.pending_withdrawal - after.pending_adjustments;
    let seq = afiliados_db::ledger::append(
        &mut conn,
        &NewLedgerEntry {
            id: afiliados_db::new_id(),
            tenant_id: tenant,
            influencer_id: fixture.influencer,
            brand_id: fixture.brand,
            entry_type,
            amount: dec(amount),
            d_estimated: d[0],
            d_confirmed: d[1],
            d_reverted: d[2],
            d_pending_withdrawal: d[3],
            d_withdrawn: d[4],
            d_pending_adjustments: d[5],
            available_after: available,
            commission_id: commission,
            adjustment_id: None,
            withdrawal_id: None,
            payment_id: None,
            description: "test",
            created_by: "test",
            created_at: app.state.clock.now(),
        },
    )
    .await
    .unwrap();
    afiliados_db::influencer_balance::store(
        &mut conn,
        fixture.influencer,
        fixture.brand,
        &after,
        available,
        seq,
        app.state.clock.now(),
    )
    .await
    .unwrap();
}

/// What settlement will do: `commission_confirmed` for the net amount.
pub(crate) async fn confirm(app: &TestApp, fixture: &Fixture, commission: &Value) {
    let id: Uuid = commission["id"].as_str().unwrap().parse().unwrap();
    let net = commission["netAmount"].to_string();
    exec(
        app,
        format!(
            "UPDATE commissions SET state = 'confirmed', confirmed_at = now() WHERE id = '{id}'"
        ),
    )
    .await;
    let minus = format!("-{net}");
    post_entry(
        app,
        fixture,
        "commission_confirmed",
        &net,
        [&minus, &net, "0", "0", "0", "0"],
        Some(id),
    )
    .await;
}

async fn usage_count(app: &TestApp, fixture: &Fixture) -> i32 {
    use afiliados_db::schema::discount_codes;
    let mut conn = app.conn().await;
    discount_codes::table
        .filter(discount_codes::id.eq(fixture.code))
        .select(discount_codes::usage_count)
        .first(&mut conn)
        .await
        .unwrap()
}

pub(crate) async fn entries_of(app: &TestApp, commission: &Value) -> Vec<(String, Decimal)> {
    let id: Uuid = commission["id"].as_str().unwrap().parse().unwrap();
    let mut conn = app.conn().await;
    afiliados_db::ledger::of_commission(&mut conn, id)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_fixture_pre_tax_gives_20_223_once_then_unchanged_and_stale() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let order = fixture_order();
    let (status, body) = ingest(&app, &order).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"], "created");
    assert_eq!(body["status"], "invoiced");
    assert_eq!(body["attributed"], true);
    assert_eq!(body["nonAttributionReason"], Value::Null);
    assert_eq!(body["commission"]["state"], "estimated");
    assert_eq!(
        body["commission"]["commissionAmount"].to_string(),
        "20223.00"
    );
    assert_eq!(body["commission"]["netAmount"].to_string(), "20223.00");
    assert_eq!(body["commission"]["onHold"], false);
    assert_eq!(body["ledgerEntries"], 1);
    assert_eq!(usage_count(&app, &fixture).await, 1);
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.estimated, dec("20223.00"));
    assert_eq!(available, Decimal::ZERO);
    // Lines: 0 and 1 eligible, 2 brand_mismatch, 3 category_not_in_scope; no shipping share.
    {
        let order_id: Uuid = body["orderId"].as_str().unwrap().parse().unwrap();
        let mut conn = app.conn().await;
        let lines = afiliados_db::order_lines::of_order(&mut conn, order_id)
            .await
            .unwrap();
        let view: Vec<(bool, Option<String>, Decimal, Decimal)> = lines
            .iter()
            .map(|l| {
                (
                    l.eligible,
                    l.ineligibility_reason.clone(),
                    l.eligible_amount,
                    l.shipping_share,
                )
            })
            .collect();
        assert_eq!(
            view,
            vec![
                (true, None, dec("125820.00"), Decimal::ZERO),
                (true, None, dec("76410.00"), Decimal::ZERO),
                (
                    false,
                    Some("brand_mismatch".into()),
                    Decimal::ZERO,
                    Decimal::ZERO
                ),
                (
                    false,
                    Some("category_not_in_scope".into()),
                    Decimal::ZERO,
                    Decimal::ZERO
                ),
            ]
        );
        let history = afiliados_db::order_status_history::of_order(&mut conn, order_id)
            .await
            .unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(
            (history[0].0.as_deref(), history[0].1.as_str()),
            (None, "invoiced")
        );
    }
    // The same version again changes nothing.
    let (status, again) = ingest(&app, &order).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["outcome"], "unchanged");
    assert_eq!(again["ledgerEntries"], 0);
    assert_eq!(
        again["commission"]["commissionAmount"].to_string(),
        "20223.00"
    );
    assert_eq!(usage_count(&app, &fixture).await, 1);
    // An older version is skipped, even forced.
    let older = version(&order, -60, |_| {});
    for force in [false, true] {
        let (status, stale) = ingest_with(&app, &older, force).await;
        assert_eq!(status, 200, "{stale}");
        assert_eq!(stale["outcome"], "stale");
    }
    // A forced equal version is recomputed: same amounts, no movement.
    let (_, forced) = ingest_with(&app, &order, true).await;
    assert_eq!(forced["outcome"], "updated");
    assert_eq!(forced["ledgerEntries"], 0);
    assert_eq!(entries_of(&app, &body["commission"]).await.len(), 1);
    assert_ledger_identity(&app, &fixture).await;
}

#[tokio::test]
async fn the_fixture_post_tax_with_shipping_gives_29_771_64_and_returns_revert_9_261_41_then_9_261_40()
 {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "post_tax", true, "12").await;
    let order = fixture_order();
    let (status, body) = ingest(&app, &order).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["commission"]["commissionAmount"].to_string(),
        "29771.64"
    );
    {
        let order_id: Uuid = body["orderId"].as_str().unwrap().parse().unwrap();
        let mut conn = app.conn().await;
        let lines = afiliados_db::order_lines::of_order(&mut conn, order_id)
            .await
            .unwrap();
        let shares: Vec<Decimal> = lines.iter().map(|l| l.shipping_share).collect();
        assert_eq!(
            shares,
            vec![
                dec("4630.98"),
                dec("2812.38"),
                dec("3496.61"),
                dec("1060.03")
            ]
        );
        assert_eq!(lines[0].eligible_amount, dec("154356.78"));
        assert_eq!(lines[1].eligible_amount, dec("93740.28"));
    }
    confirm(&app, &fixture, &body["commission"]).await;
    // One unit of line 0 returned after confirmation.
    let one = version(&order, 60, |o| o["lines"][0]["returnedQuantity"] = json!(1));
    let (status, first) = ingest(&app, &one).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["outcome"], "updated");
    assert_eq!(first["status"], "invoiced");
    assert_eq!(first["commission"]["state"], "confirmed");
    assert_eq!(first["commission"]["netAmount"].to_string(), "20510.23");
    assert_eq!(first["ledgerEntries"], 1);
    // The second unit later: the cumulative formula reverts 9 261.40 more.
    let two = version(&order, 120, |o| {
        o["lines"][0]["returnedQuantity"] = json!(2)
    });
    let (_, second) = ingest(&app, &two).await;
    assert_eq!(second["commission"]["state"], "confirmed");
    assert_eq!(second["commission"]["netAmount"].to_string(), "11248.83");
    let entries = entries_of(&app, &body["commission"]).await;
    assert_eq!(
        entries,
        vec![
            ("commission_estimated".into(), dec("29771.64")),
            ("commission_confirmed".into(), dec("29771.64")),
            ("commission_reverted".into(), dec("9261.41")),
            ("commission_reverted".into(), dec("9261.40")),
        ]
    );
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.confirmed, dec("11248.83"));
    assert_eq!(row.reverted, dec("18522.81"));
    assert_eq!(available, dec("11248.83"));
    assert_ledger_identity(&app, &fixture).await;
}

#[tokio::test]
async fn cancellation_while_estimated_reverts_everything_and_nothing_touches_available() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let order = fixture_order();
    let (_, body) = ingest(&app, &order).await;
    let canceled = version(&order, 30, |o| {
        o["status"] = json!("canceled");
        o["vtexStatus"] = json!("canceled");
    });
    let (status, after) = ingest(&app, &canceled).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["status"], "canceled");
    assert_eq!(after["commission"]["state"], "reverted");
    assert_eq!(after["commission"]["netAmount"].to_string(), "0.00");
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(
        (row.estimated, row.reverted),
        (Decimal::ZERO, dec("20223.00"))
    );
    assert_eq!(available, Decimal::ZERO);
    // A later non-final state is a regression: status kept, warning raised, nothing moves.
    let back = version(&order, 90, |_| {});
    let (_, regressed) = ingest(&app, &back).await;
    assert_eq!(regressed["status"], "canceled");
    assert!(
        regressed["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "status_regression_after_final"),
        "{regressed}"
    );
    assert_eq!(regressed["ledgerEntries"], 0);
    let mut conn = app.conn().await;
    let id: Uuid = body["commission"]["id"].as_str().unwrap().parse().unwrap();
    let trail = afiliados_db::commission_transitions::of_commission(&mut conn, id)
        .await
        .unwrap();
    let kinds: Vec<&str> = trail.iter().map(|t| t.3.as_str()).collect();
    assert_eq!(kinds, vec!["created", "reverted"]);
    assert_eq!(trail[1].4.as_deref(), Some("order_canceled"));
    drop(conn);
    assert_ledger_identity(&app, &fixture).await;
}

#[tokio::test]
async fn reverting_a_confirmed_commission_after_payout_opens_the_clawback_adjustment() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let order = fixture_order();
    let (_, body) = ingest(&app, &order).await;
    confirm(&app, &fixture, &body["commission"]).await;
    // 20 000.00 withdrawn and paid: available 223.00.
    pay_out(&app, &fixture, "20000.00").await;
    let canceled = version(&order, 30, |o| {
        o["status"] = json!("canceled");
        o["vtexStatus"] = json!("canceled");
    });
    let (status, after) = ingest(&app, &canceled).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["commission"]["state"], "reverted");
    assert_eq!(after["ledgerEntries"], 2);
    let entries = entries_of(&app, &body["commission"]).await;
    assert_eq!(
        entries[2..].to_vec(),
        vec![
            ("commission_reverted".into(), dec("20223.00")),
            ("adjustment_opened".into(), dec("20000.00")),
        ]
    );
    let id: Uuid = body["commission"]["id"].as_str().unwrap().parse().unwrap();
    let mut conn = app.conn().await;
    let adjustments = afiliados_db::adjustments::of_commission(&mut conn, id)
        .await
        .unwrap();
    assert_eq!(
        adjustments,
        vec![("clawback".into(), dec("20000.00"), "pending".into())]
    );
    drop(conn);
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.confirmed, dec("20000.00"));
    assert_eq!(row.reverted, dec("223.00"));
    assert_eq!(row.pending_adjustments, dec("20000.00"));
    assert_eq!(available, dec("-20000.00"));
    assert_ledger_identity(&app, &fixture).await;
}

#[tokio::test]
async fn self_referral_by_email_or_document_holds_the_commission() {
    for (email, document) in [
        ("Isabela@Example.com ", "52876543"),
        ("isabela.g@gmail.com", "1.020.304.050"),
    ] {
        let app = spawn_app().await;
        let fixture = catalogue(&app, "pre_tax", false, "10").await;
        let mut order = fixture_order();
        order["customerEmail"] = json!(email);
        order["customerDocument"] = json!(document);
        let (status, body) = ingest(&app, &order).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["attributed"], true);
        assert_eq!(body["commission"]["onHold"], true, "{email} {document}");
        assert_eq!(body["commission"]["state"], "estimated");
        let id: Uuid = body["commission"]["id"].as_str().unwrap().parse().unwrap();
        let mut conn = app.conn().await;
        let trail = afiliados_db::commission_transitions::of_commission(&mut conn, id)
            .await
            .unwrap();
        let kinds: Vec<&str> = trail.iter().map(|t| t.3.as_str()).collect();
        assert_eq!(kinds, vec!["created", "hold_placed"]);
        drop(conn);
        assert_ledger_identity(&app, &fixture).await;
    }
    // Another customer: no hold.
    let app = spawn_app().await;
    catalogue(&app, "pre_tax", false, "10").await;
    let mut order = fixture_order();
    order["customerEmail"] = json!("isabela.g@gmail.com");
    let (_, body) = ingest(&app, &order).await;
    assert_eq!(body["commission"]["onHold"], false);
}

#[tokio::test]
async fn an_unknown_coupon_is_stored_but_not_attributed() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let mut order = fixture_order();
    order["couponCode"] = json!("CETAPHIL-ISABELA7KQ3");
    order["couponCodeNormalized"] = json!("CETAPHIL-ISABELA7KQ3");
    let (status, body) = ingest(&app, &order).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"], "created");
    assert_eq!(body["attributed"], false);
    assert_eq!(body["nonAttributionReason"], "coupon_unknown");
    assert_eq!(body["commission"], Value::Null);
    assert_eq!(body["ledgerEntries"], 0);
    assert_eq!(usage_count(&app, &fixture).await, 0);
    let mut conn = app.conn().await;
    assert!(
        afiliados_db::influencer_balance::read(&mut conn, fixture.influencer, fixture.brand)
            .await
            .unwrap()
            .is_none()
    );
    // Placed before the code existed: matched, but not attributed.
    let mut early = fixture_order();
    early["vtexOrderId"] = json!("1432120500001-01");
    early["placedAt"] = json!("2026-02-01T14:00:00Z");
    let (_, body) = ingest(&app, &early).await;
    assert_eq!(body["nonAttributionReason"], "code_created_after_order");
}

#[tokio::test]
async fn a_normalised_order_that_breaks_its_schema_is_refused_with_422_and_nothing_written() {
    let app = spawn_app().await;
    catalogue(&app, "pre_tax", false, "10").await;
    let mut order = fixture_order();
    order["lines"][1]["lineIndex"] = json!(0);
    let (status, body) = ingest(&app, &order).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["details"]
            .to_string()
            .contains("order.lines[1].lineIndex"),
        "{body}"
    );
    let mut missing = fixture_order();
    missing.as_object_mut().unwrap().remove("lastChange");
    let (status, body) = ingest(&app, &missing).await;
    assert_eq!(status, 422, "{body}");
    let mut bad_status = fixture_order();
    bad_status["status"] = json!("teleported");
    let (status, _) = ingest(&app, &bad_status).await;
    assert_eq!(status, 422);
    let mut conn = app.conn().await;
    let count: i64 = afiliados_db::schema::orders::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn the_ledger_and_both_trails_refuse_update_and_delete() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    ingest(&app, &fixture_order()).await;
    let statements = [
        "UPDATE ledger_entries SET amount = 1",
        "DELETE FROM ledger_entries",
        "UPDATE commission_transitions SET amount = 1",
        "DELETE FROM commission_transitions",
        "UPDATE order_status_history SET vtex_status = 'x'",
        "DELETE FROM order_status_history",
    ];
    // The api's runtime role lacks the privilege (ADR 0023) ...
    let mut conn = app.conn().await;
    for sql in statements {
        let error = diesel::sql_query(sql).execute(&mut conn).await.unwrap_err();
        assert!(
            error.to_string().contains("permission denied"),
            "{sql}: {error}"
        );
    }
    drop(conn);
    // ... and even the owner is stopped by the append-only trigger.
    let mut owner = app.owner_conn().await;
    for sql in statements {
        let error = diesel::sql_query(sql)
            .execute(&mut owner)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("append-only"), "{sql}: {error}");
    }
    drop(owner);
    assert_ledger_identity(&app, &fixture).await;
}
