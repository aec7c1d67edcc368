//! `EvaluateAlerts` and `PurgeData` on `afiliados:scheduled` in-process against real Redis and a
//! stand-in for the api: the health-check tick reads every queue's real state from Redis and
//! sends it to `POST /internal/v1/alerts/evaluate`; the retention tick sends its own instant to
//! `POST /internal/v1/retention/run`; both record their runs.

mod alerts_api;
mod stand_in;

use std::time::Duration;

use afiliados_api_types::alerts::{EvaluateAlertsRequest, QueueStats};
use afiliados_api_types::internal_jobs::JobRunStatus;
use afiliados_jobs::{EvaluateAlerts, JobQueues, PurgeData, queues};
use afiliados_testkit::eventually;
use afiliados_testkit::redis::{namespace, redis_url};
use afiliados_worker::{Application, Settings};
use alerts_api::{AlertsApi, TOKEN};
use chrono::{DateTime, Utc};
use serde_json::json;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long the worker may take to run a tick.
const WAIT: Duration = Duration::from_secs(30);
/// A run time no test will reach: jobs there stay pending and are never promoted.
const FAR_FUTURE: i64 = 4_000_000_000;

fn at(raw: &str) -> TestResult<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(raw)?.with_timezone(&Utc))
}

async fn start_worker(api: &str, namespace: &str) -> TestResult<tokio::sync::oneshot::Sender<()>> {
    let mail = afiliados_mailer::MailConfig::local_sink(afiliados_testkit::smtp::SMTP_PORT);
    let settings = Settings::for_tests(api, TOKEN, &redis_url(), namespace, mail);
    let app = Application::build(settings).await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async move {
        let _ = stopped.await;
    }));
    Ok(stop)
}

fn stats(queue: &str, pending: u64, failed: u64, dead: u64) -> QueueStats {
    QueueStats {
        queue: queue.to_owned(),
        pending,
        oldest_pending_seconds: None,
        failed,
        dead,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_health_check_sends_the_queues_state_and_retention_its_tick() -> TestResult {
    let api = AlertsApi::default();
    let api_url = api.start()?;
    let namespace = namespace();
    let producer = JobQueues::connect(&redis_url(), &namespace).await?;
    let key = |queue: &str, suffix: &str| format!("{namespace}{queue}{suffix}");
    let mut conn = producer.connection();
    redis::pipe()
        // Two coupon syncs delayed far ahead: pending, not yet due, so no age.
        .cmd("ZADD")
        .arg(key(queues::COUPONS, ":scheduled"))
        .arg(FAR_FUTURE)
        .arg("later-1")
        .arg(FAR_FUTURE)
        .arg("later-2")
        // One e-mail whose attempts ran out (apalis-redis adds dead ids with SADD).
        .cmd("SADD")
        .arg(key(queues::EMAILS, ":dead"))
        .arg("dead-1")
        // One reconciliation in the failed set.
        .cmd("ZADD")
        .arg(key(queues::RECONCILIATION, ":failed"))
        .arg(1_000)
        .arg("failed-1")
        .query_async::<()>(&mut conn)
        .await?;
    let stop = start_worker(&api_url, &namespace).await?;

    let checks = at("2026-03-03T14:05:00Z")?;
    producer
        .push_job(EvaluateAlerts {
            scheduled_at: checks,
        })
        .await?;
    let evaluation = eventually(WAIT, || async { api.evaluations().first().cloned() }).await?;
    let sent: EvaluateAlertsRequest = serde_json::from_value(evaluation)?;
    assert_eq!(
        sent.queues,
        vec![
            stats("emails", 0, 0, 1),
            stats("coupons", 2, 0, 0),
            stats("vtex_orders", 0, 0, 0),
            stats("scheduled", 0, 0, 0),
            stats("reconciliation", 0, 1, 0),
            stats("backups", 0, 0, 0),
        ]
    );

    // Pushed only now, so the checks above never saw it waiting.
    let retention = at("2026-03-03T09:00:00Z")?;
    producer
        .push_job(PurgeData {
            scheduled_at: retention,
        })
        .await?;
    eventually(WAIT, || async { (api.finished().len() >= 2).then_some(()) }).await?;
    assert_eq!(api.retentions(), [json!({ "now": "2026-03-03T09:00:00Z" })]);
    assert_eq!(api.evaluations().len(), 1, "one attempt");

    let started = api.started();
    let names: Vec<(&str, DateTime<Utc>, Option<&str>)> = started
        .iter()
        .map(|s| (s.job_name.as_str(), s.scheduled_at, s.schedule.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("operational_checks", checks, Some("0 */5 * * * *")),
            ("data_retention", retention, Some("0 0 4 * * *")),
        ]
    );
    assert_eq!(started[0].next_run_at, Some(at("2026-03-03T14:10:00Z")?));
    assert_eq!(started[1].next_run_at, Some(at("2026-03-04T09:00:00Z")?));
    let finished = api.finished();
    assert!(
        finished.iter().all(|f| f.status == JobRunStatus::Succeeded),
        "{finished:?}"
    );
    assert_eq!(
        finished[0].details,
        Some(json!({ "attempt": 1, "raised": 0 }))
    );
    assert_eq!(
        finished[1].details,
        Some(json!({ "attempt": 1, "payloadsPurged": 3, "documentsPurged": 1 }))
    );

    let _ = stop.send(());
    Ok(())
}
