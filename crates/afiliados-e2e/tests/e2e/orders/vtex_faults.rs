//! The OMS misbehaves while the worker reads a hooked order: 5xx, 429 and reads that never answer
//! in time. Each failed read is retried (inside the call, then by the job's backoff) and the order
//! ends ingested once.

use std::time::Duration;

use afiliados_vtex_sandbox::FaultRule;

use crate::coupon_sync::stack::{Stack, TestResult, Tuning};

use super::books;
use super::shop::{Finance, checkout, emit_hook, outcome, synced_code};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oms_errors_rate_limits_and_timeouts_are_retried_until_the_order_is_ingested() -> TestResult
{
    let stack = Stack::start(Tuning {
        vtex_timeout: Duration::from_millis(300),
        ..Tuning::default()
    })
    .await?;
    let (world, _) = synced_code(&stack, "omsfalla").await?;
    let finance = Finance::sign_in(&stack).await;
    let id = checkout(&stack, &world.code, 1).await?;

    // Each call tries twice (VTEX_MAX_RETRIES 1): two 503s fail the first attempt, two 429s the
    // second, two reads that hang past VTEX_TIMEOUT_MS the third.
    let reads = FaultRule::status(503).times(2).for_operation("get_order");
    stack.sandbox.add_fault(reads)?;
    let limited = FaultRule::status(429)
        .retry_after(0)
        .times(2)
        .for_operation("get_order");
    stack.sandbox.add_fault(limited)?;
    // A hang of 1 s (the client gives up after 300 ms), so the sandbox's handler ends in the test.
    let mut hangs = FaultRule::timeout().times(2).for_operation("get_order");
    hangs.fault.latency_ms = Some(1_000);
    stack.sandbox.add_fault(hangs)?;
    stack.sandbox.clear_requests();

    assert_eq!(emit_hook(&stack, &id).await?, Some(200));
    let order = finance
        .wait_order(&stack, &id, |o| o["commission"]["state"] == "estimated")
        .await?;
    assert_eq!(outcome(&order).2, "12582.00");

    let statuses: Vec<Option<u16>> = stack
        .sandbox
        .requests_for("get_order")
        .iter()
        .map(|r| r.status)
        .collect();
    let count = |status: u16| statuses.iter().filter(|s| **s == Some(status)).count();
    assert_eq!((count(503), count(429)), (2, 2), "{statuses:?}");
    assert_eq!(
        statuses.len(),
        7,
        "six failed reads, then the one that worked: {statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&Some(200)), "{statuses:?}");

    let books = books::orders(&stack).await?;
    assert_eq!(books.len(), 1);
    assert_eq!((books[0].commissions, books[0].estimated_entries), (1, 1));
    assert_eq!(
        books::deliveries(&stack).await?,
        [("processed".to_owned(), 1)]
    );
    stack.stop().await
}
