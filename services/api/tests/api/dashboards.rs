//! `GET /dashboard/influencer` and `GET /dashboard/gestor` (`api.md` §15, `domain.md` §6.1–6.2)
//! on a pinned clock (Friday 2026-03-20, 10:00 Bogota) over a seeded order set: the fixture order
//! ingested through the api plus orders and commissions written through the database in every
//! state (confirmed inside and outside the tier window, partially returned, canceled, held), a
//! confirmed ledger movement and a pending adjustment. The numbers are the definitions of §6.1
//! worked by hand; the scoping rules of §2.3 are tried from every side.

use afiliados_domain::ManualClock;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::{influencer_login, insert_influencer, marca_login};
use crate::helpers::*;
use crate::orders_ingest::{Fixture, catalogue, exec, fixture_order, ingest, post_entry};
use crate::orders_read::{isabela_login, read};

/// Friday 2026-03-20 10:00 in Bogota.
const NOW: &str = "2026-03-20T15:00:00Z";

/// One attributed order and its commission, written straight to the database.
pub(crate) struct Seeded<'a> {
    pub(crate) vtex: &'a str,
    pub(crate) placed: &'a str,
    pub(crate) status: &'a str,
    pub(crate) state: &'a str,
    pub(crate) eligible: &'a str,
    pub(crate) commission: &'a str,
    pub(crate) reverted: &'a str,
    pub(crate) confirmed_at: Option<&'a str>,
    pub(crate) held: bool,
}

/// The campaign of the fixture's code.
pub(crate) async fn campaign_of(app: &TestApp, fixture: &Fixture) -> Uuid {
    use afiliados_db::schema::discount_codes;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    discount_codes::table
        .filter(discount_codes::id.eq(fixture.code))
        .select(discount_codes::campaign_id)
        .first(&mut conn)
        .await
        .unwrap()
}

/// Writes an order of `fixture`'s influencer, brand, campaign and code, and its commission.
pub(crate) async fn seed(app: &TestApp, fixture: &Fixture, campaign: Uuid, row: &Seeded<'_>) {
    let tenant = app.state.tenant_id;
    let order = afiliados_db::new_id();
    exec(
        app,
        format!(
            "INSERT INTO orders (id, tenant_id, vtex_order_id, status, vtex_status, placed_at,
               currency, items_total, discounts_total, shipping_total, tax_total, total_value,
               net_items_total, eligible_total, coupon_code, coupon_code_normalized,
               discount_code_id, brand_id, influencer_id, campaign_id, attributed,
               vtex_last_change, last_ingested_at, last_source, document_json)
             VALUES ('{order}', '{tenant}', '{vtex}', '{status}', '{status}', '{placed}', 'COP',
               {eligible}, 0, 0, 0, {eligible}, {eligible}, {eligible}, 'CETAPHIL-ISABELA7KQ2',
               'CETAPHIL-ISABELA7KQ2', '{code}', '{brand}', '{influencer}', '{campaign}', true,
               '{placed}', '{placed}', 'hook', '{{}}')",
            vtex = row.vtex,
            status = row.status,
            placed = row.placed,
            eligible = row.eligible,
            code = fixture.code,
            brand = fixture.brand,
            influencer = fixture.influencer,
        ),
    )
    .await;
    let reverted_at = if row.state == "reverted" {
        format!("'{}'", row.placed)
    } else {
        "NULL".to_owned()
    };
    let confirmed_at = row
        .confirmed_at
        .map_or_else(|| "NULL".to_owned(), |at| format!("'{at}'"));
    let hold_reason = if row.held { "'self_referral'" } else { "NULL" };
    exec(
        app,
        format!(
            "INSERT INTO commissions (id, tenant_id, order_id, influencer_id, campaign_id, brand_id,
               discount_code_id, state, commission_rate, tier_level, tier_name, campaign_version,
               rule_snapshot, eligible_amount, commission_amount, reverted_amount, on_hold,
               hold_reason, estimated_at, confirmed_at, reverted_at)
             VALUES ('{id}', '{tenant}', '{order}', '{influencer}', '{campaign}', '{brand}',
               '{code}', '{state}', 10, 0, 'Base', 1, '{{}}', {eligible}, {commission},
               {reverted}, {held}, {hold_reason}, '{placed}', {confirmed_at}, {reverted_at})",
            id = afiliados_db::new_id(),
            influencer = fixture.influencer,
            brand = fixture.brand,
            code = fixture.code,
            state = row.state,
            eligible = row.eligible,
            commission = row.commission,
            reverted = row.reverted,
            held = row.held,
            placed = row.placed,
        ),
    )
    .await;
}

/// The order set of the module doc, with Isabela's membership, the seed tiers (Base 10 % at 0,
/// Avanzado 12 % at 500 000, Elite 15 % at 2 000 000; P = 15 days) and her on Avanzado.
async fn seeded(app: &TestApp) -> (Fixture, Uuid) {
    let fixture = catalogue(app, "pre_tax", false, "10").await;
    let (status, body) = ingest(app, &fixture_order()).await;
    assert_eq!(status, 200, "{body}");
    let campaign = campaign_of(app, &fixture).await;
    let tenant = app.state.tenant_id;
    exec(
        app,
        format!(
            "INSERT INTO campaign_influencers (id, tenant_id, campaign_id, influencer_id)
             VALUES ('{}', '{tenant}', '{campaign}', '{}')",
            afiliados_db::new_id(),
            fixture.influencer
        ),
    )
    .await;
    for (name, level, threshold, rate) in [
        ("Base", 1, 0, 10),
        ("Avanzado", 2, 500_000, 12),
        ("Elite", 3, 2_000_000, 15),
    ] {
        exec(
            app,
            format!(
                "INSERT INTO campaign_tiers (id, campaign_id, name, level, threshold,
                   commission_percent, is_default)
                 VALUES ('{}', '{campaign}', '{name}', {level}, {threshold}, {rate}, {})",
                afiliados_db::new_id(),
                level == 1
            ),
        )
        .await;
    }
    exec(
        app,
        format!(
            "UPDATE campaigns SET next_tier_evaluation_on = '2026-03-31' WHERE id = '{campaign}'"
        ),
    )
    .await;
    exec(
        app,
        format!(
            "INSERT INTO tier_assignments (id, tenant_id, campaign_id, influencer_id, tier_level, since)
             VALUES ('{}', '{tenant}', '{campaign}', '{}', 2, '2026-03-16T07:30:00Z')",
            afiliados_db::new_id(),
            fixture.influencer
        ),
    )
    .await;
    let rows = [
        // Confirmed inside the live window [03-05 15:00Z, 03-20 15:00Z).
        Seeded {
            vtex: "A-01",
            placed: "2026-03-05T15:00:00Z",
            status: "invoiced",
            state: "confirmed",
            eligible: "400000.00",
            commission: "40000.00",
            reverted: "0",
            confirmed_at: Some("2026-03-10T12:00:00Z"),
            held: false,
        },
        Seeded {
            vtex: "B-01",
            placed: "2026-03-06T15:00:00Z",
            status: "invoiced",
            state: "confirmed",
            eligible: "220000.00",
            commission: "22000.00",
            reverted: "0",
            confirmed_at: Some("2026-03-12T12:00:00Z"),
            held: false,
        },
        // Half returned: effective eligible 50 000.00, net 5 000.00.
        Seeded {
            vtex: "C-01",
            placed: "2026-03-07T15:00:00Z",
            status: "invoiced",
            state: "estimated",
            eligible: "100000.00",
            commission: "10000.00",
            reverted: "5000.00",
            confirmed_at: None,
            held: false,
        },
        Seeded {
            vtex: "D-01",
            placed: "2026-03-08T15:00:00Z",
            status: "canceled",
            state: "reverted",
            eligible: "80000.00",
            commission: "8000.00",
            reverted: "8000.00",
            confirmed_at: None,
            held: false,
        },
        Seeded {
            vtex: "E-01",
            placed: "2026-03-09T15:00:00Z",
            status: "invoiced",
            state: "estimated",
            eligible: "30000.00",
            commission: "3000.00",
            reverted: "0",
            confirmed_at: None,
            held: true,
        },
        // February: outside the period and the tier window.
        Seeded {
            vtex: "F-01",
            placed: "2026-02-10T15:00:00Z",
            status: "invoiced",
            state: "confirmed",
            eligible: "300000.00",
            commission: "30000.00",
            reverted: "0",
            confirmed_at: Some("2026-02-25T12:00:00Z"),
            held: false,
        },
    ];
    for row in &rows {
        seed(app, &fixture, campaign, row).await;
    }
    // The fixture's commission confirmed in the ledger: available 20 223.00 ≥ minimum 20 000.00.
    post_entry(
        app,
        &fixture,
        "commission_confirmed",
        "20223.00",
        ["-20223.00", "20223.00", "0", "0", "0", "0"],
        None,
    )
    .await;
    exec(
        app,
        format!(
            "INSERT INTO brand_withdrawal_policies (id, brand_id, minimum_amount)
             VALUES ('{}', '{}', 20000)
             ON CONFLICT (brand_id) DO UPDATE SET minimum_amount = 20000",
            afiliados_db::new_id(),
            fixture.brand
        ),
    )
    .await;
    exec(
        app,
        format!(
            "INSERT INTO adjustments (id, tenant_id, influencer_id, brand_id, kind, amount, reason,
               created_by, created_at)
             VALUES ('{}', '{tenant}', '{}', '{}', 'manual', 1500.00,
               'Corrección manual de prueba', 'test', '2026-03-15T12:00:00Z')",
            afiliados_db::new_id(),
            fixture.influencer,
            fixture.brand
        ),
    )
    .await;
    (fixture, campaign)
}

async fn pinned() -> TestApp {
    let clock = ManualClock::new(NOW.parse().unwrap());
    spawn_app_at(&clock, |_| {}).await
}

fn money(value: &Value) -> String {
    value.to_string()
}

#[tokio::test]
async fn the_influencer_dashboard_adds_up_the_seeded_orders() {
    let app = pinned().await;
    let (fixture, campaign) = seeded(&app).await;
    let isabela = isabela_login(&app, &fixture).await;
    let (status, board) = read(&app, "/dashboard/influencer", &isabela).await;
    assert_eq!(status, 200, "{board}");

    assert_eq!(board["influencer"]["id"], fixture.influencer.to_string());
    assert_eq!(board["influencer"]["firstName"], "Isabela");
    assert_eq!(board["generatedAt"], "2026-03-20T15:00:00Z");

    // The default period is this Bogota month.
    let period = &board["period"];
    assert_eq!(period["from"], "2026-03-01T05:00:00Z");
    assert_eq!(period["to"], "2026-04-01T05:00:00Z");
    assert_eq!(period["attributedOrders"], 6, "{period}");
    assert_eq!(period["canceledOrders"], 1);
    // 202 230 (fixture) + 400 000 + 220 000 + 50 000 (half returned) + 30 000 (held); the
    // reverted D is left out.
    assert_eq!(money(&period["eligibleSales"]), "902230.00");
    assert_eq!(money(&period["estimatedCommission"]), "25223.00");
    assert_eq!(money(&period["confirmedCommission"]), "62000.00");
    assert_eq!(money(&period["onHoldCommission"]), "3000.00");
    assert_eq!(money(&period["revertedCommission"]), "13000.00");

    // Twelve months ending with March 2026, zero-filled.
    let monthly = board["monthly"].as_array().unwrap();
    assert_eq!(monthly.len(), 12);
    assert_eq!(monthly[0]["month"], "2025-04");
    assert_eq!(monthly[10]["month"], "2026-02");
    assert_eq!(money(&monthly[10]["eligibleSales"]), "300000.00");
    assert_eq!(money(&monthly[10]["confirmedCommission"]), "30000.00");
    assert_eq!(monthly[11]["month"], "2026-03");
    assert_eq!(money(&monthly[11]["eligibleSales"]), "902230.00");
    assert_eq!(money(&monthly[11]["confirmedCommission"]), "62000.00");
    assert_eq!(money(&monthly[0]["eligibleSales"]), "0.00");
    let chart_total: f64 = monthly
        .iter()
        .map(|month| month["eligibleSales"].as_f64().unwrap())
        .sum();
    assert!((chart_total - 1_202_230.0).abs() < 0.001);

    let sales = board["salesByCampaign"].as_array().unwrap();
    assert_eq!(sales.len(), 1);
    assert_eq!(sales[0]["campaignId"], campaign.to_string());
    assert_eq!(sales[0]["orders"], 6);
    assert_eq!(money(&sales[0]["eligibleSales"]), "902230.00");
    assert_eq!(money(&sales[0]["estimatedCommission"]), "28223.00");
    assert_eq!(money(&sales[0]["confirmedCommission"]), "62000.00");

    // §5.11 example: Avanzado with 620 000.00 confirmed in the live window → Elite is next.
    let progress = &board["tierProgress"][0];
    assert_eq!(progress["currentTier"]["name"], "Avanzado", "{progress}");
    assert_eq!(progress["windowStart"], "2026-03-05T15:00:00Z");
    assert_eq!(progress["windowEnd"], "2026-03-20T15:00:00Z");
    assert_eq!(money(&progress["salesVolume"]), "620000.00");
    assert_eq!(progress["nextTier"]["name"], "Elite");
    assert_eq!(money(&progress["remainingToNext"]), "1380000.00");
    assert_eq!(progress["progressPercent"], 31);
    assert_eq!(progress["nextEvaluationOn"], "2026-03-31");

    // A Base influencer with the same volume: Avanzado next, nothing left, 100 %.
    exec(
        &app,
        format!(
            "UPDATE tier_assignments SET tier_level = 1 WHERE influencer_id = '{}'",
            fixture.influencer
        ),
    )
    .await;
    let (_, board_base) = read(&app, "/dashboard/influencer", &isabela).await;
    let progress = &board_base["tierProgress"][0];
    assert_eq!(progress["currentTier"]["name"], "Base");
    assert_eq!(progress["nextTier"]["name"], "Avanzado");
    assert_eq!(money(&progress["remainingToNext"]), "0.00");
    assert_eq!(progress["progressPercent"], 100);

    assert_eq!(board["codes"][0]["code"], "CETAPHIL-ISABELA7KQ2");
    assert_eq!(board["recentWithdrawals"], json!([]));
    assert_eq!(board["recentPayments"], json!([]));
    let adjustments = board["openAdjustments"].as_array().unwrap();
    assert_eq!(adjustments.len(), 1);
    assert_eq!(money(&adjustments[0]["amount"]), "1500.00");
    assert_eq!(adjustments[0]["kind"], "manual");

    let (_, feed) = read(&app, "/notifications", &isabela).await;
    assert_eq!(board["unreadNotifications"], feed["unreadCount"]);
}

#[tokio::test]
async fn the_wallet_is_the_stored_balance() {
    let app = pinned().await;
    let (fixture, _) = seeded(&app).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (status, board) = read(
        &app,
        &format!("/dashboard/influencer?influencerId={}", fixture.influencer),
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{board}");
    let (_, balances) = read(
        &app,
        &format!("/commissions/balances?influencerId={}", fixture.influencer),
        &admin,
    )
    .await;
    let stored = &balances["items"][0];
    let wallet = &board["wallet"];
    let brand = &wallet["byBrand"][0];
    assert_eq!(brand["brandId"], stored["brandId"]);
    for bucket in [
        "estimated",
        "confirmed",
        "reverted",
        "pendingWithdrawal",
        "withdrawn",
        "pendingAdjustments",
        "available",
    ] {
        assert_eq!(brand["balance"][bucket], stored[bucket], "{bucket}");
        assert_eq!(wallet["totals"][bucket], stored[bucket], "{bucket}");
    }
    assert_eq!(money(&brand["balance"]["confirmed"]), "20223.00");
    assert_eq!(money(&brand["minimumWithdrawal"]), "20000.00");
    assert_eq!(money(&brand["maxWithdrawable"]), "20223.00");
    assert_eq!(brand["canWithdraw"], true);

    // A suspended influencer cannot withdraw whatever the balance.
    exec(
        &app,
        format!(
            "UPDATE influencers SET status = 'suspended' WHERE id = '{}'",
            fixture.influencer
        ),
    )
    .await;
    let (_, board) = read(
        &app,
        &format!("/dashboard/influencer?influencerId={}", fixture.influencer),
        &admin,
    )
    .await;
    assert_eq!(board["wallet"]["byBrand"][0]["canWithdraw"], false);
}

#[tokio::test]
async fn a_period_narrows_only_the_period_block() {
    let app = pinned().await;
    let (fixture, _) = seeded(&app).await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let path = format!(
        "/dashboard/influencer?influencerId={}&from=2026-02-01&to=2026-03-01",
        fixture.influencer
    );
    let (status, board) = read(&app, &path, &gestor).await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board["period"]["attributedOrders"], 1);
    assert_eq!(money(&board["period"]["eligibleSales"]), "300000.00");
    assert_eq!(money(&board["period"]["confirmedCommission"]), "30000.00");
    assert_eq!(board["monthly"].as_array().unwrap().len(), 12);

    let (status, body) = read(
        &app,
        &format!(
            "/dashboard/influencer?influencerId={}&from=2026-03-10&to=2026-03-01",
            fixture.influencer
        ),
        &gestor,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["details"][0]["code"], "date_order");
    let (status, body) = read(
        &app,
        &format!(
            "/dashboard/influencer?influencerId={}&from=ayer",
            fixture.influencer
        ),
        &gestor,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["details"][0]["field"], "from");
}

/// ADR 0077: whole Bogota days come from the placement-day rollup, the partial first and last
/// day of a period given as instants from the orders; the figures are the same either way.
#[tokio::test]
async fn a_period_of_instants_counts_the_partial_days_exactly() {
    let app = pinned().await;
    let (fixture, _) = seeded(&app).await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let path = |from: &str, to: &str| {
        format!(
            "/dashboard/influencer?influencerId={}&from={from}&to={to}",
            fixture.influencer
        )
    };
    // 03-06 07:00 to 03-09 11:00 Bogota: B (03-06 10:00) and E (03-09 10:00) on the partial
    // days, C and D on the whole ones.
    let (status, board) = read(
        &app,
        &path("2026-03-06T12:00:00Z", "2026-03-09T16:00:00Z"),
        &gestor,
    )
    .await;
    assert_eq!(status, 200, "{board}");
    let period = &board["period"];
    assert_eq!(period["attributedOrders"], 4, "{period}");
    assert_eq!(period["canceledOrders"], 1);
    assert_eq!(money(&period["eligibleSales"]), "300000.00");
    assert_eq!(money(&period["estimatedCommission"]), "5000.00");
    assert_eq!(money(&period["confirmedCommission"]), "22000.00");
    assert_eq!(money(&period["onHoldCommission"]), "3000.00");
    assert_eq!(money(&period["revertedCommission"]), "13000.00");
    let sales = &board["salesByCampaign"][0];
    assert_eq!(sales["orders"], 4, "{sales}");
    assert_eq!(money(&sales["eligibleSales"]), "300000.00");
    assert_eq!(money(&sales["estimatedCommission"]), "8000.00");
    assert_eq!(money(&sales["confirmedCommission"]), "22000.00");

    // An hour later at the start and earlier at the end: B and E fall outside although their
    // days are partly inside.
    let (status, board) = read(
        &app,
        &path("2026-03-06T16:00:00Z", "2026-03-09T14:00:00Z"),
        &gestor,
    )
    .await;
    assert_eq!(status, 200, "{board}");
    let period = &board["period"];
    assert_eq!(period["attributedOrders"], 2, "{period}");
    assert_eq!(money(&period["eligibleSales"]), "50000.00");
    assert_eq!(money(&period["confirmedCommission"]), "0.00");
    assert_eq!(money(&period["onHoldCommission"]), "0.00");
    assert_eq!(money(&period["revertedCommission"]), "13000.00");

    // Within one day (no whole day at all): only B.
    let (_, board) = read(
        &app,
        &path("2026-03-06T14:00:00Z", "2026-03-06T16:00:00Z"),
        &gestor,
    )
    .await;
    assert_eq!(board["period"]["attributedOrders"], 1, "{board}");
    assert_eq!(money(&board["period"]["confirmedCommission"]), "22000.00");

    // Moving an order to another day moves its amounts with it.
    exec(
        &app,
        "UPDATE orders SET placed_at = '2026-03-08T15:00:00Z' WHERE vtex_order_id = 'A-01'"
            .to_owned(),
    )
    .await;
    let (_, board) = read(
        &app,
        &path("2026-03-06T12:00:00Z", "2026-03-09T16:00:00Z"),
        &gestor,
    )
    .await;
    assert_eq!(board["period"]["attributedOrders"], 5, "{board}");
    assert_eq!(money(&board["period"]["confirmedCommission"]), "62000.00");
    let mut conn = app.conn().await;
    assert_eq!(
        afiliados_db::dashboard_admin::rollup_drift(&mut conn, app.state.tenant_id)
            .await
            .unwrap(),
        vec![]
    );
}

#[tokio::test]
async fn the_influencer_dashboard_is_scoped() {
    let app = pinned().await;
    let (fixture, _) = seeded(&app).await;

    // Staff must name the influencer.
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (status, body) = read(&app, "/dashboard/influencer", &admin).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["details"][0]["field"], "influencerId");
    assert_eq!(body["details"][0]["code"], "required");
    let (status, body) = read(
        &app,
        &format!("/dashboard/influencer?influencerId={}", Uuid::new_v4()),
        &admin,
    )
    .await;
    assert_eq!((status, body["error"].clone()), (404, json!("not_found")));

    // Another influencer's id is ignored: the caller gets its own, empty dashboard.
    let (stranger_id, stranger) = influencer_login(&app, "Otra").await;
    let (status, own) = read(
        &app,
        &format!("/dashboard/influencer?influencerId={}", fixture.influencer),
        &stranger,
    )
    .await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["influencer"]["id"], stranger_id.to_string());
    assert_eq!(own["period"]["attributedOrders"], 0);
    assert_eq!(own["wallet"]["byBrand"], json!([]));
    assert_eq!(own["codes"], json!([]));

    // admin_marca: only influencers with a membership in its brands, only its brands' rows.
    let cetaphil_brand = fixture.brand;
    let lrp = app.create_brand("la-roche-posay").await;
    let (_, roche) = marca_login(&app, &[lrp]).await;
    let (status, body) = read(
        &app,
        &format!("/dashboard/influencer?influencerId={}", fixture.influencer),
        &roche,
    )
    .await;
    assert_eq!((status, body["error"].clone()), (404, json!("not_found")));
    let (_, cetaphil) = marca_login(&app, &[cetaphil_brand]).await;
    let (status, board) = read(
        &app,
        &format!("/dashboard/influencer?influencerId={}", fixture.influencer),
        &cetaphil,
    )
    .await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board["period"]["attributedOrders"], 6);
    let (status, _) = read(
        &app,
        &format!(
            "/dashboard/influencer?influencerId={}&brandId={lrp}",
            fixture.influencer
        ),
        &cetaphil,
    )
    .await;
    assert_eq!(status, 404, "a brandId outside the admin_marca's brands");

    // A staff brandId narrows every figure to that brand.
    let (status, narrowed) = read(
        &app,
        &format!(
            "/dashboard/influencer?influencerId={}&brandId={lrp}",
            fixture.influencer
        ),
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{narrowed}");
    assert_eq!(narrowed["period"]["attributedOrders"], 0);
    assert_eq!(narrowed["wallet"]["byBrand"], json!([]));
    assert_eq!(narrowed["tierProgress"], json!([]));

    let (_, finance) = app.login_as("finance").await;
    let (status, _) = read(
        &app,
        &format!("/dashboard/influencer?influencerId={}", fixture.influencer),
        &finance,
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_gestor_dashboard_counts_only_the_callers_brands() {
    let app = pinned().await;
    let (fixture, campaign) = seeded(&app).await;
    // A pending influencer registered Monday 2026-03-16: 4 business days → overdue.
    let pending = insert_influencer(&app, "Pendiente", "Uno", "pending").await;
    exec(
        &app,
        format!(
            "UPDATE influencers SET created_at = '2026-03-16T14:00:00Z' WHERE id = '{pending}'"
        ),
    )
    .await;
    exec(
        &app,
        format!(
            "INSERT INTO campaign_influencers (id, tenant_id, campaign_id, influencer_id, status)
             VALUES ('{}', '{}', '{campaign}', '{pending}', 'inactive')",
            afiliados_db::new_id(),
            app.state.tenant_id
        ),
    )
    .await;

    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (status, board) = read(&app, "/dashboard/gestor", &gestor).await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board["influencers"]["total"], 2, "{board}");
    assert_eq!(board["influencers"]["byStatus"]["approved"], 1);
    assert_eq!(board["influencers"]["byStatus"]["pending"], 1);
    assert_eq!(board["pendingApprovals"]["count"], 1);
    let oldest = &board["pendingApprovals"]["oldest"][0];
    assert_eq!(oldest["id"], pending.to_string());
    assert_eq!(oldest["businessDaysWaiting"], 4);
    assert_eq!(oldest["overdue"], true);
    assert_eq!(board["campaigns"]["byStatus"]["active"], 1);
    let item = &board["campaigns"]["items"][0];
    assert_eq!(item["id"], campaign.to_string());
    assert_eq!(item["activeMembers"], 1);
    assert_eq!(item["activeCodes"], 1);
    // Last 30 days [02-18 15:00Z, 03-20 15:00Z): everything but February's F.
    assert_eq!(item["ordersLast30Days"], 6);
    assert_eq!(money(&item["eligibleSalesLast30Days"]), "902230.00");
    // Estimated + confirmed net: 20 223 + 40 000 + 22 000 + 5 000 + 3 000.
    assert_eq!(money(&item["commissionLast30Days"]), "90223.00");
    assert_eq!(board["codes"]["byStatus"]["active"], 1);
    assert_eq!(board["codes"]["recent"][0]["code"], "CETAPHIL-ISABELA7KQ2");
    assert_eq!(board["commissionsOnHold"]["count"], 1);
    assert_eq!(money(&board["commissionsOnHold"]["netAmount"]), "3000.00");

    // admin_marca of another brand sees none of Cetaphil's rows.
    let lrp = app.create_brand("la-roche-posay").await;
    let (_, roche) = marca_login(&app, &[lrp]).await;
    let (status, theirs) = read(&app, "/dashboard/gestor", &roche).await;
    assert_eq!(status, 200, "{theirs}");
    assert_eq!(theirs["influencers"]["total"], 0);
    assert_eq!(theirs["pendingApprovals"]["count"], 0);
    assert_eq!(theirs["campaigns"]["items"], json!([]));
    assert_eq!(theirs["codes"]["recent"], json!([]));
    assert_eq!(theirs["codes"]["byStatus"]["active"], 0);
    assert_eq!(theirs["commissionsOnHold"]["count"], 0);
    assert_eq!(money(&theirs["commissionsOnHold"]["netAmount"]), "0.00");
    let text = theirs.to_string();
    assert!(!text.contains("CETAPHIL"), "{text}");
    assert!(!text.contains(&fixture.influencer.to_string()), "{text}");
    let (status, _) = read(
        &app,
        &format!("/dashboard/gestor?brandId={}", fixture.brand),
        &roche,
    )
    .await;
    assert_eq!(status, 404, "a brand outside the admin_marca's brands");

    // admin_marca of Cetaphil sees them; staff narrowed to La Roche-Posay does not.
    let (_, cetaphil) = marca_login(&app, &[fixture.brand]).await;
    let (_, mine) = read(&app, "/dashboard/gestor", &cetaphil).await;
    assert_eq!(mine["influencers"]["total"], 2);
    assert_eq!(mine["commissionsOnHold"]["count"], 1);
    let (_, narrowed) = read(&app, &format!("/dashboard/gestor?brandId={lrp}"), &gestor).await;
    assert_eq!(narrowed["influencers"]["total"], 0);
    assert_eq!(narrowed["campaigns"]["items"], json!([]));

    let isabela = isabela_login(&app, &fixture).await;
    let (status, _) = read(&app, "/dashboard/gestor", &isabela).await;
    assert_eq!(status, 403);
    let (_, finance) = app.login_as("finance").await;
    let (status, _) = read(&app, "/dashboard/gestor", &finance).await;
    assert_eq!(status, 403);
}
