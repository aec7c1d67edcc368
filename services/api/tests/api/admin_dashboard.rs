//! `GET /dashboard/admin` (`api.md` §15, `domain.md` §6.4) on a pinned clock (Friday
//! 2026-03-20, 10:00 Bogota) over orders and commissions written straight to the database: every
//! figure worked by hand, the name tie break ("Ana" < "Ángela" = "angela" < "beatriz", equal
//! names by id), Bogota month and day edges, `from`/`to` with whole days and partial edges, and
//! the rollups (ADR 0059) compared with a rebuild from scratch after inserts, confirmations,
//! reversals, a moved placement date and a deletion.

use afiliados_domain::ManualClock;
use serde_json::Value;
use uuid::Uuid;

use crate::catalogue::insert_influencer;
use crate::helpers::*;
use crate::orders_ingest::{catalogue, exec};
use crate::orders_read::read;

/// Friday 2026-03-20 10:00 in Bogota.
const NOW: &str = "2026-03-20T15:00:00Z";

async fn pinned() -> TestApp {
    let clock = ManualClock::new(NOW.parse().unwrap());
    spawn_app_at(&clock, |_| {}).await
}

fn money(value: &Value) -> String {
    value.to_string()
}

/// A campaign (active unless told) and a code for each influencer of a brand.
async fn campaign(app: &TestApp, brand: Uuid, slug: &str, status: &str) -> Uuid {
    let id = afiliados_db::new_id();
    exec(
        app,
        format!(
            "INSERT INTO campaigns (id, tenant_id, brand_id, name, slug, start_date, status,
               base_commission_percent, commission_basis, include_shipping,
               eligible_scope_type, eligible_scope_values)
             VALUES ('{id}', '{tenant}', '{brand}', '{slug}', '{slug}', '2026-01-01', '{status}',
               10, 'pre_tax', false, 'category', '{{3}}')",
            tenant = app.state.tenant_id
        ),
    )
    .await;
    id
}

async fn code(app: &TestApp, brand: Uuid, campaign: Uuid, influencer: Uuid) -> Uuid {
    let id = afiliados_db::new_id();
    exec(
        app,
        format!(
            "INSERT INTO discount_codes (id, tenant_id, campaign_id, influencer_id, brand_id, code,
               discount_percent, status, created_by)
             VALUES ('{id}', '{tenant}', '{campaign}', '{influencer}', '{brand}', 'C-{short}', 10,
               'active', 'test')",
            tenant = app.state.tenant_id,
            short = &id.simple().to_string()[..12].to_uppercase(),
        ),
    )
    .await;
    id
}

/// Where a commission belongs.
#[derive(Clone, Copy)]
struct Owner {
    brand: Uuid,
    campaign: Uuid,
    influencer: Uuid,
    code: Uuid,
}

/// One order and its commission: placed at, state, eligible, commission, reverted, confirmed at.
struct Row<'a>(&'a str, &'a str, &'a str, &'a str, &'a str, Option<&'a str>);

/// Writes the order and its commission; returns the commission id.
async fn seed(app: &TestApp, owner: Owner, row: Row<'_>) -> Uuid {
    let Row(placed, state, eligible, commission, reverted, confirmed_at) = row;
    let tenant = app.state.tenant_id;
    let order = afiliados_db::new_id();
    exec(
        app,
        format!(
            "INSERT INTO orders (id, tenant_id, vtex_order_id, status, vtex_status, placed_at,
               currency, items_total, discounts_total, shipping_total, tax_total, total_value,
               net_items_total, eligible_total, discount_code_id, brand_id, influencer_id,
               campaign_id, attributed, vtex_last_change, last_ingested_at, last_source,
               document_json)
             VALUES ('{order}', '{tenant}', 'V-{order}', 'invoiced', 'invoiced', '{placed}', 'COP',
               {eligible}, 0, 0, 0, {eligible}, {eligible}, {eligible}, '{code}', '{brand}',
               '{influencer}', '{campaign}', true, '{placed}', '{placed}', 'hook', '{{}}')",
            code = owner.code,
            brand = owner.brand,
            influencer = owner.influencer,
            campaign = owner.campaign,
        ),
    )
    .await;
    let id = afiliados_db::new_id();
    let reverted_at = if state == "reverted" {
        format!("'{placed}'")
    } else {
        "NULL".to_owned()
    };
    let confirmed_at = confirmed_at.map_or_else(|| "NULL".to_owned(), |at| format!("'{at}'"));
    exec(
        app,
        format!(
            "INSERT INTO commissions (id, tenant_id, order_id, influencer_id, campaign_id, brand_id,
               discount_code_id, state, commission_rate, tier_level, tier_name, campaign_version,
               rule_snapshot, eligible_amount, commission_amount, reverted_amount, estimated_at,
               confirmed_at, reverted_at)
             VALUES ('{id}', '{tenant}', '{order}', '{influencer}', '{campaign}', '{brand}',
               '{code}', '{state}', 10, 0, 'Base', 1, '{{}}', {eligible}, {commission},
               {reverted}, '{placed}', {confirmed_at}, {reverted_at})",
            influencer = owner.influencer,
            campaign = owner.campaign,
            brand = owner.brand,
            code = owner.code,
        ),
    )
    .await;
    id
}

/// The seeded world and the ids the assertions need.
struct World {
    cetaphil: Uuid,
    eucerin: Uuid,
    la_roche: Uuid,
    isabela: Uuid,
    ana: Uuid,
    angela_accented: Uuid,
    angela_plain: Uuid,
    beatriz: Uuid,
    fillers: Vec<Uuid>,
}

/// Cetaphil (active; the catalogue's campaign and Isabela), La Roche-Posay (active, no data),
/// Eucerin (inactive, one estimated commission), Nivea (inactive, nothing).
async fn world(app: &TestApp) -> World {
    let fixture = catalogue(app, "pre_tax", false, "10").await;
    let cetaphil = fixture.brand;
    let cetaphil_campaign = crate::dashboards::campaign_of(app, &fixture).await;
    let la_roche = app.create_brand("la-roche").await;
    let eucerin = app.create_brand("eucerin").await;
    let nivea = app.create_brand("nivea").await;
    for brand in [eucerin, nivea] {
        exec(
            app,
            format!("UPDATE brands SET status = 'inactive' WHERE id = '{brand}'"),
        )
        .await;
    }
    let eucerin_campaign = campaign(app, eucerin, "eucerin-verano", "paused").await;
    let deleted = campaign(app, la_roche, "la-roche-borrada", "draft").await;
    exec(
        app,
        format!("UPDATE campaigns SET deleted_at = '{NOW}' WHERE id = '{deleted}'"),
    )
    .await;

    let owner = async |influencer: Uuid| Owner {
        brand: cetaphil,
        campaign: cetaphil_campaign,
        influencer,
        code: code(app, cetaphil, cetaphil_campaign, influencer).await,
    };
    let isabela = Owner {
        brand: cetaphil,
        campaign: cetaphil_campaign,
        influencer: fixture.influencer,
        code: fixture.code,
    };
    // Isabela: confirmed in March, confirmed at 2026-03-01 04:00Z (still February in Bogota,
    // placed then too), a partial return (eligible 100 000 × 6 000 / 9 000), a reversal, and an
    // Eucerin estimate.
    seed(
        app,
        isabela,
        Row(
            "2026-03-05T15:00:00Z",
            "confirmed",
            "400000",
            "40000",
            "0",
            Some("2026-03-10T12:00:00Z"),
        ),
    )
    .await;
    seed(
        app,
        isabela,
        Row(
            "2026-03-01T04:00:00Z",
            "confirmed",
            "100000",
            "10000",
            "0",
            Some("2026-03-01T04:00:00Z"),
        ),
    )
    .await;
    seed(
        app,
        isabela,
        Row(
            "2026-03-07T15:00:00Z",
            "estimated",
            "100000",
            "9000",
            "3000",
            None,
        ),
    )
    .await;
    seed(
        app,
        isabela,
        Row(
            "2026-03-08T15:00:00Z",
            "reverted",
            "80000",
            "8000",
            "8000",
            None,
        ),
    )
    .await;
    let eucerin_owner = Owner {
        brand: eucerin,
        campaign: eucerin_campaign,
        influencer: fixture.influencer,
        code: code(app, eucerin, eucerin_campaign, fixture.influencer).await,
    };
    seed(
        app,
        eucerin_owner,
        Row(
            "2026-03-11T15:00:00Z",
            "estimated",
            "60000",
            "6000",
            "0",
            None,
        ),
    )
    .await;

    // Four influencers with 30 000.00 each. The two Ángelas compare equal by name, so the one
    // with the smaller id must come first: give that one the accent (a collation that is not
    // accent-insensitive would put "angela" first).
    let first = insert_influencer(app, "X", "X", "approved").await;
    let second = insert_influencer(app, "Y", "Y", "approved").await;
    let (angela_accented, angela_plain) = if first < second {
        (first, second)
    } else {
        (second, first)
    };
    exec(app, format!("UPDATE influencers SET first_name = 'Ángela', last_name = 'Ruiz' WHERE id = '{angela_accented}'")).await;
    exec(app, format!("UPDATE influencers SET first_name = 'angela', last_name = 'ruiz' WHERE id = '{angela_plain}'")).await;
    let ana = insert_influencer(app, "Ana", "Zapata", "approved").await;
    let beatriz = insert_influencer(app, "beatriz", "Lopez", "approved").await;
    let o = owner(angela_accented).await;
    seed(
        app,
        o,
        Row(
            "2026-03-02T15:00:00Z",
            "confirmed",
            "300000",
            "30000",
            "0",
            Some("2026-03-15T12:00:00Z"),
        ),
    )
    .await;
    // Confirmed 2026-03-03 04:00Z: 2026-03-02 in Bogota.
    let o = owner(angela_plain).await;
    seed(
        app,
        o,
        Row(
            "2026-01-10T15:00:00Z",
            "confirmed",
            "300000",
            "30000",
            "0",
            Some("2026-03-03T04:00:00Z"),
        ),
    )
    .await;
    let o = owner(ana).await;
    seed(
        app,
        o,
        Row(
            "2026-03-01T15:00:00Z",
            "confirmed",
            "300000",
            "30000",
            "0",
            Some("2026-03-18T12:00:00Z"),
        ),
    )
    .await;
    let o = owner(beatriz).await;
    seed(
        app,
        o,
        Row(
            "2026-02-20T15:00:00Z",
            "confirmed",
            "300000",
            "30000",
            "0",
            Some("2026-03-16T04:59:00Z"),
        ),
    )
    .await;

    // Five more with 5 000 … 1 000 (the last two fall off the eight), one with only an estimate.
    let mut fillers = Vec::new();
    for amount in [5, 4, 3, 2, 1] {
        let id = insert_influencer(app, "Relleno", &format!("N{amount}"), "approved").await;
        let o = owner(id).await;
        let commission = format!("{}", amount * 1000);
        let eligible = format!("{}", amount * 10_000);
        seed(
            app,
            o,
            Row(
                "2026-03-12T15:00:00Z",
                "confirmed",
                &eligible,
                &commission,
                "0",
                Some("2026-03-19T12:00:00Z"),
            ),
        )
        .await;
        fillers.push(id);
    }
    let zoe = insert_influencer(app, "Zoe", "Estimada", "approved").await;
    let o = owner(zoe).await;
    seed(
        app,
        o,
        Row(
            "2026-03-13T15:00:00Z",
            "estimated",
            "70000",
            "7000",
            "0",
            None,
        ),
    )
    .await;

    // Not counted: anonymised; counted as registered and pending: one pending.
    let gone = insert_influencer(app, "Borrada", "Anonima", "approved").await;
    exec(
        app,
        format!("UPDATE influencers SET anonymized_at = '{NOW}' WHERE id = '{gone}'"),
    )
    .await;
    insert_influencer(app, "Pendiente", "Nueva", "pending").await;

    World {
        cetaphil,
        eucerin,
        la_roche,
        isabela: fixture.influencer,
        ana,
        angela_accented,
        angela_plain,
        beatriz,
        fillers,
    }
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap().to_owned())
        .collect()
}

fn strings(ids: &[Uuid]) -> Vec<String> {
    ids.iter().map(Uuid::to_string).collect()
}

#[tokio::test]
async fn the_admin_dashboard_adds_up_the_seeded_world_by_hand() {
    let app = pinned().await;
    let w = world(&app).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (status, board) = read(&app, "/dashboard/admin", &admin).await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board["generatedAt"], "2026-03-20T15:00:00Z");

    let stats = &board["stats"];
    // Isabela, the two Ángelas, Ana, beatriz, five fillers, Zoe; plus the pending one.
    assert_eq!(stats["activeInfluencers"], 11, "{stats}");
    assert_eq!(stats["totalInfluencers"], 12);
    assert_eq!(stats["pendingInfluencers"], 1);
    assert_eq!(stats["activeBrands"], 2, "cetaphil and la-roche");
    assert_eq!(stats["campaigns"]["total"], 2, "the deleted one is out");
    assert_eq!(stats["campaigns"]["active"], 1);
    // 40 000 + 4 × 30 000 + 15 000; Isabela's 10 000 of 03-01 04:00Z is February in Bogota.
    assert_eq!(money(&stats["confirmedCommissionThisMonth"]), "175000.00");
    assert_eq!(money(&stats["confirmedCommissionAllTime"]), "185000.00");
    // 6 000 (net of the partial return) + 6 000 (Eucerin) + 7 000 (Zoe).
    assert_eq!(money(&stats["estimatedCommission"]), "19000.00");
    // 400 000 + 66 666.67 + 300 000 (Ángela) + 300 000 (Ana) + 150 000 + 60 000 + 70 000;
    // the reverted order, angela's (January), beatriz's (February) and Isabela's of 03-01 04:00Z
    // are out.
    assert_eq!(money(&stats["eligibleSalesThisMonth"]), "1346666.67");

    let top = &board["topInfluencers"];
    let expected = strings(&[
        w.isabela,
        w.ana,
        w.angela_accented,
        w.angela_plain,
        w.beatriz,
        w.fillers[0],
        w.fillers[1],
        w.fillers[2],
    ]);
    assert_eq!(ids(top, "influencerId"), expected, "{top}");
    assert_eq!(top[0]["name"], "Isabela Gómez");
    assert_eq!(money(&top[0]["confirmedCommission"]), "50000.00");
    assert_eq!(money(&top[0]["estimatedCommission"]), "12000.00");
    assert_eq!(top[0]["attributedOrders"], 4, "the reverted order is out");
    assert_eq!(top[2]["name"], "Ángela Ruiz");
    assert_eq!(top[3]["name"], "angela ruiz");
    assert_eq!(money(&top[4]["confirmedCommission"]), "30000.00");
    assert_eq!(money(&top[7]["confirmedCommission"]), "3000.00");
    assert_eq!(top[7]["attributedOrders"], 1);

    let brands = &board["performanceByBrand"];
    assert_eq!(
        ids(brands, "brandId"),
        strings(&[w.cetaphil, w.eucerin, w.la_roche]),
        "by confirmed, then name; nivea (inactive, no data) is out: {brands}"
    );
    let cetaphil = &brands[0];
    // 400 000 + 100 000 + 66 666.67 + 4 × 300 000 + 150 000 + 70 000.
    assert_eq!(money(&cetaphil["eligibleSales"]), "1986666.67");
    assert_eq!(money(&cetaphil["estimatedCommission"]), "13000.00");
    assert_eq!(money(&cetaphil["confirmedCommission"]), "185000.00");
    assert_eq!(money(&cetaphil["revertedCommission"]), "11000.00");
    // (13 000 + 185 000) / 1 986 666.67 × 100 = 9.9664…
    assert_eq!(cetaphil["effectiveCommissionRate"].to_string(), "9.97");
    // 6 000 / 60 000 × 100: exactly 10, written with its two decimals (a JSON number).
    assert_eq!(brands[1]["effectiveCommissionRate"].to_string(), "10.00");
    assert_eq!(money(&brands[2]["eligibleSales"]), "0.00");
    assert!(brands[2]["effectiveCommissionRate"].is_null());

    assert_eq!(board["alerts"], serde_json::json!([]));
    assert_eq!(board["recentReconciliations"], serde_json::json!([]));
    assert!(board["system"]["lastBackupAt"].is_null());
    assert_eq!(board["system"]["deliveriesLast24h"], 0);
}

#[tokio::test]
async fn from_and_to_bound_the_top_influencers_by_confirmation_instant() {
    let app = pinned().await;
    let w = world(&app).await;
    let (_, auditor) = app.login_as("auditor").await;

    // Whole Bogota days [03-03, 03-16): Isabela's 40 000 (03-10), Ángela (03-15) and beatriz
    // (03-16 04:59Z = 03-15 23:59 Bogota); angela (03-02 Bogota) and Ana (03-18) are out.
    let (status, board) = read(
        &app,
        "/dashboard/admin?from=2026-03-03&to=2026-03-16",
        &auditor,
    )
    .await;
    assert_eq!(status, 200, "{board}");
    let top = &board["topInfluencers"];
    assert_eq!(
        ids(top, "influencerId"),
        strings(&[w.isabela, w.angela_accented, w.beatriz]),
        "{top}"
    );
    assert_eq!(money(&top[0]["confirmedCommission"]), "40000.00");
    assert_eq!(
        money(&top[0]["estimatedCommission"]),
        "12000.00",
        "all time"
    );

    // Partial days at both edges: from 03-03 03:00Z takes angela's 04:00Z, to 03-16 04:00Z
    // leaves beatriz's 04:59Z out.
    let (status, board) = read(
        &app,
        "/dashboard/admin?from=2026-03-03T03:00:00Z&to=2026-03-16T04:00:00Z",
        &auditor,
    )
    .await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(
        ids(&board["topInfluencers"], "influencerId"),
        strings(&[w.isabela, w.angela_accented, w.angela_plain]),
    );

    // Inside one day: only what was confirmed in those hours.
    let (_, board) = read(
        &app,
        "/dashboard/admin?from=2026-03-16T04:30:00Z&to=2026-03-16T05:00:00Z",
        &auditor,
    )
    .await;
    assert_eq!(
        ids(&board["topInfluencers"], "influencerId"),
        strings(&[w.beatriz])
    );

    // Only `from`: everything confirmed since.
    let (_, board) = read(&app, "/dashboard/admin?from=2026-03-18", &auditor).await;
    assert_eq!(
        ids(&board["topInfluencers"], "influencerId"),
        strings(&[
            w.ana,
            w.fillers[0],
            w.fillers[1],
            w.fillers[2],
            w.fillers[3],
            w.fillers[4]
        ]),
    );
    // The window leaves the stats alone.
    assert_eq!(
        money(&board["stats"]["confirmedCommissionAllTime"]),
        "185000.00"
    );

    for bad in [
        "from=2026-03-16&to=2026-03-03",
        "from=2026-03-03&to=2026-03-03",
        "from=ayer",
        "to=2026-13-01",
    ] {
        let (status, body) = read(&app, &format!("/dashboard/admin?{bad}"), &auditor).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["error"], "validation_failed", "{body}");
    }
}

#[tokio::test]
async fn only_admin_and_auditor_read_the_admin_dashboard() {
    let app = pinned().await;
    for role in ["admin_dentsu", "auditor"] {
        let (_, token) = app.login_as(role).await;
        let (status, body) = read(&app, "/dashboard/admin", &token).await;
        assert_eq!(status, 200, "{role}: {body}");
    }
    for role in ["gestor_afiliados", "finance", "admin_marca", "influencer"] {
        let (_, token) = app.login_as(role).await;
        let (status, body) = read(&app, "/dashboard/admin", &token).await;
        assert_eq!(status, 403, "{role}: {body}");
    }
    let response = app.get("/api/v1/dashboard/admin", "not-a-token").await;
    assert_eq!(response.status().as_u16(), 401);
}

#[tokio::test]
async fn alerts_audit_runs_and_system_are_the_newest_rows() {
    let app = pinned().await;
    let tenant = app.state.tenant_id;
    let (admin_id, admin) = app.login_as("admin_dentsu").await;
    for minute in 0..21 {
        let acknowledged = if minute == 20 {
            format!("'2026-03-20T14:59:00Z', '{admin_id}'")
        } else {
            "NULL, NULL".to_owned()
        };
        exec(
            &app,
            format!(
                "INSERT INTO alerts (id, tenant_id, alert_type, severity, dedup_key, message,
                   raised_at, last_raised_at, acknowledged_at, acknowledged_by)
                 VALUES ('{}', '{tenant}', 'job_failed', 'warning', 'k{minute}', 'falló {minute}',
                   '2026-03-20T14:{minute:02}:00Z', '2026-03-20T14:{minute:02}:00Z', {acknowledged})",
                afiliados_db::new_id()
            ),
        )
        .await;
    }
    for hour in 0..11 {
        exec(
            &app,
            format!(
                "INSERT INTO reconciliation_runs (id, tenant_id, type, source, range_from, range_to,
                   status, triggered_by, started_at, finished_at, discrepancies_found,
                   pending_manual_count, auto_reconciled_ratio)
                 VALUES ('{}', '{tenant}', 'daily', 'scheduled', '2026-03-{day:02}T05:00:00Z',
                   '2026-03-{next:02}T05:00:00Z', 'success', 'system:reconciliation',
                   '2026-03-{next:02}T0{hour}:00:00Z', '2026-03-{next:02}T09:00:00Z', 2, 1, 0.9950)",
                afiliados_db::new_id(),
                day = hour + 1,
                next = hour + 2,
                hour = hour % 9,
            ),
        )
        .await;
    }
    for (minutes_ago, action) in (0..16).map(|i| (i, format!("test.entry_{i}"))) {
        exec(
            &app,
            format!(
                "INSERT INTO audit_log (id, tenant_id, occurred_at, actor_type, actor_label,
                   actor_roles, action)
                 VALUES ('{}', '{tenant}', '2099-01-01T00:00:00Z'::timestamptz
                   - interval '{minutes_ago} minutes', 'system', 'test', '{{}}', '{action}')",
                afiliados_db::new_id()
            ),
        )
        .await;
    }
    for (key, at, pruned, size) in [
        ("b1", "2026-03-19T07:00:00Z", "NULL", 1000),
        ("b2", "2026-03-20T07:00:00Z", "NULL", 2048),
        ("b3", "2026-03-20T08:00:00Z", "'2026-03-20T09:00:00Z'", 4096),
    ] {
        exec(
            &app,
            format!(
                "INSERT INTO backup_snapshots (id, storage_key, created_at, size_bytes, sha256,
                   db_version, encryption_key_id, retention_tier, expires_at, pruned_at)
                 VALUES ('{}', '{key}', '{at}', {size}, repeat('a', 64), '15', 'k1', 'daily',
                   '2026-04-20T00:00:00Z', {pruned})",
                afiliados_db::new_id()
            ),
        )
        .await;
    }
    let (_, before) = read(&app, "/dashboard/admin", &admin).await;
    let before = before["system"].clone();
    for (received, status) in [
        ("2026-03-20T14:00:00Z", "processed"),
        ("2026-03-19T16:00:00Z", "failed"),
        ("2026-03-19T14:00:00Z", "failed"),
    ] {
        exec(
            &app,
            format!(
                "INSERT INTO webhook_delivery_log (id, tenant_id, received_at, kind, verification,
                   status, response_code, payload_sha256, payload_size)
                 VALUES ('{}', '{tenant}', '{received}', 'hook', 'hmac', '{status}', 200,
                   repeat('0', 64), 10)",
                afiliados_db::new_id()
            ),
        )
        .await;
    }
    for (created, status, delivered) in [
        ("2026-03-20T14:29:00Z", "pending", false),
        ("2026-03-20T14:31:00Z", "pending", false),
        ("2026-03-20T10:00:00Z", "failed", false),
        ("2026-03-20T10:00:00Z", "sent", true),
        ("2026-03-20T10:00:00Z", "cancelled", false),
    ] {
        exec(
            &app,
            format!(
                "INSERT INTO email_outbox (id, tenant_id, recipient, template, locale, payload,
                   status, delivered, created_at)
                 VALUES ('{}', '{tenant}', 'x@example.com', 'test', 'es', '{{}}', '{status}',
                   {delivered}, '{created}')",
                afiliados_db::new_id()
            ),
        )
        .await;
    }
    for (job, started, status) in [
        ("settlement", "2026-03-20T06:00:00Z", "failed"),
        ("reconciliation", "2026-03-19T14:00:00Z", "failed"),
        ("backup", "2026-03-20T07:00:00Z", "succeeded"),
    ] {
        exec(
            &app,
            format!(
                "INSERT INTO job_runs (id, tenant_id, job_name, scheduled_at, started_at,
                   finished_at, status, error)
                 VALUES ('{}', '{tenant}', '{job}', '{started}', '{started}', '{started}',
                   '{status}', 'x')",
                afiliados_db::new_id()
            ),
        )
        .await;
    }

    let (status, board) = read(&app, "/dashboard/admin", &admin).await;
    assert_eq!(status, 200, "{board}");
    let alerts = board["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 20);
    assert_eq!(alerts[0]["message"], "falló 20", "newest first");
    assert_eq!(alerts[0]["acknowledgedAt"], "2026-03-20T14:59:00Z");
    assert_eq!(alerts[0]["acknowledgedBy"], admin_id.to_string());
    assert!(alerts[1]["acknowledgedAt"].is_null());
    assert_eq!(alerts[19]["message"], "falló 1", "the oldest of 21 is out");

    let audit = board["auditTrail"].as_array().unwrap();
    assert_eq!(audit.len(), 15);
    assert_eq!(audit[0]["action"], "test.entry_0");
    assert_eq!(audit[14]["action"], "test.entry_14");

    let runs = board["recentReconciliations"].as_array().unwrap();
    assert_eq!(runs.len(), 10);
    assert_eq!(runs[0]["startedAt"], "2026-03-12T01:00:00Z", "{}", runs[0]);
    assert_eq!(runs[0]["type"], "daily");
    assert_eq!(runs[0]["status"], "success");
    assert_eq!(runs[0]["discrepanciesFound"], 2);
    assert_eq!(runs[0]["autoReconciledRatio"].to_string(), "0.9950");
    assert_eq!(runs[9]["startedAt"], "2026-03-03T01:00:00Z");

    let system = &board["system"];
    assert_eq!(
        system["lastBackupAt"], "2026-03-20T07:00:00Z",
        "pruned ones are gone"
    );
    assert_eq!(system["lastBackupSizeBytes"], 2048);
    let delta = |key: &str| system[key].as_i64().unwrap() - before[key].as_i64().unwrap();
    assert_eq!(delta("deliveriesLast24h"), 2, "{system}");
    assert_eq!(delta("failedDeliveriesLast24h"), 1);
    assert_eq!(
        delta("emailsUndeliveredOver30Min"),
        2,
        "pending 31 min and failed"
    );
    assert_eq!(delta("jobsFailedLast24h"), 1);
    assert_eq!(system["openDiscrepancies"], 0);
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::Int8)]
    n: i64,
}

#[tokio::test]
async fn the_rollups_match_a_rebuild_from_scratch() {
    let app = pinned().await;
    let w = world(&app).await;
    let tenant = app.state.tenant_id;
    let mut conn = app.conn().await;
    assert_eq!(
        afiliados_db::dashboard_admin::rollup_drift(&mut conn, tenant)
            .await
            .unwrap(),
        vec![],
        "after the inserts"
    );
    // The writers' other moves: a settlement confirmation, a partial and a full reversal (also
    // of a confirmed one), a hold (no change), an order placed elsewhere in time, a deletion.
    for sql in [
        format!(
            "UPDATE commissions SET state = 'confirmed', confirmed_at = '2026-03-20T14:00:00Z'
              WHERE influencer_id = '{}' AND state = 'estimated' AND brand_id = '{}'",
            w.isabela, w.cetaphil
        ),
        format!(
            "UPDATE commissions SET reverted_amount = reverted_amount + 1000
              WHERE influencer_id = '{}' AND state = 'confirmed' AND commission_amount = 40000",
            w.isabela
        ),
        format!(
            "UPDATE commissions SET state = 'reverted', reverted_amount = commission_amount,
               reverted_at = '2026-03-20T14:30:00Z' WHERE influencer_id = '{}'",
            w.ana
        ),
        format!(
            "UPDATE commissions SET on_hold = true, hold_reason = 'manual' WHERE brand_id = '{}'",
            w.eucerin
        ),
        format!(
            "UPDATE orders SET placed_at = '2026-02-27T15:00:00Z' WHERE id IN (
               SELECT order_id FROM commissions WHERE influencer_id = '{}')",
            w.angela_accented
        ),
        format!(
            "DELETE FROM commissions WHERE influencer_id = '{}'",
            w.fillers[4]
        ),
    ] {
        exec(&app, sql).await;
    }
    assert_eq!(
        afiliados_db::dashboard_admin::rollup_drift(&mut conn, tenant)
            .await
            .unwrap(),
        vec![],
        "after updates and a deletion"
    );

    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, maintained) = read(&app, "/dashboard/admin", &admin).await;
    // Ana's reversal takes her 30 000 and her 300 000 of March; Ángela's sales moved to
    // February; Isabela's estimate (6 000) is confirmed today and 1 000 of her 40 000 reverted.
    assert_eq!(
        money(&maintained["stats"]["confirmedCommissionAllTime"]),
        "159000.00"
    );
    assert_eq!(
        money(&maintained["stats"]["confirmedCommissionThisMonth"]),
        "149000.00"
    );

    // The check can fail: a tampered rollup shows, and a rebuild repairs it to the same answer.
    exec(
        &app,
        format!(
            "UPDATE dashboard_totals SET confirmed = confirmed + 1
              WHERE influencer_id = '{}' AND brand_id = '{}'",
            w.isabela, w.cetaphil
        ),
    )
    .await;
    let drift = afiliados_db::dashboard_admin::rollup_drift(&mut conn, tenant)
        .await
        .unwrap();
    assert_eq!(drift.len(), 1, "{drift:?}");
    assert_eq!(drift[0].rollup, "totals");
    afiliados_db::dashboard_admin::rebuild_rollups(&mut conn, tenant)
        .await
        .unwrap();
    assert_eq!(
        afiliados_db::dashboard_admin::rollup_drift(&mut conn, tenant)
            .await
            .unwrap(),
        vec![]
    );
    let (_, rebuilt) = read(&app, "/dashboard/admin", &admin).await;
    assert_eq!(rebuilt["stats"], maintained["stats"]);
    assert_eq!(rebuilt["topInfluencers"], maintained["topInfluencers"]);
    assert_eq!(
        rebuilt["performanceByBrand"],
        maintained["performanceByBrand"]
    );

    use diesel_async::RunQueryDsl;
    let rows: Count =
        diesel::sql_query("SELECT count(*) AS n FROM dashboard_totals WHERE tenant_id = $1")
            .bind::<diesel::sql_types::Uuid, _>(tenant)
            .get_result(&mut conn)
            .await
            .unwrap();
    assert!(
        rows.n <= 12,
        "one row per influencer × brand, not per order: {}",
        rows.n
    );
}

/// ADR 0076: on one unchanged snapshot, a build within a second of the clock takes the stored
/// answer (same `generatedAt`); a second later a new one is built. One `REPEATABLE READ`
/// transaction holds the snapshot still, whatever other tests commit meanwhile in the cluster.
#[tokio::test]
async fn an_answer_built_on_the_same_snapshot_is_reused_for_a_second() {
    use afiliados_api::usecases::dashboards::admin;
    use afiliados_api::usecases::dashboards::admin_snapshots::AdminDashboardSnapshots;
    use afiliados_api_types::admin_dashboard::AdminDashboardQuery;

    let clock = ManualClock::new(NOW.parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;
    let (admin_id, _) = app.login_as("admin_dentsu").await;
    let actor = afiliados_domain::Actor {
        user_id: admin_id,
        email: "admin@example.test".into(),
        roles: vec![afiliados_domain::Role::AdminDentsu],
        brand_ids: vec![],
        session_id: None,
    };
    let answers = AdminDashboardSnapshots::default();
    let query = AdminDashboardQuery::default();
    let ctx = app.state.use_case_context();
    let (first, reused, rebuilt) =
        afiliados_api::transaction::read_repeatable(&app.state, async |tx| {
            let first = admin::dashboard(tx, &ctx, &actor, &query, &answers).await?;
            clock.advance(chrono::Duration::milliseconds(999));
            let reused = admin::dashboard(tx, &ctx, &actor, &query, &answers).await?;
            clock.advance(chrono::Duration::milliseconds(1));
            let rebuilt = admin::dashboard(tx, &ctx, &actor, &query, &answers).await?;
            Ok((first, reused, rebuilt))
        })
        .await
        .expect("dashboards");
    assert_eq!(
        first.generated_at,
        NOW.parse::<chrono::DateTime<chrono::Utc>>().unwrap()
    );
    assert_eq!(reused, first);
    assert_eq!(
        rebuilt.generated_at,
        "2026-03-20T15:00:01Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    assert_eq!(rebuilt.stats, first.stats);
}

/// ADR 0076: with the clock pinned (so age never expires an answer), a commit between two reads
/// shows in the second at once: the stored answer's snapshot no longer matches.
#[tokio::test]
async fn a_commit_shows_in_the_next_admin_dashboard_at_once() {
    let app = pinned().await;
    let tenant = app.state.tenant_id;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (status, before) = read(&app, "/dashboard/admin", &admin).await;
    assert_eq!(status, 200, "{before}");
    assert_eq!(before["alerts"].as_array().unwrap().len(), 0);
    exec(
        &app,
        format!(
            "INSERT INTO alerts (id, tenant_id, alert_type, severity, dedup_key, message,
               raised_at, last_raised_at)
             VALUES ('{}', '{tenant}', 'job_failed', 'warning', 'fresh', 'recién levantada',
               '2026-03-20T14:59:00Z', '2026-03-20T14:59:00Z')",
            afiliados_db::new_id()
        ),
    )
    .await;
    let (status, after) = read(&app, "/dashboard/admin", &admin).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["alerts"][0]["message"], "recién levantada");
    assert_eq!(after["generatedAt"], before["generatedAt"]);
}
