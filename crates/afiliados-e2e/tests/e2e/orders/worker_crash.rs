//! The worker process is killed with SIGKILL in the middle of a burst of hooks, then started
//! again. Tasks it had taken from Redis stay claimed by the dead worker until its heartbeats are
//! missed (`WORKER_HEARTBEAT_INTERVAL_SECS` × `WORKER_MISSED_HEARTBEATS`, short here); the new
//! worker then re-enqueues them. Every order ends ingested exactly once: one commission and one
//! `commission_estimated` ledger entry each, every delivery `processed`.

use std::time::Duration;

use afiliados_jobs::Liveness;
use afiliados_testkit::eventually;
use afiliados_vtex_sandbox::FaultRule;

use crate::coupon_sync::stack::{Stack, TestResult, Tuning};
use crate::worker_process::WorkerProcess;

use super::books;
use super::shop::{Finance, checkout, emit_hook, synced_code};

/// Orders in the burst.
const BURST: u32 = 40;

/// The orders stored with their commission so far.
async fn ingested(stack: &Stack) -> TestResult<usize> {
    Ok(books::orders(stack)
        .await?
        .iter()
        .filter(|order| order.commissions > 0)
        .count())
}

/// Deliveries claimed by a worker and not yet reported.
async fn processing(stack: &Stack) -> TestResult<i64> {
    Ok(books::deliveries(stack)
        .await?
        .into_iter()
        .filter(|(status, _)| status == "processing")
        .map(|(_, n)| n)
        .sum())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_burst_loses_and_duplicates_nothing_after_its_restart() -> TestResult {
    let stack = Stack::start(Tuning {
        in_process_worker: false,
        // A killed worker's tasks come back after 3 s instead of 6 minutes.
        liveness: Liveness {
            heartbeat_interval: Duration::from_secs(1),
            missed_heartbeats: 3,
        },
        ..Tuning::default()
    })
    .await?;
    let env = stack.worker_env();
    let mut first = WorkerProcess::start(&env)?;
    let (world, _) = synced_code(&stack, "caida").await?;
    let finance = Finance::sign_in(&stack).await;

    let mut orders = Vec::new();
    for customer in 0..BURST {
        orders.push(checkout(&stack, &world.code, customer).await?);
    }
    // Slow OMS reads (two run at once per worker), so the kill finds tasks in flight.
    stack
        .sandbox
        .add_fault(FaultRule::latency(250).for_operation("get_order"))?;
    for id in &orders {
        assert_eq!(emit_hook(&stack, id).await?, Some(200), "hook of {id}");
    }

    // Kill once a few orders are in and a delivery is being processed (claimed, its OMS read
    // under way).
    let before_kill = eventually(Duration::from_secs(40), || async {
        let n = ingested(&stack).await.ok()?;
        (n >= 5 && processing(&stack).await.ok()? > 0).then_some(n)
    })
    .await?;
    assert!(first.is_running(), "the worker was up until the kill");
    first.kill()?;
    // Nothing moves the deliveries now: what is `processing` was cut off in flight, and only the
    // re-enqueue of the dead worker's tasks can finish it.
    let at_kill = ingested(&stack).await?;
    let cut_off = processing(&stack).await?;
    assert!(
        at_kill < orders.len() && cut_off > 0,
        "the kill came in the middle of the burst ({before_kill}, then {at_kill} of {} ingested, \
         {cut_off} in flight)",
        orders.len()
    );

    let mut second = WorkerProcess::start(&env)?;
    let all = eventually(Duration::from_secs(60), || async {
        ingested(&stack).await.ok().filter(|n| *n == orders.len())
    })
    .await;
    if all.is_err() {
        let books = books::orders(&stack).await?;
        let deliveries = books::deliveries(&stack).await?;
        return Err(format!(
            "not every order was ingested after the restart: {} of {}; deliveries {deliveries:?}",
            books.iter().filter(|o| o.commissions > 0).count(),
            orders.len()
        )
        .into());
    }
    // Re-run tasks settle (a re-run finds its delivery processed and does nothing).
    let deliveries = eventually(Duration::from_secs(30), || async {
        books::deliveries(&stack)
            .await
            .ok()
            .filter(|rows| rows.iter().all(|(status, _)| status == "processed"))
    })
    .await?;
    assert_eq!(
        deliveries,
        [("processed".to_owned(), i64::from(BURST))],
        "one delivery per hook, each processed"
    );

    let books = books::orders(&stack).await?;
    let mut stored: Vec<&str> = books.iter().map(|o| o.vtex_order_id.as_str()).collect();
    let mut expected: Vec<&str> = orders.iter().map(String::as_str).collect();
    stored.sort_unstable();
    expected.sort_unstable();
    assert_eq!(stored, expected, "every order, once");
    for order in &books {
        assert_eq!(
            (order.commissions, order.estimated_entries),
            (1, 1),
            "{order:?}"
        );
    }
    assert_eq!(finance.commission_total().await?, u64::from(BURST));
    assert!(second.is_running());
    second.kill()?;
    stack.stop().await
}
