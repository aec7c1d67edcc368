//! The worker in-process: `SendEmail` end to end (Redis queue → claim → render → SMTP sink →
//! report), and surviving a Redis restart.

mod common;

use std::time::Duration;

use afiliados_jobs::{JobQueues, OutboxJob, SendEmail, queues};
use common::{FakeApi, OwnRedis, RunningWorker, TestResult};
use serde_json::{Value, json};

fn namespace() -> String {
    format!("t-{}:", uuid::Uuid::new_v4())
}

async fn inbox_has(to: &str) -> TestResult<Option<Value>> {
    let inbox: Vec<Value> =
        reqwest::get(format!("http://127.0.0.1:{}/email", common::SMTP_WEB_PORT))
            .await?
            .json()
            .await?;
    Ok(inbox.into_iter().find(|mail| {
        mail["to"]
            .as_array()
            .is_some_and(|list| list.iter().any(|rcpt| rcpt["address"] == to))
    }))
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
    let producer = JobQueues::connect("redis://127.0.0.1:6379", &namespace).await?;

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

    let worker = RunningWorker::start(&api_base_url, "redis://127.0.0.1:6379", &namespace).await?;
    for id in [reset.id, gone.id, broken.id] {
        producer
            .push(&OutboxJob::new(&SendEmail { email_id: id })?)
            .await?;
    }

    assert!(
        common::eventually(Duration::from_secs(20), || !fake
            .reports(reset.id)
            .is_empty())
        .await,
        "no delivery report"
    );
    let reports = fake.reports(reset.id);
    assert_eq!(reports.len(), 1, "one report for the delivered mail");
    assert!(reports[0].delivered && !reports[0].permanent);
    assert_eq!(
        reports[0].message_id.as_deref(),
        Some(format!("<{}@marketing-afiliados>", reset.id).as_str())
    );
    assert_eq!(fake.claims(reset.id), 2, "the 503 claim was retried once");
    let mail = inbox_has(&reset.recipient)
        .await?
        .ok_or("the message is not in the sink")?;
    assert_eq!(
        mail["headers"]["message-id"],
        format!("<{}@marketing-afiliados>", reset.id)
    );

    assert!(
        common::eventually(Duration::from_secs(10), || !fake
            .reports(broken.id)
            .is_empty())
        .await
    );
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
    assert!(inbox_has(&gone.recipient).await?.is_none());

    // The permanent failure lands in the dead set once apalis acknowledges it.
    let mut dead = 0;
    for _ in 0..50 {
        dead = dead_count(&producer).await?;
        if dead == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
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
    let mut redis = OwnRedis::start()?;
    let producer = JobQueues::connect(&redis.url(), "").await?;
    let worker = RunningWorker::start(&api_base_url, &redis.url(), "").await?;

    let first = common::email("two_factor_enabled", json!({ "firstName": "Ana" }));
    fake.add_email(first.clone(), vec![]);
    producer
        .push(&OutboxJob::new(&SendEmail { email_id: first.id })?)
        .await?;
    assert!(
        common::eventually(Duration::from_secs(20), || !fake
            .reports(first.id)
            .is_empty())
        .await,
        "first job not done"
    );

    // Redis goes away for a while; the worker's backend fails and the monitor restarts it.
    redis.stop();
    tokio::time::sleep(Duration::from_secs(3)).await;
    redis.restart()?;

    let second = common::email("two_factor_enabled", json!({ "firstName": "Bea" }));
    fake.add_email(second.clone(), vec![]);
    let mut pushed = false;
    for _ in 0..50 {
        if producer
            .push(&OutboxJob::new(&SendEmail {
                email_id: second.id,
            })?)
            .await
            .is_ok()
        {
            pushed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(pushed, "the producer recovers");
    assert!(
        common::eventually(Duration::from_secs(40), || !fake
            .reports(second.id)
            .is_empty())
        .await,
        "the worker did not resume"
    );
    assert!(fake.reports(second.id)[0].delivered);

    worker.stop(Duration::from_secs(30)).await
}
