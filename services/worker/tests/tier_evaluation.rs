//! `EvaluateDueTiers` on `afiliados:scheduled` in-process against real Redis and a stand-in for
//! the api's scheduled-work endpoints: the job opens its run, asks the api to evaluate the
//! campaigns due on the tick's Bogota date, retries a 5xx with backoff, finishes the run with
//! what the api did, and fails for good on a 4xx.

mod scheduled_api;
mod stand_in;

use std::time::Duration;

use afiliados_api_types::internal_jobs::JobRunStatus;
use afiliados_jobs::{EvaluateDueTiers, JobQueues, queues};
use afiliados_testkit::eventually;
use afiliados_testkit::redis::{namespace, redis_url};
use afiliados_worker::{Application, Settings, retry::Backoff};
use chrono::{DateTime, Utc};
use scheduled_api::{ScheduledApi, TOKEN};
use serde_json::json;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long the worker may take to finish a job (a fast retry included).
const WAIT: Duration = Duration::from_secs(30);

fn at(raw: &str) -> TestResult<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(raw)?.with_timezone(&Utc))
}

async fn start_worker(api: &str, namespace: &str) -> TestResult<tokio::sync::oneshot::Sender<()>> {
    let mail = afiliados_mailer::MailConfig::local_sink(afiliados_testkit::smtp::SMTP_PORT);
    let mut settings = Settings::for_tests(api, TOKEN, &redis_url(), namespace, mail);
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

async fn dead_count(producer: &JobQueues) -> TestResult<u64> {
    let mut conn = producer.connection();
    let key = format!("{}{}:dead", producer.namespace(), queues::SCHEDULED);
    Ok(redis::cmd("SCARD").arg(key).query_async(&mut conn).await?)
}

/// Waits until the stand-in holds `count` finished runs.
async fn finished(api: &ScheduledApi, count: usize) -> TestResult {
    eventually(WAIT, || async {
        (api.finished().len() >= count).then_some(())
    })
    .await
    .map_err(|e| format!("{count} finished runs: {e}"))?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tick_evaluates_the_campaigns_due_on_its_bogota_date_and_records_the_run() -> TestResult
{
    let api = ScheduledApi::default();
    let api_url = api.start()?;
    let namespace = namespace();
    let producer = JobQueues::connect(&redis_url(), &namespace).await?;
    // The first call answers 503: the attempt fails, is recorded, and the job is retried.
    api.fail_evaluations(vec![503]);
    let stop = start_worker(&api_url, &namespace).await?;

    // 2026-03-16 02:30 Bogota, the §5.11 example 1 tick.
    let tick = at("2026-03-16T07:30:00Z")?;
    producer
        .push_job(EvaluateDueTiers { scheduled_at: tick })
        .await?;
    finished(&api, 2).await?;

    let calls = api.evaluations();
    assert_eq!(calls.len(), 2, "one failed call, one retry");
    for call in &calls {
        assert_eq!(call.scheduled_at, tick);
        assert_eq!(
            call.date.map(|d| d.to_string()).as_deref(),
            Some("2026-03-16")
        );
    }
    let started = api.started();
    assert_eq!(started.len(), 2, "each attempt opens (or reopens) the run");
    assert_eq!(started[0].job_name, "tier_evaluation");
    assert_eq!(started[0].scheduled_at, tick);
    assert_eq!(started[0].schedule.as_deref(), Some("0 30 2 * * *"));
    assert_eq!(started[0].next_run_at, Some(at("2026-03-17T07:30:00Z")?));
    let runs = api.finished();
    assert_eq!(runs[0].1.status, JobRunStatus::Failed);
    assert!(
        runs[0]
            .1
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("503"),
        "{:?}",
        runs[0].1.error
    );
    assert_eq!(runs[1].1.status, JobRunStatus::Succeeded);
    assert_eq!(
        runs[1].1.details,
        Some(json!({ "attempt": 2, "date": "2026-03-16", "campaigns": 1, "changed": 1 }))
    );

    // A 4xx is permanent: one call, the run failed, no retry.
    api.fail_evaluations(vec![422]);
    producer
        .push_job(EvaluateDueTiers {
            scheduled_at: at("2026-03-17T07:30:00Z")?,
        })
        .await?;
    finished(&api, 3).await?;
    let runs = api.finished();
    assert_eq!(runs[2].1.status, JobRunStatus::Failed);
    // A dead task never runs again: once it is in the dead set, the single call is final.
    eventually(WAIT, || async {
        (dead_count(&producer).await.ok()? >= 1).then_some(())
    })
    .await
    .map_err(|e| format!("the task in the dead set: {e}"))?;
    let later: Vec<_> = api
        .evaluations()
        .into_iter()
        .filter(|call| call.date.map(|d| d.to_string()).as_deref() == Some("2026-03-17"))
        .collect();
    assert_eq!(later.len(), 1, "a 4xx is not retried");
    assert_eq!(api.finished().len(), 3);
    let _ = stop.send(());
    Ok(())
}
