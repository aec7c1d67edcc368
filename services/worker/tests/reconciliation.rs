//! The `afiliados:reconciliation` consumer in-process against real Redis, the real VTEX sandbox
//! (its paged order list, its 30-page cap, fault rules) and a stand-in for the api's
//! reconciliation endpoints: a run lists every page to the end, a range past VTEX's page cap is
//! split, orders stream in chunks of at most 1 000, the range's bounds are respected, the deep
//! check posts normalised documents and VTEX's 404s, 5xx / 429 + Retry-After / timeouts are
//! retried, and a range VTEX will not serve ends the run `failed` with the error, never finished.

mod reconciliation_api;
mod stand_in;

use std::collections::HashSet;
use std::time::Duration;

use afiliados_api_types::internal_jobs::JobRunStatus;
use afiliados_domain::ReconciliationStatus;
use afiliados_domain::ReconciliationType;
use afiliados_jobs::{
    EscalateDiscrepancies, JobQueues, ReconcileVtexRange, ScheduledReconciliationType,
    StartReconciliation,
};
use afiliados_testkit::eventually;
use afiliados_testkit::redis::{namespace, redis_url};
use afiliados_vtex_sandbox::{FaultRule, RunningSandbox, SandboxConfig};
use afiliados_worker::{Application, Settings, retry::Backoff};
use chrono::{DateTime, TimeDelta, Utc};
use reconciliation_api::{ReconciliationApi, Run, TOKEN};
use serde_json::Value;
use uuid::Uuid;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long a run may take (a few thousand sandbox pages and fast retries).
const WAIT: Duration = Duration::from_secs(60);
/// An id VTEX does not know.
const UNKNOWN: &str = "1432120500000-01";

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap_or(DateTime::UNIX_EPOCH)
}

/// The fixture document as a template.
fn template() -> TestResult<Value> {
    let dir = SandboxConfig::default()
        .resolve_fixtures_dir()
        .ok_or("the repository's VTEX fixtures")?;
    Ok(serde_json::from_slice(&std::fs::read(
        dir.join("oms-order-without-coupon.json"),
    )?)?)
}

/// Stores an order created at `created` in the sandbox; returns its id.
fn put(
    sandbox: &RunningSandbox,
    template: &Value,
    n: u64,
    created: DateTime<Utc>,
) -> TestResult<String> {
    let id = format!("{:013}-01", 1_500_000_000_000 + n);
    let mut doc = template.clone();
    doc["orderId"] = Value::String(id.clone());
    doc["creationDate"] = Value::String(
        created
            .format("%Y-%m-%dT%H:%M:%S%.3f0000+00:00")
            .to_string(),
    );
    sandbox.put_order(serde_json::to_vec(&doc)?)?;
    Ok(id)
}

async fn start_worker(
    api: &str,
    sandbox: &RunningSandbox,
    namespace: &str,
) -> TestResult<tokio::sync::oneshot::Sender<()>> {
    let mail = afiliados_mailer::MailConfig::local_sink(afiliados_testkit::smtp::SMTP_PORT);
    let mut settings = Settings::for_tests(api, TOKEN, &redis_url(), namespace, mail);
    let mut vtex = afiliados_vtex::VtexConfig::new(
        sandbox.base_url(),
        vec![afiliados_vtex::VtexCredential::new(
            "primary",
            afiliados_vtex_sandbox::DEV_APP_KEY,
            afiliados_vtex_sandbox::DEV_APP_TOKEN,
        )],
    );
    vtex.timeout = Duration::from_millis(500);
    vtex.retry_delay = Duration::from_millis(10);
    vtex.retry_max_delay = Duration::from_millis(50);
    settings.vtex = vtex;
    settings.retry = Backoff {
        base: Duration::from_millis(100),
        max: Duration::from_millis(500),
    };
    let app = Application::build(settings).await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async move {
        let _ = stopped.await;
    }));
    Ok(stop)
}

/// Waits until the run was finished or failed.
async fn over(api: &ReconciliationApi, id: Uuid) -> TestResult<Run> {
    Ok(eventually(WAIT, || async {
        api.run(id)
            .filter(|run| run.view.status != ReconciliationStatus::Running)
    })
    .await?)
}

/// The `page` of every list request the sandbox answered, with its status.
fn list_pages(sandbox: &RunningSandbox) -> Vec<(u32, Option<u16>)> {
    sandbox
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_is_listed_ranges_past_the_cap_split_and_chunks_stay_small() -> TestResult {
    let api = ReconciliationApi::default();
    let api_url = api.start()?;
    let sandbox = afiliados_vtex_sandbox::spawn(SandboxConfig::default()).await?;
    let template = template()?;
    // The Bogota day 2026-03-02 is [05:00Z, 05:00Z next day): 70 orders inside, one a
    // millisecond before and one exactly at the end (outside).
    let from = at("2026-03-02T05:00:00Z");
    let to = at("2026-03-03T05:00:00Z");
    let mut day = Vec::new();
    for n in 0..70 {
        day.push(put(
            &sandbox,
            &template,
            n,
            from + TimeDelta::minutes(15 * n as i64),
        )?);
    }
    put(&sandbox, &template, 900, from - TimeDelta::milliseconds(1))?;
    let at_the_end = put(&sandbox, &template, 901, to)?;
    // The next day holds that one and 2 050 more: three chunks (1 000, 1 000, 51).
    let next_from = to;
    let next_to = to + TimeDelta::days(1);
    let mut busy = HashSet::from([at_the_end]);
    for n in 0..2_050 {
        busy.insert(put(
            &sandbox,
            &template,
            10_000 + n,
            next_from + TimeDelta::seconds(40 * n as i64),
        )?);
    }
    let namespace = namespace();
    let producer = JobQueues::connect(&redis_url(), &namespace).await?;
    let stop = start_worker(&api_url, &sandbox, &namespace).await?;

    // 1. Four pages of 20: every one is read, in order, and the deep check posts the known
    //    document normalised and the unknown id as not found.
    let four_pages = api.add_run(from, to, 20, vec![day[3].clone(), UNKNOWN.into()]);
    producer
        .push_job(ReconcileVtexRange { run_id: four_pages })
        .await?;
    let run = over(&api, four_pages).await?;
    assert_eq!(
        run.view.status,
        ReconciliationStatus::Success,
        "{:?}",
        run.failures
    );
    assert_eq!(run.finishes, 1);
    assert_eq!(
        run.order_ids(),
        day,
        "every order of the day once, by creation date, none outside"
    );
    assert_eq!(run.compares.len(), 1);
    assert_eq!(
        (run.compares[0].vtex_total, run.compares[0].pages_fetched),
        (70, 4)
    );
    assert_eq!(
        list_pages(&sandbox),
        [
            (1, Some(200)),
            (2, Some(200)),
            (3, Some(200)),
            (4, Some(200))
        ]
    );
    assert_eq!(run.deep_checks.len(), 1);
    let check = &run.deep_checks[0];
    assert_eq!(check.not_found, [UNKNOWN]);
    assert_eq!(check.orders.len(), 1);
    assert_eq!(check.orders[0].vtex_order_id, day[3]);
    assert_eq!(check.orders[0].total_value.to_string(), "91181.00");
    let summary = &run.chunks[&1].orders[0];
    assert_eq!(
        summary.total_value.to_string(),
        "91181.00",
        "cents to pesos"
    );
    assert_eq!(summary.currency, "COP");
    assert_eq!(summary.vtex_status, "payment-approved");

    // 2. Pages of 2: 35 pages, past VTEX's 30, so the range is split; no page beyond the cap is
    //    asked for, and nothing is listed twice.
    sandbox.clear_requests();
    let split = api.add_run(from, to, 2, Vec::new());
    producer
        .push_job(ReconcileVtexRange { run_id: split })
        .await?;
    let run = over(&api, split).await?;
    assert_eq!(
        run.view.status,
        ReconciliationStatus::Success,
        "{:?}",
        run.failures
    );
    assert_eq!(run.order_ids(), day);
    assert_eq!(run.compares[0].vtex_total, 70);
    let pages = list_pages(&sandbox);
    assert!(
        pages
            .iter()
            .all(|(page, status)| *page <= 30 && *status == Some(200)),
        "{pages:?}"
    );
    let ranges: HashSet<String> = sandbox
        .requests_for("list_orders")
        .iter()
        .filter_map(|r| r.query.clone())
        .map(|q| {
            q.split('&')
                .filter(|p| p.starts_with("f_creationDate"))
                .collect()
        })
        .collect();
    assert!(
        ranges.len() >= 3,
        "the day and at least its two halves: {ranges:?}"
    );

    // 3. 2 051 orders at 100 a page: 21 pages, three chunks of at most 1 000.
    let chunked = api.add_run(next_from, next_to, 100, Vec::new());
    producer
        .push_job(ReconcileVtexRange { run_id: chunked })
        .await?;
    let run = over(&api, chunked).await?;
    assert_eq!(
        run.view.status,
        ReconciliationStatus::Success,
        "{:?}",
        run.failures
    );
    let sizes: Vec<(u32, usize)> = run
        .chunks
        .iter()
        .map(|(n, c)| (*n, c.orders.len()))
        .collect();
    assert_eq!(sizes, [(1, 1_000), (2, 1_000), (3, 51)]);
    assert_eq!(run.chunk_posts, 3);
    let listed: HashSet<String> = run.order_ids().into_iter().collect();
    assert_eq!(listed, busy);
    assert_eq!(
        (run.compares[0].vtex_total, run.compares[0].pages_fetched),
        (2_051, 21)
    );

    let _ = stop.send(());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vtex_faults_are_retried_and_an_unreadable_range_fails_the_run() -> TestResult {
    let api = ReconciliationApi::default();
    let api_url = api.start()?;
    let sandbox = afiliados_vtex_sandbox::spawn(SandboxConfig::default()).await?;
    let template = template()?;
    let from = at("2026-03-02T05:00:00Z");
    let to = at("2026-03-03T05:00:00Z");
    let mut day = Vec::new();
    for n in 0..30 {
        day.push(put(
            &sandbox,
            &template,
            n,
            from + TimeDelta::minutes(30 * n as i64),
        )?);
    }
    let namespace = namespace();
    let producer = JobQueues::connect(&redis_url(), &namespace).await?;
    let stop = start_worker(&api_url, &sandbox, &namespace).await?;

    // 1. Two 503s, a 429 with Retry-After (the client's three tries of the first page are all
    //    spent: the job's own retry takes over), then a timeout (retried inside the call): the
    //    run still reads its three pages and finishes.
    sandbox.add_fault(FaultRule::status(503).times(2).for_operation("list_orders"))?;
    sandbox.add_fault(
        FaultRule::status(429)
            .retry_after(1)
            .times(1)
            .for_operation("list_orders"),
    )?;
    sandbox.add_fault(FaultRule::timeout().times(1).for_operation("list_orders"))?;
    let flaky = api.add_run(from, to, 10, Vec::new());
    producer
        .push_job(ReconcileVtexRange { run_id: flaky })
        .await?;
    let run = over(&api, flaky).await?;
    assert_eq!(
        run.view.status,
        ReconciliationStatus::Success,
        "{:?}",
        run.failures
    );
    assert!(run.failures.is_empty());
    assert_eq!(run.order_ids(), day);
    assert_eq!(
        run.compares.last().map(|c| (c.vtex_total, c.pages_fetched)),
        Some((30, 3))
    );
    let statuses: Vec<Option<u16>> = sandbox
        .requests_for("list_orders")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == Some(503)).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == Some(429)).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == Some(200)).count(),
        3,
        "{statuses:?}"
    );

    // 2. VTEX never serves the list (every try of every attempt answers 503): at the attempt
    //    cap the run ends `failed` with the error and the pages read; it is never compared or
    //    finished.
    sandbox.clear_faults();
    sandbox.clear_requests();
    let broken = api.add_run(from, to, 10, Vec::new());
    sandbox.add_fault(FaultRule::status(503).for_operation("list_orders"))?;
    producer
        .push_job(ReconcileVtexRange { run_id: broken })
        .await?;
    let run = over(&api, broken).await?;
    assert_eq!(run.view.status, ReconciliationStatus::Failed);
    assert_eq!(run.finishes, 0, "never finished with a page missing");
    assert!(run.compares.is_empty());
    assert_eq!(run.failures.len(), 1);
    let failure = &run.failures[0];
    assert!(
        failure.error.contains("VTEX answered 503"),
        "{}",
        failure.error
    );
    assert!(failure.error.contains("list page 1"), "{}", failure.error);
    assert_eq!(failure.pages_fetched, 0);
    // Five attempts of three tries each.
    assert_eq!(sandbox.requests_for("list_orders").len(), 15);

    let _ = stop.send(());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ticks_start_runs_and_escalate_with_their_instant_and_record_their_runs() -> TestResult
{
    let api = ReconciliationApi::default();
    let api_url = api.start()?;
    let sandbox = afiliados_vtex_sandbox::spawn(SandboxConfig::default()).await?;
    let namespace = namespace();
    let producer = JobQueues::connect(&redis_url(), &namespace).await?;
    // The daily tick's first start meets a run still going: a 409 is not retried.
    api.fail_starts(vec![409]);
    let stop = start_worker(&api_url, &sandbox, &namespace).await?;

    let daily = at("2026-03-03T08:00:00Z");
    producer
        .push_job(StartReconciliation {
            scheduled_at: daily,
            run_type: ScheduledReconciliationType::Daily,
        })
        .await?;
    let fortnightly = at("2026-03-16T08:30:00Z");
    producer
        .push_job(StartReconciliation {
            scheduled_at: fortnightly,
            run_type: ScheduledReconciliationType::Fortnightly,
        })
        .await?;
    let escalation = at("2026-03-03T14:00:00Z");
    producer
        .push_job(EscalateDiscrepancies {
            scheduled_at: escalation,
        })
        .await?;
    let ticks = eventually(WAIT, || async {
        let ticks = api.ticks();
        (ticks.finished.len() >= 3).then_some(ticks)
    })
    .await?;

    // One attempt each: the 409 failed its job for good.
    assert_eq!(ticks.starts.len(), 2, "{:?}", ticks.starts);
    let mut names: Vec<(String, JobRunStatus)> = ticks
        .started
        .iter()
        .zip(&ticks.finished)
        .map(|(start, finish)| (start.job_name.clone(), finish.status))
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(names.len(), 3);
    let by_name = |name: &str| ticks.started.iter().find(|s| s.job_name == name).cloned();
    let started = by_name("reconciliation").ok_or("the daily run's job run")?;
    assert_eq!(started.scheduled_at, daily);
    assert_eq!(started.schedule.as_deref(), Some("0 0 3 * * *"));
    let started = by_name("reconciliation_fortnightly").ok_or("the fortnightly job run")?;
    assert_eq!(started.next_run_at, Some(at("2026-04-01T08:30:00Z")));
    let started = by_name("discrepancy_escalation").ok_or("the escalation's job run")?;
    assert_eq!(started.schedule.as_deref(), Some("0 0 9 * * *"));

    for start in &ticks.starts {
        assert_eq!(
            start.source,
            afiliados_domain::ReconciliationSource::Scheduled
        );
        assert_eq!(
            (start.range_from, start.range_to, start.business_date),
            (None, None, None)
        );
    }
    let types: HashSet<(ReconciliationType, DateTime<Utc>)> = ticks
        .starts
        .iter()
        .map(|s| (s.run_type, s.scheduled_at))
        .collect();
    assert_eq!(
        types,
        HashSet::from([
            (ReconciliationType::Daily, daily),
            (ReconciliationType::Fortnightly, fortnightly)
        ])
    );
    assert_eq!(
        ticks.escalations,
        [serde_json::json!({ "now": "2026-03-03T14:00:00Z" })]
    );
    let failed: Vec<_> = ticks
        .finished
        .iter()
        .filter(|f| f.status == JobRunStatus::Failed)
        .collect();
    assert_eq!(failed.len(), 1, "{:?}", ticks.finished);
    assert!(
        failed[0]
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("reconciliation_in_progress"),
        "{:?}",
        failed[0].error
    );
    let escalated = ticks
        .finished
        .iter()
        .filter_map(|f| f.details.clone())
        .find(|d| d.get("escalated").is_some());
    assert_eq!(
        escalated,
        Some(serde_json::json!({ "attempt": 1, "escalated": 2 }))
    );

    let _ = stop.send(());
    Ok(())
}
