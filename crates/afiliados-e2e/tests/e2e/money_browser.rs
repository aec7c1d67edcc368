//! The money story of issue 10 in headless Chromium, against the real api, web, worker, VTEX
//! sandbox, Redis and PostgreSQL: a customer checks out in the sandbox with an influencer's code →
//! finance opens the order and reads why it was attributed and how its commission was computed →
//! finance runs a settlement with a waiting period of 0 days, which confirms the commission → the
//! influencer signs in and sees the available balance, the monthly chart and the tier progress.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use fantoccini::{Client, Locator};
use rust_decimal::Decimal;
use uuid::Uuid;

use afiliados_db::schema::{campaign_tiers, influencers, tier_assignments};
use afiliados_db_test::fixtures::CodeIds;

use crate::chrome::{browser, chromedriver, spawn_web};
use crate::coupon_sync::stack::{Stack, TestResult, Tuning};
use crate::orders::shop::{Finance, checkout, emit_hook, synced_code};
use crate::program::{click, fill, sign_in, wait_for};

/// The commission of the one order: 125 820.00 eligible × 10 % (as the web writes COP in Spanish).
const COMMISSION_ES: &str = "$ 12.582,00";

/// Gives the campaign a valid tier plan (Bronce, the default at 10 %, and Oro from 251 640.00) and
/// places the influencer in Bronce, so the order keeps its 10 % and, once its 125 820.00 of
/// eligible sales is confirmed, the influencer is exactly half way to Oro.
async fn tier_plan(stack: &Stack, ids: &CodeIds) -> TestResult {
    let mut conn = stack.api.state.db.get().await?;
    let bronce = afiliados_db::new_id();
    diesel::insert_into(campaign_tiers::table)
        .values(vec![
            (
                campaign_tiers::id.eq(bronce),
                campaign_tiers::campaign_id.eq(ids.campaign_id),
                campaign_tiers::name.eq("Bronce"),
                campaign_tiers::level.eq(1),
                campaign_tiers::threshold.eq(Decimal::ZERO),
                campaign_tiers::commission_percent.eq(Decimal::new(1000, 2)),
                campaign_tiers::is_default.eq(true),
            ),
            (
                campaign_tiers::id.eq(afiliados_db::new_id()),
                campaign_tiers::campaign_id.eq(ids.campaign_id),
                campaign_tiers::name.eq("Oro"),
                campaign_tiers::level.eq(2),
                campaign_tiers::threshold.eq(Decimal::new(25_164_000, 2)),
                campaign_tiers::commission_percent.eq(Decimal::new(1200, 2)),
                campaign_tiers::is_default.eq(false),
            ),
        ])
        .execute(&mut conn)
        .await?;
    diesel::insert_into(tier_assignments::table)
        .values((
            tier_assignments::id.eq(afiliados_db::new_id()),
            tier_assignments::tenant_id.eq(stack.api.state.tenant_id),
            tier_assignments::campaign_id.eq(ids.campaign_id),
            tier_assignments::influencer_id.eq(ids.influencer_id),
            tier_assignments::tier_id.eq(Some(bronce)),
            tier_assignments::tier_level.eq(1),
            tier_assignments::since.eq(chrono::Utc::now()),
        ))
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// Gives the fixture's influencer a sign-in: a user with the influencer role linked to the row.
async fn influencer_login(stack: &Stack, ids: &CodeIds) -> TestResult<String> {
    let email = format!("isabela-{}@example.com", Uuid::new_v4().simple());
    let user_id = stack.api.create_user(&email, &["influencer"]).await;
    let mut conn = stack.api.state.db.get().await?;
    diesel::update(influencers::table.find(ids.influencer_id))
        .set((
            influencers::user_id.eq(Some(user_id)),
            influencers::email.eq(&email),
        ))
        .execute(&mut conn)
        .await?;
    Ok(email)
}

/// The text of the element with this id.
async fn text_of(client: &Client, id: &str) -> String {
    wait_for(client, id)
        .await
        .text()
        .await
        .unwrap_or_else(|e| panic!("text of #{id}: {e}"))
}

/// Signs in through the login page, in Spanish (the notation the amounts are checked in).
async fn sign_in_es(client: &Client, web: &str, email: &str) {
    client
        .goto(&format!("{web}/login?lang=es"))
        .await
        .expect("language choice");
    sign_in(client, web, email).await;
}

/// Finance reads the order's explanation: attributed, every check passed with what it
/// compared, and the line's formula.
async fn finance_reads_the_explanation(
    client: &Client,
    web: &str,
    vtex_order_id: &str,
    code: &str,
) {
    client
        .goto(&format!("{web}/pedidos/{vtex_order_id}"))
        .await
        .expect("order page");
    let title = text_of(client, "order-title").await;
    assert!(title.contains(vtex_order_id), "{title}");
    let verdict = wait_for(client, "attribution-verdict").await;
    assert_eq!(
        verdict.attr("data-attributed").await.expect("attr"),
        Some("true".into()),
        "{}",
        verdict.text().await.unwrap_or_default()
    );
    let checks = client
        .find_all(Locator::Css("#attribution-checks tbody tr"))
        .await
        .expect("checks");
    assert_eq!(checks.len(), 8, "the eight attribution checks");
    for check in &checks {
        let row = check.text().await.expect("text");
        assert_eq!(
            check.attr("data-verdict").await.expect("attr").as_deref(),
            Some("passed"),
            "{row}"
        );
    }
    let matched = text_of(client, "check-code_exists").await;
    assert!(
        matched.contains(code),
        "the check shows the code it matched: {matched}"
    );
    let formula = client
        .find(Locator::Css("#line-0 code.formula"))
        .await
        .expect("the line's formula")
        .text()
        .await
        .expect("text");
    assert_eq!(formula, "125820.00 × 10.00 / 100 = 12582.00");
    let commission = text_of(client, "order-commission").await;
    assert!(commission.contains(COMMISSION_ES), "{commission}");
}

/// Finance runs a real settlement with a 0-day waiting period through the run form; the run's
/// page lists the order's commission as confirmed.
async fn finance_settles(client: &Client, web: &str, vtex_order_id: &str) {
    client
        .goto(&format!("{web}/liquidaciones"))
        .await
        .expect("settlements page");
    wait_for(client, "settlements-title").await;
    fill(client, "waiting-period-days", "0").await;
    click(client, "settlement-run-now").await;
    wait_for(client, "settlement-title").await;
    assert!(
        client
            .find(Locator::Id("settlement-dry-run"))
            .await
            .is_err(),
        "a real run, not a preview"
    );
    let confirmed = text_of(client, "total-confirmed").await;
    assert!(
        confirmed.contains(&format!("1 · {COMMISSION_ES}")),
        "{confirmed}"
    );
    let listed = text_of(client, "settlement-list-confirmed").await;
    assert!(listed.contains(vtex_order_id), "{listed}");
    assert!(listed.contains(COMMISSION_ES), "{listed}");
}

/// The influencer's panel: the confirmed commission is available, the monthly chart is drawn and
/// the tier progress shows half the way from Bronce to Oro.
async fn influencer_sees_the_panel(client: &Client) {
    let available = text_of(client, "wallet-available").await;
    assert!(available.contains(COMMISSION_ES), "{available}");
    let bars = client
        .find_all(Locator::Css("#monthly-chart svg rect.bar-second"))
        .await
        .expect("chart bars");
    assert!(!bars.is_empty(), "the monthly chart has its months");
    let drawn = client
        .find_all(Locator::Css("#monthly-chart svg rect.bar-second[height]"))
        .await
        .expect("bars");
    let mut heights = Vec::new();
    for bar in &drawn {
        heights.push(
            bar.attr("height")
                .await
                .expect("height")
                .unwrap_or_default(),
        );
    }
    assert!(
        heights.iter().any(|h| h != "0"),
        "this month's confirmed commission is drawn: {heights:?}"
    );
    let tiers = text_of(client, "dashboard-tiers").await;
    assert!(tiers.contains("Bronce"), "{tiers}");
    assert!(tiers.contains("Oro"), "{tiers}");
    let bar = client
        .find(Locator::Css("#dashboard-tiers svg.progress-bar"))
        .await
        .expect("the tier progress bar");
    assert_eq!(
        bar.attr("aria-label").await.expect("attr").as_deref(),
        Some("50 %")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_is_explained_settled_and_shown_in_the_influencer_panel() -> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let (world, ids) = synced_code(&stack, "navegador").await?;
    tier_plan(&stack, &ids).await?;
    let influencer_email = influencer_login(&stack, &ids).await?;
    let finance = Finance::sign_in(&stack).await;

    let vtex_order_id = checkout(&stack, &world.code, 1).await?;
    assert_eq!(emit_hook(&stack, &vtex_order_id).await?, Some(200));
    let order = finance
        .wait_order(&stack, &vtex_order_id, |o| {
            o["commission"]["state"] == "estimated"
        })
        .await?;
    assert_eq!(order["attributed"], true);

    let web = spawn_web(&stack.api.address).await;
    let driver = chromedriver().await;
    let staff = browser(&driver).await;
    let finance_email = format!("finanzas-{}@example.com", Uuid::new_v4().simple());
    stack.api.create_user(&finance_email, &["finance"]).await;
    sign_in_es(&staff, &web, &finance_email).await;
    finance_reads_the_explanation(&staff, &web, &vtex_order_id, &world.code).await;
    finance_settles(&staff, &web, &vtex_order_id).await;
    staff.close().await?;
    let settled = finance.order(&vtex_order_id).await?.ok_or("the order")?;
    assert_eq!(settled["commission"]["state"], "confirmed", "{settled}");

    let influencer = browser(&driver).await;
    sign_in_es(&influencer, &web, &influencer_email).await;
    let url = influencer.current_url().await?;
    assert_eq!(
        url.path(),
        "/influencer",
        "the influencer lands on the panel"
    );
    influencer_sees_the_panel(&influencer).await;
    influencer.close().await?;
    drop(driver.child);
    stack.stop().await
}
