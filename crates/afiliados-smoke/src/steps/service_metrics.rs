//! Step 7 without Prometheus: the alert-relevant figures of the services' own `/metrics`.
//!
//! - **No webhook failures**: `marketing_afiliados_webhook_events_total{success="false"}` is 0 on
//!   the api. The counters live since the api process started, so "the window" is the current
//!   deploy — the moment a post-deploy smoke looks at.
//! - **No dead jobs**: `marketing_afiliados_worker_jobs_total{outcome="failed"}` (jobs that failed
//!   for good and went to the dead set) is 0 on the worker.
//! - **A recent backup**: `marketing_afiliados_worker_backup_last_success_timestamp_seconds` is at
//!   most `SMOKE_BACKUP_MAX_AGE_SECS` old (default twice `BACKUP_INTERVAL_MS`, the api's own
//!   `backup_failure` threshold). A fresh stack has no backup yet, but the worker's cron replica
//!   takes one at start-up when none exists (ADR 0061) and the gauge appears with it, so the step
//!   waits up to `SMOKE_BACKUP_WAIT_SECS` (bounded poll, every 2 s) for it before failing.

use std::time::Duration;

use reqwest::StatusCode;

use super::Session;
use crate::http::{StepResult, send};
use crate::prometheus_text::{Sample, parse, sum};

const WEBHOOK_EVENTS: &str = "marketing_afiliados_webhook_events_total";
const WORKER_JOBS: &str = "marketing_afiliados_worker_jobs_total";
const BACKUP_LAST_SUCCESS: &str =
    "marketing_afiliados_worker_backup_last_success_timestamp_seconds";
const BACKUP_RUNS: &str = "marketing_afiliados_worker_backup_runs_total";
const POLL: Duration = Duration::from_secs(2);

/// Scrapes one metrics endpoint.
async fn scrape(session: &Session<'_>, url: &str, with_key: bool) -> StepResult<Vec<Sample>> {
    let what = format!("GET {url}");
    let mut request = session.clients.api.get(url);
    if let (true, Some(key)) = (with_key, &session.config.metrics_api_key) {
        request = request.header("x-metrics-key", key.expose());
    }
    let response = send(request, &what).await?;
    match response.status() {
        StatusCode::OK => {}
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            return Err(format!(
                "{what}: {} — the metrics key was refused (set METRICS_API_KEY)",
                response.status()
            ));
        }
        other => return Err(format!("{what}: {other}, expected 200 OK")),
    }
    let text = response
        .text()
        .await
        .map_err(|e| format!("{what}: unreadable body ({e})"))?;
    Ok(parse(&text))
}

/// The api's and the worker's checks on one scrape each; `Ok(None)` when only the first backup
/// is missing (worth waiting for).
pub fn judge(
    api: &[Sample],
    worker: &[Sample],
    now_unix: u64,
    max_age: Duration,
) -> StepResult<Option<String>> {
    let webhook_failures = sum(api, WEBHOOK_EVENTS, &[("success", "false")]).unwrap_or(0.0);
    if webhook_failures > 0.0 {
        return Err(format!(
            "{webhook_failures} webhook events failed since the api started ({WEBHOOK_EVENTS}{{success=\"false\"}})"
        ));
    }
    let Some(jobs) = sum(worker, WORKER_JOBS, &[]) else {
        return Err(format!(
            "the worker's metrics have no {WORKER_JOBS}: is WORKER_METRICS_URL the worker?"
        ));
    };
    let dead = sum(worker, WORKER_JOBS, &[("outcome", "failed")]).unwrap_or(0.0);
    if dead > 0.0 {
        return Err(format!(
            "{dead} jobs failed for good (dead) since the worker started"
        ));
    }
    let Some(last) = sum(worker, BACKUP_LAST_SUCCESS, &[]) else {
        return Ok(None);
    };
    // Seconds since 1970 fit a double exactly.
    let age = (now_unix as f64 - last).max(0.0);
    if age > max_age.as_secs_f64() {
        return Err(format!(
            "the last successful backup is {} min old (more than {} min)",
            (age / 60.0).round(),
            max_age.as_secs() / 60
        ));
    }
    Ok(Some(format!(
        "no webhook failures, no dead jobs ({jobs} jobs), last backup {} s ago",
        age.round()
    )))
}

/// Runs the fallback checks, waiting a bounded time for a fresh stack's first backup.
pub async fn run(session: &mut Session<'_>) -> StepResult<String> {
    let config = session.config;
    let deadline = tokio::time::Instant::now() + config.backup_wait;
    loop {
        let api = scrape(session, config.api_metrics_url.as_str(), true).await?;
        let worker = scrape(session, config.worker_metrics_url.as_str(), false).await?;
        if let Some(detail) = judge(&api, &worker, (session.now)(), config.backup_max_age)? {
            return Ok(detail);
        }
        if tokio::time::Instant::now() >= deadline {
            let runs = sum(&worker, BACKUP_RUNS, &[]).unwrap_or(0.0);
            return Err(format!(
                "no successful backup known to the worker after waiting {} s ({runs} runs started; \
                 the cron replica backs up at start-up: WORKER_ENABLE_CRON=true and BACKUP_DATABASE_URL)",
                config.backup_wait.as_secs()
            ));
        }
        tokio::time::sleep(POLL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_765_000_000;
    const MAX_AGE: Duration = Duration::from_secs(1800);

    fn worker(last_success: Option<u64>, failed: u32) -> Vec<Sample> {
        let mut text = format!(
            "{WORKER_JOBS}{{queue=\"emails\",outcome=\"succeeded\"}} 3\n\
             {WORKER_JOBS}{{queue=\"emails\",outcome=\"failed\"}} {failed}\n"
        );
        if let Some(at) = last_success {
            text.push_str(&format!("{BACKUP_LAST_SUCCESS} {at}\n"));
        }
        parse(&text)
    }

    fn api(failed_hooks: u32) -> Vec<Sample> {
        parse(&format!(
            "{WEBHOOK_EVENTS}{{event_type=\"invoiced\",success=\"true\"}} 9\n\
             {WEBHOOK_EVENTS}{{event_type=\"invoiced\",success=\"false\"}} {failed_hooks}\n"
        ))
    }

    #[test]
    fn a_healthy_stack_passes_with_the_backup_age() {
        let detail = judge(&api(0), &worker(Some(NOW - 60), 0), NOW, MAX_AGE)
            .unwrap()
            .unwrap();
        assert!(detail.contains("last backup 60 s ago"), "{detail}");
    }

    #[test]
    fn each_failure_is_named() {
        let hooks = judge(&api(2), &worker(Some(NOW), 0), NOW, MAX_AGE).unwrap_err();
        assert!(hooks.contains("2 webhook events failed"), "{hooks}");
        let dead = judge(&api(0), &worker(Some(NOW), 1), NOW, MAX_AGE).unwrap_err();
        assert!(dead.contains("1 jobs failed for good"), "{dead}");
        let stale = judge(&api(0), &worker(Some(NOW - 3600), 0), NOW, MAX_AGE).unwrap_err();
        assert!(stale.contains("60 min old"), "{stale}");
        let not_worker = judge(&api(0), &api(0), NOW, MAX_AGE).unwrap_err();
        assert!(not_worker.contains("WORKER_METRICS_URL"), "{not_worker}");
    }

    #[test]
    fn no_backup_yet_is_worth_waiting_for() {
        assert_eq!(judge(&api(0), &worker(None, 0), NOW, MAX_AGE), Ok(None));
    }
}
