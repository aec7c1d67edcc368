//! A run over more than three pages of the sandbox's list (`vtex.md` §6): the worker follows the
//! paging to the end and every order of the day is compared. Running the same day again — once
//! through the public endpoint, once through the daily tick's job — moves the discrepancy still
//! open to the new run (`occurrences` grows) instead of duplicating it, and a second run asked
//! for while one is running is 409 `reconciliation_in_progress`.

use afiliados_jobs::{JobQueues, ScheduledReconciliationType, StartReconciliation};
use afiliados_testkit::eventually;
use afiliados_vtex_sandbox::FaultRule;
use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::coupon_sync::stack::TestResult;
use crate::stack::redis_url;

use super::stack::{DAY, Options, Order, ReconStack, WAIT, at};

/// Orders only VTEX knows (each an A), placed a few minutes apart through the day.
const MISSING: usize = 17;
/// The list's page size: 18 orders are 4 pages.
const PAGE: u32 = 5;
const UNKNOWN_COUPON: &str = "1432120577777-01";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_page_is_read_and_a_second_run_counts_occurrences_instead_of_duplicating()
-> TestResult {
    let stack = ReconStack::start(Options {
        page_size: PAGE,
        ..Options::default()
    })
    .await?;
    let finance = stack.staff("finance", &[]).await?;
    let first_placed = at("2026-03-02T05:30:00Z");
    let mut missing = Vec::new();
    for n in 0..MISSING {
        let id = format!("{:013}-01", 1_432_120_600_000_u64 + n as u64);
        let created = first_placed + TimeDelta::minutes(45 * n as i64);
        stack
            .checkout(&Order::new(&id, 5_000_000).created(&created.to_rfc3339()))
            .await?;
        missing.push(id);
    }
    stack
        .place(
            &finance,
            &Order::new(UNKNOWN_COUPON, 15_000_000).coupon("CETAPHIL-ISABELA7KQ3"),
        )
        .await?;

    let first = stack.run_day(&finance).await?;
    let first = stack.run_over(&finance, &first).await?;
    assert_eq!(first["status"], "warning", "{first}");
    assert_eq!(first["vtexOrdersCount"], 18, "{first}");
    assert_eq!(first["pagesFetched"], 4, "{first}");
    assert_eq!(first["counts"]["A"], 17, "{first}");
    assert_eq!(first["counts"]["D"], 1, "{first}");
    let pages = listed_pages(&stack);
    assert_eq!(pages, [1, 2, 3, 4], "every page once, to the end");
    // Every missing order is fetched and ingested; their A's resolve.
    let rows = stack
        .wait_discrepancies(&finance, &first, |rows| {
            rows.iter()
                .filter(|row| row["class"] == "A" && row["status"] == "resolved")
                .count()
                == MISSING
        })
        .await?;
    let mut found: Vec<&str> = rows
        .iter()
        .filter(|row| row["class"] == "A")
        .filter_map(|row| row["vtexOrderId"].as_str())
        .collect();
    found.sort_unstable();
    assert_eq!(found, missing);
    let d = rows
        .iter()
        .find(|row| row["class"] == "D")
        .ok_or("the D of the first run")?
        .clone();
    assert_eq!(d["occurrences"], 1);

    // The second run is held on its first page long enough for a third request to meet it.
    stack.sandbox.add_fault(
        FaultRule::latency(2_000)
            .times(1)
            .for_operation("list_orders"),
    )?;
    stack.sandbox.clear_requests();
    let second = stack.run_day(&finance).await?;
    let (status, refused) = stack
        .post(&finance, "/vtex/reconciliations/run", json!({"date": DAY}))
        .await?;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("reconciliation_in_progress")),
        "{refused}"
    );
    let second = stack.run_over(&finance, &second).await?;
    assert_eq!(second["pagesFetched"], 4, "{second}");
    assert_eq!(second["vtexOrdersCount"], 18);
    assert_eq!(
        second["counts"],
        json!({"A": 0, "B": 0, "C": 0, "D": 1, "E": 0}),
        "the A's were ingested: {second}"
    );
    let again = only_d(&stack, &finance, &second).await?;
    assert_eq!(
        again["id"], d["id"],
        "the same discrepancy, moved to the new run"
    );
    assert_eq!(again["occurrences"], 2);
    assert_eq!(again["firstRunId"], first["id"]);
    assert_eq!(again["lastRunId"], second["id"]);

    // The daily tick's job for 03:00 on 2026-03-03 reconciles the same day.
    let producer = JobQueues::connect(&redis_url(), &stack.namespace).await?;
    producer
        .push_job(StartReconciliation {
            scheduled_at: at("2026-03-03T08:00:00Z"),
            run_type: ScheduledReconciliationType::Daily,
        })
        .await?;
    let ticked = eventually(WAIT, || async {
        let page = stack
            .read(&finance, "/vtex/reconciliations?source=scheduled")
            .await
            .ok()?;
        page["items"]
            .as_array()
            .and_then(|items| items.first().cloned())
            .filter(|run| run["status"] != "running")
    })
    .await?;
    assert_eq!(ticked["type"], "daily", "{ticked}");
    assert_eq!(ticked["businessDate"], DAY);
    assert_eq!(ticked["pagesFetched"], 4, "{ticked}");
    let third = only_d(&stack, &finance, &ticked).await?;
    assert_eq!(third["id"], d["id"]);
    assert_eq!(third["occurrences"], 3);
    let open = stack
        .read(&finance, "/vtex/reconciliations/discrepancies?pageSize=100")
        .await?;
    assert_eq!(open["total"], 1, "one open discrepancy across runs: {open}");
    stack.stop().await
}

/// The run's one discrepancy, a D.
async fn only_d(stack: &ReconStack, who: &super::stack::Staff, run: &Value) -> TestResult<Value> {
    let rows = stack.discrepancies(who, run).await?;
    match rows.as_slice() {
        [d] if d["class"] == "D" => Ok(d.clone()),
        other => Err(format!("expected one D: {other:#?}").into()),
    }
}

/// The `page` of every list request the sandbox answered 200, in order.
fn listed_pages(stack: &ReconStack) -> Vec<u32> {
    stack
        .sandbox
        .requests_for("list_orders")
        .iter()
        .filter(|r| r.status == Some(200))
        .filter_map(|r| {
            r.query
                .as_deref()
                .unwrap_or_default()
                .split('&')
                .find_map(|pair| pair.strip_prefix("page="))
                .and_then(|page| page.parse().ok())
        })
        .collect()
}
