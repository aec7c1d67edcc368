//! Tier evaluation end to end (`domain.md` §5.11, `api.md` §10, §21.6) with the spec's tiers
//! (Base 10 % at 0, default; Avanzado 12 % at 500 000; Elite 15 % at 2 000 000; P = 15) on the
//! fixture catalogue. Orders are ingested through `POST /internal/v1/orders/ingest` so their rate
//! is frozen by the real attribution; their commissions are then set confirmed with the amounts
//! of each example (settlement is tested on its own), which is all an evaluation reads.

use afiliados_db::tier_assignments::TierPlacement;
use afiliados_domain::ManualClock;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::{insert_influencer, marca_login};
use crate::helpers::*;
use crate::orders_ingest::{Fixture, catalogue, exec, fixture_order, ingest};

const EVALUATE: &str = "/api/v1/commissions/tiers/evaluate";
const HISTORY: &str = "/api/v1/commissions/tiers/history";
const DUE: &str = "/internal/v1/tiers/evaluate-due";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// The fixture catalogue with the seed tiers on its campaign, Isabela a member on Base since
/// the campaign began (2026-02-01 00:00 Bogota) and signed up (a user to notify).
struct Tiered {
    app: TestApp,
    fixture: Fixture,
    campaign: Uuid,
    user: Uuid,
}

async fn place_initial(app: &TestApp, campaign: Uuid, influencer: Uuid, level: i32, since: &str) {
    let names = ["", "Base", "Avanzado", "Elite"];
    let rates = ["0", "10", "12", "15"];
    let index = usize::try_from(level).unwrap();
    let tier_id: Option<Uuid> = {
        use afiliados_db::schema::campaign_tiers;
        let mut conn = app.conn().await;
        campaign_tiers::table
            .filter(campaign_tiers::campaign_id.eq(campaign))
            .filter(campaign_tiers::level.eq(level))
            .select(campaign_tiers::id)
            .first(&mut conn)
            .await
            .optional()
            .unwrap()
    };
    exec(
        app,
        format!(
            "INSERT INTO campaign_influencers (id, tenant_id, campaign_id, influencer_id, status, assigned_at)
             VALUES ('{}', '{}', '{campaign}', '{influencer}', 'active', '{since}')",
            afiliados_db::new_id(),
            app.state.tenant_id
        ),
    )
    .await;
    let mut conn = app.conn().await;
    afiliados_db::tier_assignments::place(
        &mut conn,
        &TierPlacement {
            tenant_id: app.state.tenant_id,
            campaign_id: campaign,
            influencer_id: influencer,
            tier_id,
            tier_level: level,
            tier_name: names[index],
            commission_percent: rates[index].parse().unwrap(),
            at: at(since),
            reason: "initial",
            triggered_by: "test",
            evaluation: None,
        },
    )
    .await
    .unwrap();
}

async fn add_seed_tiers(app: &TestApp, campaign: Uuid) {
    exec(
        app,
        format!("UPDATE campaigns SET tier_evaluation_period_days = 15 WHERE id = '{campaign}'"),
    )
    .await;
    for (name, level, threshold, rate, default) in [
        ("Base", 1, "0", "10", true),
        ("Avanzado", 2, "500000", "12", false),
        ("Elite", 3, "2000000", "15", false),
    ] {
        exec(
            app,
            format!(
                "INSERT INTO campaign_tiers (id, campaign_id, name, level, threshold, commission_percent, is_default)
                 VALUES ('{}', '{campaign}', '{name}', {level}, {threshold}, {rate}, {default})",
                afiliados_db::new_id()
            ),
        )
        .await;
    }
}

async fn campaign_by_slug(app: &TestApp, slug: &str) -> Uuid {
    use afiliados_db::schema::campaigns;
    let mut conn = app.conn().await;
    campaigns::table
        .filter(campaigns::slug.eq(slug))
        .select(campaigns::id)
        .first(&mut conn)
        .await
        .unwrap()
}

async fn tiered(now: &str) -> Tiered {
    let clock = ManualClock::new(at(now));
    let app = spawn_app_at(&clock, |_| {}).await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let campaign = campaign_by_slug(&app, "cetaphil-lanzamiento").await;
    add_seed_tiers(&app, campaign).await;
    let email = format!("isabela.{}@influencer.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["influencer"], &[]).await;
    exec(
        &app,
        format!(
            "UPDATE influencers SET user_id = '{user}' WHERE id = '{}'",
            fixture.influencer
        ),
    )
    .await;
    place_initial(
        &app,
        campaign,
        fixture.influencer,
        1,
        "2026-02-01T05:00:00Z",
    )
    .await;
    Tiered {
        app,
        fixture,
        campaign,
        user,
    }
}

/// The fixture order as another order placed at `placed_at` (paid 4 minutes later, invoiced a
/// day later).
fn order_placed(vtex_order_id: &str, placed_at: &str) -> Value {
    let placed = at(placed_at);
    let mut order = fixture_order();
    order["vtexOrderId"] = json!(vtex_order_id);
    order["sequence"] = json!(&vtex_order_id[7..13]);
    order["placedAt"] = json!(placed);
    order["authorizedAt"] = json!(placed + Duration::minutes(4));
    order["invoicedAt"] = json!(placed + Duration::days(1));
    order["lastChange"] = json!(placed + Duration::days(1) + Duration::seconds(2));
    order
}

/// Ingests an order and returns its commission id.
async fn ingested(app: &TestApp, order: &Value) -> Uuid {
    let (status, body) = ingest(app, order).await;
    assert_eq!(status, 200, "{body}");
    body["commission"]["id"].as_str().unwrap().parse().unwrap()
}

/// Sets a commission confirmed at `confirmed_at` with these amounts.
async fn confirmed(
    app: &TestApp,
    commission: Uuid,
    confirmed_at: &str,
    eligible: &str,
    amount: &str,
    reverted: &str,
) {
    exec(
        app,
        format!(
            "UPDATE commissions SET state = 'confirmed', confirmed_at = '{confirmed_at}',
               eligible_amount = {eligible}, commission_amount = {amount}, reverted_amount = {reverted}
             WHERE id = '{commission}'"
        ),
    )
    .await;
}

async fn frozen_rate(app: &TestApp, commission: Uuid) -> (Decimal, String) {
    use afiliados_db::schema::commissions;
    let mut conn = app.conn().await;
    commissions::table
        .filter(commissions::id.eq(commission))
        .select((commissions::commission_rate, commissions::tier_name))
        .first(&mut conn)
        .await
        .unwrap()
}

async fn call(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let response = app.post(EVALUATE, token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn history(app: &TestApp, token: &str, query: &str) -> (u16, Value) {
    let response = app.get(&format!("{HISTORY}?{query}"), token).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn counts(app: &TestApp, campaign: Uuid, user: Uuid) -> (i64, i64, i64) {
    use afiliados_db::schema::{notifications, tier_evaluations, tier_history};
    let mut conn = app.conn().await;
    let periods = tier_history::table
        .filter(tier_history::campaign_id.eq(campaign))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    let evaluations = tier_evaluations::table
        .filter(tier_evaluations::campaign_id.eq(campaign))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    let notices = notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::type_.eq("tier.changed"))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    (periods, evaluations, notices)
}

async fn level_of(app: &TestApp, campaign: Uuid, influencer: Uuid) -> (i32, Option<DateTime<Utc>>) {
    use afiliados_db::schema::tier_assignments;
    let mut conn = app.conn().await;
    tier_assignments::table
        .filter(tier_assignments::campaign_id.eq(campaign))
        .filter(tier_assignments::influencer_id.eq(influencer))
        .select((
            tier_assignments::tier_level,
            tier_assignments::last_evaluated_at,
        ))
        .first(&mut conn)
        .await
        .unwrap()
}

fn only(body: &Value) -> (&Value, &Value) {
    let evaluations = body["evaluations"].as_array().unwrap();
    assert_eq!(evaluations.len(), 1, "{body}");
    let results = evaluations[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{body}");
    (&evaluations[0], &results[0])
}

fn tier(value: &Value) -> (i64, &str, String) {
    (
        value["level"].as_i64().unwrap(),
        value["name"].as_str().unwrap(),
        value["commissionPercent"].to_string(),
    )
}

#[tokio::test]
async fn the_three_examples_move_isabela_up_down_and_to_elite_and_orders_keep_their_frozen_rate() {
    let Tiered {
        app,
        fixture,
        campaign,
        user,
    } = tiered("2026-04-05T12:00:00Z").await;
    let (_, finance) = app.login_as("finance").await;
    // Example 1's window [2026-03-01 02:30 Bogota, 2026-03-16 02:30 Bogota): the fixture order
    // (placed 2026-03-02, Base 10 %), confirmed 2026-03-10 with 640 000.00 eligible and 2 000.00
    // of its 64 000.00 returned: 640 000 × 62 000 / 64 000 = 620 000.00 still standing.
    let first = ingested(&app, &fixture_order()).await;
    assert_eq!(frozen_rate(&app, first).await.0, Decimal::new(1000, 2));
    confirmed(
        &app,
        first,
        "2026-03-10T12:00:00Z",
        "640000.00",
        "64000.00",
        "2000.00",
    )
    .await;
    let example_1 = json!({"campaignId": campaign, "evaluationDate": "2026-03-16T07:30:00Z"});

    // A dry run answers what the real run will do and writes nothing.
    let before = counts(&app, campaign, user).await;
    let mut dry = example_1.clone();
    dry["dryRun"] = json!(true);
    let (status, dry_body) = call(&app, &finance, dry).await;
    assert_eq!(status, 200, "{dry_body}");
    assert_eq!(only(&dry_body).1["direction"], "upgrade");
    assert_eq!(counts(&app, campaign, user).await, before);
    assert_eq!(before, (1, 0, 0));
    assert_eq!(
        level_of(&app, campaign, fixture.influencer).await,
        (1, None)
    );
    assert!(app.audit_actions("tiers.evaluated").await.is_empty());

    // Example 1: Base → Avanzado.
    let (status, body) = call(&app, &finance, example_1.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, dry_body, "the dry run answered exactly this");
    let (evaluation, result) = only(&body);
    assert_eq!(evaluation["campaignId"], campaign.to_string());
    assert_eq!(evaluation["campaignName"], "Cetaphil Lanzamiento");
    assert_eq!(evaluation["evaluationAt"], "2026-03-16T07:30:00Z");
    assert_eq!(evaluation["windowStart"], "2026-03-01T07:30:00Z");
    assert_eq!(evaluation["windowEnd"], "2026-03-16T07:30:00Z");
    assert_eq!(
        (
            evaluation["evaluated"].as_i64(),
            evaluation["changed"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(result["influencerId"], fixture.influencer.to_string());
    assert_eq!(result["influencerName"], "Isabela Gómez");
    assert_eq!(tier(&result["previousTier"]), (1, "Base", "10.00".into()));
    assert_eq!(tier(&result["newTier"]), (2, "Avanzado", "12.00".into()));
    assert_eq!(result["changed"], true);
    assert_eq!(result["direction"], "upgrade");
    assert_eq!(result["salesVolume"].to_string(), "620000.00");
    assert_eq!(counts(&app, campaign, user).await, (2, 1, 1));
    assert_eq!(
        level_of(&app, campaign, fixture.influencer).await,
        (2, Some(at("2026-03-16T07:30:00Z")))
    );
    assert_eq!(app.audit_actions("tiers.evaluated").await.len(), 1);
    let (status, periods) = history(
        &app,
        &finance,
        &format!("campaignId={campaign}&sort=effectiveFrom"),
    )
    .await;
    assert_eq!(status, 200, "{periods}");
    assert_eq!(periods["total"], 2);
    let closed = &periods["items"][0];
    assert_eq!(
        (closed["tierName"].as_str(), closed["reason"].as_str()),
        (Some("Base"), Some("initial"))
    );
    assert_eq!(closed["effectiveTo"], "2026-03-16T07:30:00Z");
    let open = &periods["items"][1];
    assert_eq!(open["tierName"], "Avanzado");
    assert_eq!(open["tierLevel"], 2);
    assert_eq!(open["commissionPercent"].to_string(), "12.00");
    assert_eq!(open["reason"], "upgrade");
    assert_eq!(open["effectiveFrom"], "2026-03-16T07:30:00Z");
    assert_eq!(open["effectiveTo"], Value::Null);
    assert_eq!(open["windowStart"], "2026-03-01T07:30:00Z");
    assert_eq!(open["windowEnd"], "2026-03-16T07:30:00Z");
    assert_eq!(open["salesVolume"].to_string(), "620000.00");
    assert!(
        open["triggeredBy"]
            .as_str()
            .unwrap()
            .starts_with("finance.")
    );
    assert_eq!(open["campaignName"], "Cetaphil Lanzamiento");

    // Evaluating twice at the same instant changes nothing the second time.
    let (status, again) = call(&app, &finance, example_1).await;
    assert_eq!(status, 200, "{again}");
    let (evaluation, result) = only(&again);
    assert_eq!(evaluation["changed"], 0);
    assert_eq!(result["direction"], "none");
    assert_eq!(result["changed"], false);
    assert_eq!(
        tier(&result["previousTier"]),
        (2, "Avanzado", "12.00".into())
    );
    assert_eq!(tier(&result["newTier"]), (2, "Avanzado", "12.00".into()));
    assert_eq!(counts(&app, campaign, user).await, (2, 1, 1));
    assert_eq!(app.audit_actions("tiers.evaluated").await.len(), 1);

    // An order placed 2026-03-16 10:00 Bogota earns 12 %; one placed 2026-03-15 still 10 %.
    let after = ingested(
        &app,
        &order_placed("1432120599901-01", "2026-03-16T15:00:00Z"),
    )
    .await;
    assert_eq!(
        frozen_rate(&app, after).await,
        (Decimal::new(1200, 2), "Avanzado".into())
    );
    let before_e = ingested(
        &app,
        &order_placed("1432120599902-01", "2026-03-15T15:00:00Z"),
    )
    .await;
    assert_eq!(
        frozen_rate(&app, before_e).await,
        (Decimal::new(1000, 2), "Base".into())
    );

    // Example 2 (2026-03-31 02:30 Bogota): 180 000.00 in the window → Avanzado → Base.
    confirmed(
        &app,
        after,
        "2026-03-20T12:00:00Z",
        "180000.00",
        "21600.00",
        "0",
    )
    .await;
    let (status, body) = call(
        &app,
        &finance,
        json!({"campaignId": campaign, "evaluationDate": "2026-03-31T07:30:00Z"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (evaluation, result) = only(&body);
    assert_eq!(evaluation["windowStart"], "2026-03-16T07:30:00Z");
    assert_eq!(result["direction"], "downgrade");
    assert_eq!(result["salesVolume"].to_string(), "180000.00");
    assert_eq!(tier(&result["newTier"]), (1, "Base", "10.00".into()));
    // The order placed before the upgrade, confirmed only now, keeps its 10 %.
    confirmed(
        &app,
        before_e,
        "2026-04-01T07:00:00Z",
        "1970000.00",
        "197000.00",
        "0",
    )
    .await;
    assert_eq!(frozen_rate(&app, before_e).await.0, Decimal::new(1000, 2));

    // Example 3: 180 000.00 + 1 970 000.00 = 2 150 000.00 → Elite.
    let (status, body) = call(
        &app,
        &finance,
        json!({"campaignId": campaign, "evaluationDate": "2026-04-03T07:30:00Z"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, result) = only(&body);
    assert_eq!(result["direction"], "upgrade");
    assert_eq!(result["salesVolume"].to_string(), "2150000.00");
    assert_eq!(tier(&result["previousTier"]), (1, "Base", "10.00".into()));
    assert_eq!(tier(&result["newTier"]), (3, "Elite", "15.00".into()));
    assert_eq!(counts(&app, campaign, user).await, (4, 3, 3));

    // The history filters: the open period, the downgrades, newest first by default.
    let (_, current) = history(&app, &finance, "current=true").await;
    assert_eq!(current["total"], 1);
    assert_eq!(current["items"][0]["tierName"], "Elite");
    let (_, downgrades) = history(&app, &finance, "reason=downgrade").await;
    assert_eq!(downgrades["total"], 1);
    assert_eq!(
        downgrades["items"][0]["effectiveFrom"],
        "2026-03-31T07:30:00Z"
    );
    let (_, newest) = history(
        &app,
        &finance,
        &format!("influencerId={}", fixture.influencer),
    )
    .await;
    let reasons: Vec<&str> = newest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, vec!["upgrade", "downgrade", "upgrade", "initial"]);
    // The influencer reads the change in its feed.
    let (_, notice) = {
        use afiliados_db::schema::notifications;
        let mut conn = app.conn().await;
        notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::type_.eq("tier.changed"))
            .order(notifications::created_at.asc())
            .select((notifications::type_, notifications::payload))
            .first::<(String, Value)>(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(notice["newTier"]["name"], "Avanzado");
    assert_eq!(notice["direction"], "upgrade");
}

#[tokio::test]
async fn bad_evaluation_requests_are_refused_and_only_finance_and_admins_evaluate() {
    let Tiered {
        app,
        campaign,
        fixture,
        ..
    } = tiered("2026-04-05T12:00:00Z").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    for (body, field) in [
        (
            json!({"campaignId": campaign, "evaluationDate": "2026-04-06"}),
            "evaluationDate",
        ),
        (
            json!({"campaignId": campaign, "evaluationDate": "2026-04-05T12:00:01Z"}),
            "evaluationDate",
        ),
        (
            json!({"campaignId": campaign, "evaluationDate": "ayer"}),
            "evaluationDate",
        ),
    ] {
        let (status, answer) = call(&app, &admin, body).await;
        assert_eq!(status, 422, "{answer}");
        assert_eq!(answer["error"], "validation_failed");
        assert_eq!(answer["details"][0]["field"], field);
    }
    let (status, answer) = call(&app, &admin, json!({"campaignId": Uuid::new_v4()})).await;
    assert_eq!(status, 404, "{answer}");
    // A date today is its 00:00 Bogota, in the past: fine.
    let (status, answer) = call(
        &app,
        &admin,
        json!({"campaignId": campaign, "evaluationDate": "2026-04-05", "dryRun": true}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["evaluations"][0]["evaluationAt"],
        "2026-04-05T05:00:00Z"
    );
    let (_, marca) = marca_login(&app, &[fixture.brand]).await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, auditor) = app.login_as("auditor").await;
    for token in [&marca, &gestor, &auditor] {
        let (status, answer) =
            call(&app, token, json!({"campaignId": campaign, "dryRun": true})).await;
        assert_eq!(status, 403, "{answer}");
    }
    // Without a campaign: every active campaign with tiers (a campaign without tiers is left out).
    let other = app.create_brand("eucerin").await;
    exec(
        &app,
        format!(
            "INSERT INTO campaigns (id, tenant_id, brand_id, name, slug, start_date, status,
           base_commission_percent, commission_basis, eligible_scope_type, eligible_scope_values)
         VALUES ('{}', '{}', '{other}', 'Sin niveles', 'sin-niveles', '2026-02-01', 'active', 8,
           'pre_tax', 'all', '{{}}')",
            afiliados_db::new_id(),
            app.state.tenant_id
        ),
    )
    .await;
    let (status, answer) = call(&app, &admin, json!({"dryRun": true})).await;
    assert_eq!(status, 200, "{answer}");
    let names: Vec<&str> = answer["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["campaignName"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Cetaphil Lanzamiento"]);
}

/// A second brand's campaign with the seed tiers and its own member, on Base.
async fn other_brand_member(app: &TestApp) -> (Uuid, Uuid, Uuid) {
    let brand = app.create_brand("eucerin").await;
    let campaign = afiliados_db::new_id();
    exec(
        app,
        format!(
            "INSERT INTO campaigns (id, tenant_id, brand_id, name, slug, start_date, status,
           base_commission_percent, commission_basis, eligible_scope_type, eligible_scope_values)
         VALUES ('{campaign}', '{}', '{brand}', 'Eucerin Verano', 'eucerin-verano', '2026-02-01',
           'active', 10, 'pre_tax', 'all', '{{}}')",
            app.state.tenant_id
        ),
    )
    .await;
    add_seed_tiers(app, campaign).await;
    let influencer = insert_influencer(app, "Mateo", "Ríos", "approved").await;
    place_initial(app, campaign, influencer, 1, "2026-02-01T05:00:00Z").await;
    (brand, campaign, influencer)
}

fn influencer_ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["influencerId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_history_is_scoped_to_brands_and_to_the_influencer_itself() {
    let Tiered {
        app,
        fixture,
        campaign,
        ..
    } = tiered("2026-04-05T12:00:00Z").await;
    let (other_brand, other_campaign, mateo) = other_brand_member(&app).await;
    let isabela = fixture.influencer.to_string();
    let mateo = mateo.to_string();

    // AD and FI read every membership.
    for role in ["admin_dentsu", "finance"] {
        let (_, token) = app.login_as(role).await;
        let (status, page) = history(&app, &token, "").await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["total"], 2, "{role}: {page}");
    }
    // AM reads its brands' campaigns only, whatever it filters on.
    let (_, marca) = marca_login(&app, &[fixture.brand]).await;
    let (_, page) = history(&app, &marca, "").await;
    assert_eq!(influencer_ids(&page), vec![isabela.clone()]);
    let (_, page) = history(&app, &marca, &format!("campaignId={other_campaign}")).await;
    assert_eq!(page["total"], 0, "{page}");
    let (_, page) = history(&app, &marca, &format!("influencerId={mateo}")).await;
    assert_eq!(page["total"], 0, "{page}");
    let (_, other_marca) = marca_login(&app, &[other_brand]).await;
    let (_, page) = history(&app, &other_marca, &format!("campaignId={campaign}")).await;
    assert_eq!(page["total"], 0, "{page}");
    // An influencer reads its own periods; asking for someone else's gives its own.
    let email = format!("mateo.{}@influencer.co", Uuid::new_v4().simple());
    let mateo_user = app.create_user(&email, &["influencer"], &[]).await;
    exec(
        &app,
        format!("UPDATE influencers SET user_id = '{mateo_user}' WHERE id = '{mateo}'"),
    )
    .await;
    let token = app.login(&email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, page) = history(&app, &token, &format!("influencerId={isabela}")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(influencer_ids(&page), vec![mateo.clone()]);
    let (_, page) = history(&app, &token, &format!("campaignId={campaign}")).await;
    assert_eq!(page["total"], 0, "{page}");
    // An influencer user without a profile sees nothing; GA and AU are not on the matrix row.
    let (_, bare) = app.login_as("influencer").await;
    let (status, page) = history(&app, &bare, "").await;
    assert_eq!((status, page["total"].as_i64()), (200, Some(0)), "{page}");
    for role in ["gestor_afiliados", "auditor"] {
        let (_, token) = app.login_as(role).await;
        let (status, page) = history(&app, &token, "").await;
        assert_eq!(status, 403, "{role}: {page}");
    }
    // Bad filters are 422, not 500.
    let (_, admin) = app.login_as("admin_dentsu").await;
    for query in [
        "reason=sideways",
        "sort=-tierLevel",
        "pageSize=101",
        "current=maybe",
    ] {
        let (status, page) = history(&app, &admin, query).await;
        assert!(status == 422 || status == 400, "{query}: {status} {page}");
    }
}

#[tokio::test]
async fn evaluate_due_evaluates_the_campaigns_due_and_moves_their_schedule() {
    // 2026-03-16 02:30 Bogota: the campaign started 2026-03-01, P = 15 → first date 2026-03-16.
    let Tiered {
        app,
        fixture,
        campaign,
        user,
    } = tiered("2026-03-16T07:30:00Z").await;
    exec(&app, format!(
        "UPDATE campaigns SET start_date = '2026-03-01', next_tier_evaluation_on = '2026-03-16' WHERE id = '{campaign}'"
    ))
    .await;
    let first = ingested(&app, &fixture_order()).await;
    confirmed(
        &app,
        first,
        "2026-03-10T12:00:00Z",
        "620000.00",
        "62000.00",
        "0",
    )
    .await;
    // Not due: another active campaign whose date is tomorrow, and a paused one due today.
    let (_, later, _) = other_brand_member(&app).await;
    exec(
        &app,
        format!("UPDATE campaigns SET next_tier_evaluation_on = '2026-03-17' WHERE id = '{later}'"),
    )
    .await;

    let (status, answer) = {
        let response = app
            .post(
                DUE,
                INTERNAL_TOKEN,
                json!({"scheduledAt": "2026-03-16T07:30:00Z"}),
            )
            .await;
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    };
    assert_eq!(status, 200, "{answer}");
    let (evaluation, result) = only(&answer);
    assert_eq!(evaluation["campaignId"], campaign.to_string());
    assert_eq!(evaluation["evaluationAt"], "2026-03-16T07:30:00Z");
    assert_eq!(evaluation["windowStart"], "2026-03-01T07:30:00Z");
    assert_eq!(result["direction"], "upgrade");
    assert_eq!(result["salesVolume"].to_string(), "620000.00");
    assert_eq!(level_of(&app, campaign, fixture.influencer).await.0, 2);
    assert_eq!(counts(&app, campaign, user).await, (2, 1, 1));
    let next = |id: Uuid| {
        let app = &app;
        async move {
            use afiliados_db::schema::campaigns;
            let mut conn = app.conn().await;
            campaigns::table
                .filter(campaigns::id.eq(id))
                .select(campaigns::next_tier_evaluation_on)
                .first::<Option<chrono::NaiveDate>>(&mut conn)
                .await
                .unwrap()
                .map(|date| date.to_string())
        }
    };
    assert_eq!(
        next(campaign).await.as_deref(),
        Some("2026-03-31"),
        "today + P"
    );
    assert_eq!(
        next(later).await.as_deref(),
        Some("2026-03-17"),
        "not due, not moved"
    );
    let audit = app.audit_actions("tiers.evaluated").await;
    assert_eq!(audit.len(), 1);

    // A second tick the same day finds nothing due; a paused campaign is never due.
    exec(&app, format!("UPDATE campaigns SET status = 'paused', next_tier_evaluation_on = '2026-03-16' WHERE id = '{later}'")).await;
    let response = app
        .post(
            DUE,
            INTERNAL_TOKEN,
            json!({"scheduledAt": "2026-03-16T07:30:00Z", "date": "2026-03-16"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["evaluations"], json!([]), "{answer}");
    assert_eq!(counts(&app, campaign, user).await, (2, 1, 1));
    // A manual run does not move the schedule.
    let (_, finance) = app.login_as("finance").await;
    let (status, body) = call(&app, &finance, json!({"campaignId": campaign})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(next(campaign).await.as_deref(), Some("2026-03-31"));
    // A date after the api's Bogota today is refused.
    let response = app
        .post(
            DUE,
            INTERNAL_TOKEN,
            json!({"scheduledAt": "2026-03-16T07:30:00Z", "date": "2026-03-17"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    // The service token only.
    let response = app
        .post(
            DUE,
            &finance,
            json!({"scheduledAt": "2026-03-16T07:30:00Z"}),
        )
        .await;
    assert_eq!(response.status(), 401);
}
