//! Redis goes away (a private `redis-server` this test stops, never the shared one): the api still
//! answers 200 to VTEX's hooks, because each delivery and its job are committed to PostgreSQL (the
//! job outbox) and pushed to Redis later. When Redis returns, empty, the relay pushes the waiting
//! jobs and every order is ingested once.

use crate::coupon_sync::stack::{Stack, TestResult, Tuning};
use crate::stack::PrivateRedis;

use super::books;
use super::shop::{Finance, checkout, emit_hook, outcome, synced_code};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hooks_are_accepted_while_redis_is_down_and_ingested_when_it_returns() -> TestResult {
    let mut redis = PrivateRedis::start()?;
    let stack = Stack::start(Tuning {
        redis_url: Some(redis.url()),
        ..Tuning::default()
    })
    .await?;
    let (world, _) = synced_code(&stack, "sinredis").await?;
    let finance = Finance::sign_in(&stack).await;
    let mut orders = Vec::new();
    for customer in 1..=3 {
        orders.push(checkout(&stack, &world.code, customer).await?);
    }

    redis.stop();
    for id in &orders {
        assert_eq!(
            emit_hook(&stack, id).await?,
            Some(200),
            "the hook of {id} is accepted without Redis"
        );
    }
    assert_eq!(
        books::undispatched_jobs(&stack).await?,
        3,
        "the three jobs wait in the outbox"
    );
    for id in &orders {
        let order = finance.order(id).await?;
        assert!(order.is_none(), "{id} cannot have been ingested: {order:?}");
    }

    redis.restart()?;
    for id in &orders {
        let order = finance
            .wait_order(&stack, id, |o| o["commission"]["state"] == "estimated")
            .await?;
        assert_eq!(outcome(&order).2, "12582.00");
    }
    assert_eq!(books::undispatched_jobs(&stack).await?, 0);
    for order in books::orders(&stack).await? {
        assert_eq!(
            (order.commissions, order.estimated_entries),
            (1, 1),
            "{order:?}"
        );
    }
    assert_eq!(
        books::deliveries(&stack).await?,
        [("processed".to_owned(), 3)]
    );
    stack.stop().await
}
