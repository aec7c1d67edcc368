//! The worker in-process: `SendEmail` end to end (Redis queue → claim → render → SMTP sink →
//! report), surviving a Redis restart, and its `/ready` (ADR 0062): ready only while Redis answers
//! `PING` and the api answers `/internal/v1/ping` with the worker's token; `/health` stays 200
//! whatever they do (liveness).

mod common;

use std::time::Duration;

use afiliados_jobs::{JobQueues, OutboxJob, SendEmail, queues};
use afiliados_testkit::redis::{PrivateRedis, namespace, redis_url};
use afiliados_testkit::smtp::inbox_for;
use afiliados_testkit::{TimedOut, eventually};
use common::{FakeApi, RunningWorker, TestResult};
use serde_json::{Value, json};

/// How long the worker may take to finish a job it was given.
const WAIT: Duration = Duration::from_secs(20);
/// How long Redis stays away in the restart test: several of the workers' 500 ms polls.
const OUTAGE: Duration = Duration::from_secs(3);

async fn inbox_has(to: &str) -> Option<Value> {
    inbox_for(to).await.into_iter().next()
}

/// Waits until the fake api received a delivery report for `id`.
async fn reported(fake: &FakeApi, id: uuid::Uuid, within: Duration) -> Result<(), TimedOut> {
    eventually(within, || async {
        (!fake.reports(id).is_empty()).then_some(())
    })
    .await
}

async fn dead_count(producer: &JobQueues) -> TestResult<u64> {
    let mut conn = producer.connection();
    let key = format!("{}{}:dead", producer.namespace(), queues::EMAILS);
    Ok(redis::cmd("SCARD").arg(key).query_async(&mut conn).await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emails_are_claimed_sent_reported_or_skipped() -> TestResult {
    common::ensure_sink()?;
    let fake = FakeApi::default();
    let api_base_url = fake.start()?;
    let namespace = namespace();
    let producer = JobQueues::connect(&redis_url(), &namespace).await?;

    // 1. The happy path, after one failed claim (503) that is retried with backoff.
    let reset = common::email(
        "password_reset",
        json!({ "firstName": "Ana", "link": "https://x.test/r?t=1", "expiresInMinutes": 30 }),
    );
    fake.add_email(reset.clone(), vec![503]);
    // 2. Already sent: 410 on claim ends the job without a report.
    let gone = common::email("two_factor_enabled", json!({ "firstName": "Ana" }));
    fake.add_email(gone.clone(), vec![410]);
    // 3. A template that cannot render: reported as permanent, then dead.
    let broken = common::email("welcome_pony", json!({}));
    fake.add_email(broken.clone(), vec![]);

    let worker = RunningWorker::start(&api_base_url, &redis_url(), &namespace).await?;
    for id in [reset.id, gone.id, broken.id] {
        producer
            .push(&OutboxJob::new(&SendEmail { email_id: id })?)
            .await?;
    }

    reported(&fake, reset.id, WAIT)
        .await
        .map_err(|e| format!("no delivery report: {e}"))?;
    let reports = fake.reports(reset.id);
    assert_eq!(reports.len(), 1, "one report for the delivered mail");
    assert!(reports[0].delivered && !reports[0].permanent);
    assert_eq!(
        reports[0].message_id.as_deref(),
        Some(format!("<{}@marketing-afiliados>", reset.id).as_str())
    );
    assert_eq!(fake.claims(reset.id), 2, "the 503 claim was retried once");
    let mail = inbox_has(&reset.recipient)
        .await
        .ok_or("the message is not in the sink")?;
    assert_eq!(
        mail["headers"]["message-id"],
        format!("<{}@marketing-afiliados>", reset.id)
    );

    reported(&fake, broken.id, WAIT).await?;
    let broken_reports = fake.reports(broken.id);
    assert!(
        !broken_reports[0].delivered && broken_reports[0].permanent,
        "render failures are permanent"
    );
    assert!(
        broken_reports[0]
            .error
            .as_deref()
            .is_some_and(|text| text.contains("welcome_pony"))
    );

    assert_eq!(fake.claims(gone.id), 1);
    assert!(
        fake.reports(gone.id).is_empty(),
        "nothing to report for a gone e-mail"
    );
    assert!(inbox_has(&gone.recipient).await.is_none());

    // The permanent failure lands in the dead set once apalis acknowledges it.
    let dead = eventually(WAIT, || async {
        dead_count(&producer).await.ok().filter(|dead| *dead > 0)
    })
    .await?;
    assert_eq!(dead, 1, "only the unrenderable e-mail is dead");

    let metrics = reqwest::get(format!("http://127.0.0.1:{}/metrics", worker.metrics_port))
        .await?
        .text()
        .await?;
    for series in [
        "marketing_afiliados_worker_jobs_total{queue=\"afiliados:emails\",outcome=\"succeeded\"}",
        "marketing_afiliados_worker_jobs_total{queue=\"afiliados:emails\",outcome=\"retried\"}",
        "marketing_afiliados_worker_jobs_total{queue=\"afiliados:emails\",outcome=\"failed\"}",
        "marketing_afiliados_worker_job_duration_seconds_bucket{queue=\"afiliados:emails\"",
        "marketing_afiliados_worker_backup_runs_total 0",
    ] {
        assert!(metrics.contains(series), "missing {series} in\n{metrics}");
    }
    // Every worker metric a Grafana panel or an alert rule queries is served (ADR 0062). The two
    // backup families arrive with the backups work; once served, drop them from here.
    let problems = afiliados_testkit::catalogue::problems(
        afiliados_testkit::catalogue::Service::Worker,
        &metrics,
        &[
            "marketing_afiliados_worker_backup_duration_seconds",
            "marketing_afiliados_worker_backup_last_success_timestamp_seconds",
        ],
    );
    assert!(problems.is_empty(), "{problems:#?}");
    let health: Value = reqwest::get(format!("http://127.0.0.1:{}/health", worker.metrics_port))
        .await?
        .json()
        .await?;
    assert_eq!(health, json!({ "status": "ok" }));

    worker.stop(Duration::from_secs(30)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_resumes_after_redis_restarts() -> TestResult {
    common::ensure_sink()?;
    let fake = FakeApi::default();
    let api_base_url = fake.start()?;
    let mut redis = PrivateRedis::start()?;
    let producer = JobQueues::connect(&redis.url(), "").await?;
    let worker = RunningWorker::start(&api_base_url, &redis.url(), "").await?;

    let first = common::email("two_factor_enabled", json!({ "firstName": "Ana" }));
    fake.add_email(first.clone(), vec![]);
    producer
        .push(&OutboxJob::new(&SendEmail { email_id: first.id })?)
        .await?;
    reported(&fake, first.id, WAIT)
        .await
        .map_err(|e| format!("first job not done: {e}"))?;

    // Redis goes away for a while; the worker's backend fails and the monitor restarts it.
    redis.stop();
    // Not an assertion but the outage itself: long enough that every consumer's poll (every
    // 500 ms) meets the closed port and its backend fails, which is the path under test.
    tokio::time::sleep(OUTAGE).await;
    redis.restart()?;

    let second = common::email("two_factor_enabled", json!({ "firstName": "Bea" }));
    fake.add_email(second.clone(), vec![]);
    let job = OutboxJob::new(&SendEmail {
        email_id: second.id,
    })?;
    eventually(Duration::from_secs(10), || async {
        producer.push(&job).await.ok()
    })
    .await
    .map_err(|e| format!("the producer does not recover: {e}"))?;
    reported(&fake, second.id, Duration::from_secs(40))
        .await
        .map_err(|e| format!("the worker did not resume: {e}"))?;
    assert!(fake.reports(second.id)[0].delivered);

    worker.stop(Duration::from_secs(30)).await
}

/// Longer than the readiness checks' 1 s bound and a reconnect.
const READY_WAIT: Duration = Duration::from_secs(10);

async fn probe(port: u16, path: &str) -> TestResult<(u16, Value)> {
    let response = reqwest::get(format!("http://127.0.0.1:{port}{path}")).await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_follows_redis_and_the_api() -> TestResult {
    let mut redis = PrivateRedis::start()?;
    let fake = FakeApi::default();
    let api_base_url = fake.start()?;
    let worker = RunningWorker::start(&api_base_url, &redis.url(), &namespace()).await?;
    let port = worker.metrics_port;

    let (status, body) = probe(port, "/ready").await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["info"]["redis"]["status"], "up");
    assert_eq!(body["info"]["api"]["status"], "up");
    assert_eq!(body["service"], "worker");

    // Redis goes away: not ready (no job can be taken), still alive.
    redis.stop();
    let body = eventually(READY_WAIT, || async {
        probe(port, "/ready")
            .await
            .ok()
            .filter(|(status, _)| *status == 503)
            .map(|(_, body)| body)
    })
    .await?;
    assert_eq!(body["status"], "error");
    assert_eq!(body["error"]["redis"]["status"], "down");
    assert_eq!(body["info"]["api"]["status"], "up");
    let text = body.to_string();
    assert!(
        !text.contains("127.0.0.1") && !text.contains("refused"),
        "{text}"
    );
    assert_eq!(probe(port, "/health").await?.0, 200);

    // Redis returns: ready again without a restart.
    redis.restart()?;
    eventually(READY_WAIT, || async {
        probe(port, "/ready")
            .await
            .ok()
            .filter(|(status, _)| *status == 200)
    })
    .await?;
    worker.stop(Duration::from_secs(30)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_api_is_not_ready() -> TestResult {
    let redis = PrivateRedis::start()?;
    // A port that was free a moment ago: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let worker = RunningWorker::start(
        &format!("http://127.0.0.1:{closed}"),
        &redis.url(),
        &namespace(),
    )
    .await?;
    let (status, body) = probe(worker.metrics_port, "/ready").await?;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["api"]["status"], "down");
    assert_eq!(body["info"]["redis"]["status"], "up");
    assert_eq!(probe(worker.metrics_port, "/health").await?.0, 200);
    worker.stop(Duration::from_secs(30)).await
}
