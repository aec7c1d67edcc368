//! The VTEX feed backstop end to end (`vtex.md` §7, ADR 0069): the real api (own database,
//! outbox relay), real Redis, the worker and the VTEX sandbox. Orders change state in VTEX
//! without any hook reaching the api (transitions with `emitHook: false`, checkouts post none);
//! a `PollVtexFeed` tick drains the sandbox's feed into the same delivery log and ingest path as
//! hooks, so the order arrives, is attributed and gets its commission. A version the api already
//! received by hook comes back through the feed as a `duplicate` and is ingested once.

use afiliados_testkit::eventually;
use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl as _;
use serde_json::{Value, json};

use crate::coupon_sync::stack::{Stack, TestResult, Tuning};
use crate::orders::shop::{
    Finance, WAIT, checkout, emit_hook, outcome, sandbox_admin, synced_code,
};

#[derive(Debug, QueryableByName)]
struct DeliveryRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    status: String,
}

/// The order's deliveries as `kind status`, oldest first.
async fn deliveries_of(stack: &Stack, vtex_order_id: &str) -> TestResult<Vec<String>> {
    let mut conn = stack.api.state.db.get().await?;
    let rows: Vec<DeliveryRow> = diesel::sql_query(
        "SELECT kind, status FROM webhook_delivery_log WHERE vtex_order_id = $1 \
         ORDER BY received_at, id",
    )
    .bind::<Text, _>(vtex_order_id)
    .load(&mut conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| format!("{} {}", row.kind, row.status))
        .collect())
}

/// Enqueues one feed poll tick through the outbox, as the cron replica's tick would.
async fn poll_feed(stack: &Stack, tick: &str) -> TestResult {
    stack
        .queue_job("PollVtexFeed", json!({ "scheduledAt": tick }))
        .await
}

/// Waits until the sandbox's feed holds no event: every one was read and committed.
async fn wait_feed_drained(stack: &Stack) -> TestResult {
    let drained = eventually(WAIT, || async {
        let events = stack.sandbox.feed()["events"].clone();
        events.as_array().is_some_and(Vec::is_empty).then_some(())
    })
    .await;
    drained.map_err(|timed_out| {
        format!(
            "the feed was not drained: {timed_out}; feed {}",
            stack.sandbox.feed()
        )
        .into()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unhooked_order_arrives_through_the_feed_and_a_hooked_version_is_stored_once()
-> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let (world, ids) = synced_code(&stack, "feed").await?;
    let finance = Finance::sign_in(&stack).await;

    // Checked out and paid with the influencer's coupon; no hook is posted.
    let lost = checkout(&stack, &world.code, 1).await?;
    assert_eq!(finance.order(&lost).await?, None, "nothing reached the api");
    // The second order's version is delivered by hook as well.
    let hooked = checkout(&stack, &world.code, 2).await?;
    assert_eq!(emit_hook(&stack, &hooked).await?, Some(200));
    finance
        .wait_order(&stack, &hooked, |o| o["lastSource"] == "hook")
        .await?;

    poll_feed(&stack, "2026-03-02T14:10:00Z").await?;
    wait_feed_drained(&stack).await?;
    let order = finance
        .wait_order(&stack, &lost, |o| o["commission"]["state"] == "estimated")
        .await?;
    assert_eq!(
        outcome(&order),
        (
            "paid".to_owned(),
            "estimated".to_owned(),
            "12582.00".to_owned(),
            "12582.00".to_owned()
        )
    );
    assert_eq!(order["lastSource"], "feed");
    assert_eq!(order["attributed"], true);
    assert_eq!(order["influencerId"], ids.influencer_id.to_string());

    // The hooked version came back through the feed: stored as a duplicate, ingested once.
    assert_eq!(
        deliveries_of(&stack, &hooked).await?,
        ["hook processed", "feed_event duplicate"]
    );
    assert_eq!(finance.commissions(&hooked).await?.len(), 1);

    // A later state change without a hook is caught by the next tick.
    let moved = sandbox_admin(
        &stack,
        &format!("/orders/{lost}/transition"),
        json!({"state": "invoiced", "emitHook": false}),
    )
    .await?;
    assert_eq!(moved["hook"], Value::Null, "no hook was posted");
    poll_feed(&stack, "2026-03-02T14:12:00Z").await?;
    let order = finance
        .wait_order(&stack, &lost, |o| o["status"] == "invoiced")
        .await?;
    assert_eq!(order["commission"]["state"], "estimated");
    assert_eq!(
        deliveries_of(&stack, &lost).await?,
        ["feed_event processed", "feed_event processed"]
    );
    assert_eq!(finance.commission_total().await?, 2);
    // Every read handle was committed: the sandbox journal shows no read left uncommitted.
    assert!(!stack.sandbox.requests_for("feed_commit").is_empty());
    stack.stop().await
}
