//! VTEX misbehaves during a run (`vtex.md` §8, ADR 0056): 5xx answers, a 429 with `Retry-After`
//! and timeouts on pages of the list are retried (by the client, then by the job) and the run
//! finishes with every page; a list VTEX never serves ends the run `failed` with the error — it
//! is never compared or finished with a page missing.

use afiliados_vtex_sandbox::FaultRule;
use chrono::TimeDelta;

use crate::coupon_sync::stack::TestResult;

use super::stack::{Options, Order, ReconStack, at};

/// Orders of the day, all stored on the platform: 12 orders are 3 pages of 5.
const ORDERS: usize = 12;

/// `rule` hitting about half of the list requests (the sandbox's generator is seeded, so the
/// same requests are hit on every run of the test).
fn sometimes(mut rule: FaultRule) -> FaultRule {
    rule.probability = Some(0.5);
    rule.for_operation("list_orders")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn faults_on_pages_are_retried_and_a_list_never_served_fails_the_run() -> TestResult {
    let stack = ReconStack::start(Options {
        page_size: 5,
        ..Options::default()
    })
    .await?;
    let finance = stack.staff("finance", &[]).await?;
    let first_placed = at("2026-03-02T06:00:00Z");
    for n in 0..ORDERS {
        let id = format!("{:013}-01", 1_432_120_700_000_u64 + n as u64);
        let created = first_placed + TimeDelta::minutes(60 * n as i64);
        stack
            .place(
                &finance,
                &Order::new(&id, 5_000_000).created(&created.to_rfc3339()),
            )
            .await?;
    }

    // 1. Two 503s, a 429 with Retry-After: 1 and a timeout, each on some list request.
    stack.sandbox.clear_requests();
    stack
        .sandbox
        .add_fault(sometimes(FaultRule::status(503).times(2)))?;
    stack
        .sandbox
        .add_fault(sometimes(FaultRule::status(429).retry_after(1).times(1)))?;
    stack
        .sandbox
        .add_fault(sometimes(FaultRule::timeout().times(1)))?;
    let run = stack.run_day(&finance).await?;
    let run = stack.run_over(&finance, &run).await?;
    let faults = stack.sandbox.faults();
    assert!(
        faults.is_empty(),
        "every fault was met during the run: {faults:?}"
    );
    assert_eq!(run["status"], "success", "{run}");
    assert_eq!(run["discrepanciesFound"], 0);
    assert_eq!(run["vtexOrdersCount"], 12);
    assert_eq!(run["platformOrdersCount"], 12);
    assert_eq!(run["pagesFetched"], 3, "{run}");
    let answers = list_answers(&stack);
    let served: std::collections::BTreeSet<u32> = answers
        .iter()
        .filter(|(_, status)| *status == Some(200))
        .map(|(page, _)| *page)
        .collect();
    assert_eq!(
        served.into_iter().collect::<Vec<_>>(),
        [1, 2, 3],
        "{answers:?}"
    );
    let count = |wanted: Option<u16>| answers.iter().filter(|(_, s)| *s == wanted).count();
    assert_eq!(count(Some(503)), 2, "{answers:?}");
    assert_eq!(count(Some(429)), 1, "{answers:?}");
    // Which page the seeded probability faults land on varies with the order of the requests;
    // the counts above and every page served once are what must hold.

    // 2. VTEX never serves the list: at the job's last attempt the run ends `failed` with the
    //    error; nothing was compared.
    stack.sandbox.clear_faults();
    stack.sandbox.clear_requests();
    stack
        .sandbox
        .add_fault(FaultRule::status(503).for_operation("list_orders"))?;
    let broken = stack.run_day(&finance).await?;
    let broken = stack.run_over(&finance, &broken).await?;
    assert_eq!(broken["status"], "failed", "{broken}");
    let error = broken["error"].as_str().unwrap_or_default();
    assert!(error.contains("503"), "{broken}");
    assert_eq!(broken["pagesFetched"], 0);
    assert_eq!(broken["discrepanciesFound"], 0);
    assert!(broken["finishedAt"].is_string(), "{broken}");
    stack.sandbox.clear_faults();
    stack.stop().await
}

/// `(page, status)` of every list request the sandbox received, in order (`None`: no answer).
fn list_answers(stack: &ReconStack) -> Vec<(u32, Option<u16>)> {
    stack
        .sandbox
        .requests_for("list_orders")
        .iter()
        .map(|r| {
            let page = r
                .query
                .as_deref()
                .unwrap_or_default()
                .split('&')
                .find_map(|pair| pair.strip_prefix("page="))
                .and_then(|page| page.parse().ok())
                .unwrap_or(0);
            (page, r.status)
        })
        .collect()
}
