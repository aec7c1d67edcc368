//! Producer tests against the real Redis at 127.0.0.1:6379.

mod common;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use afiliados_jobs::{
    EmailsTask, JobQueues, JobsError, OutboxJob, SendEmail, queues, storage, storage_config,
};
use apalis::prelude::*;
use common::TestResult;
use uuid::Uuid;

type Seen = Arc<Mutex<Vec<EmailsTask>>>;

async fn record(job: EmailsTask, seen: Data<Seen>, worker: WorkerContext) {
    if let Ok(mut seen) = seen.lock() {
        seen.push(job);
    }
    let _ = worker.stop();
}

/// Runs a consumer of the e-mail queue until it has taken one task.
async fn consume_one(producer: &JobQueues, namespace: &str) -> TestResult<Vec<EmailsTask>> {
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let backend = storage::<EmailsTask>(producer.connection(), namespace)
        .poll_with_interval(Duration::from_millis(100));
    let worker = WorkerBuilder::new(format!("{namespace}consumer"))
        .backend(backend)
        .data(seen.clone())
        .build(record);
    tokio::time::timeout(Duration::from_secs(20), worker.run()).await??;
    let seen = seen.lock().map_err(|_| "poisoned")?.clone();
    Ok(seen)
}

#[tokio::test]
async fn a_pushed_send_email_lands_in_its_namespaced_queue_and_is_consumed() -> TestResult {
    let namespace = common::namespace();
    let producer = JobQueues::connect(common::SHARED_REDIS, &namespace).await?;
    let job = SendEmail {
        email_id: Uuid::now_v7(),
    };

    producer.push(&OutboxJob::new(&job)?).await?;
    assert_eq!(producer.pending::<SendEmail>().await?, 1);
    let other = JobQueues::connect(common::SHARED_REDIS, &common::namespace()).await?;
    assert_eq!(
        other.pending::<SendEmail>().await?,
        0,
        "namespaces do not share queues"
    );

    let mut conn = producer.connection();
    let key = format!("{namespace}{}:data", queues::EMAILS);
    let stored: Vec<String> = redis::cmd("HVALS").arg(key).query_async(&mut conn).await?;
    assert_eq!(stored.len(), 1);
    let payload: serde_json::Value = serde_json::from_str(&stored[0])?;
    assert_eq!(
        payload,
        serde_json::json!({ "job": "SendEmail", "emailId": job.email_id }),
        "the wire format is camelCase JSON tagged with the payload's name"
    );

    assert_eq!(
        consume_one(&producer, &namespace).await?,
        vec![EmailsTask::SendEmail(job)]
    );
    assert_eq!(producer.pending::<SendEmail>().await?, 0);
    Ok(())
}

#[tokio::test]
async fn a_task_queued_before_the_tag_is_still_consumed() -> TestResult {
    let namespace = common::namespace();
    let producer = JobQueues::connect(common::SHARED_REDIS, &namespace).await?;
    let email_id = Uuid::now_v7();
    // What the previous build pushed: the bare payload, on the same queue.
    let mut old = apalis_redis::RedisStorage::<serde_json::Value, _>::new(producer.connection())
        .with_config(storage_config::<EmailsTask>(&namespace));
    old.push(serde_json::json!({ "emailId": email_id })).await?;
    assert_eq!(producer.pending::<SendEmail>().await?, 1);

    assert_eq!(
        consume_one(&producer, &namespace).await?,
        vec![EmailsTask::SendEmail(SendEmail { email_id })]
    );
    Ok(())
}

#[tokio::test]
async fn unknown_job_types_and_bad_payloads_are_refused() -> TestResult {
    let producer = JobQueues::connect(common::SHARED_REDIS, &common::namespace()).await?;
    let unknown = OutboxJob {
        job_type: "PaintTheFence".into(),
        payload: serde_json::json!({}),
    };
    assert!(
        matches!(producer.push(&unknown).await, Err(JobsError::UnknownJobType(name)) if name == "PaintTheFence")
    );
    let bad = OutboxJob {
        job_type: "SendEmail".into(),
        payload: serde_json::json!({ "emailId": 7 }),
    };
    assert!(matches!(
        producer.push(&bad).await,
        Err(JobsError::InvalidPayload { .. })
    ));
    assert_eq!(producer.pending::<SendEmail>().await?, 0);
    Ok(())
}

#[tokio::test]
async fn an_unparsable_url_fails_at_connect() {
    assert!(matches!(
        JobQueues::connect("not a url", "").await,
        Err(JobsError::InvalidUrl(_))
    ));
}

#[tokio::test]
async fn stats_count_every_queue_and_age_the_oldest_past_run_time() -> TestResult {
    let namespace = common::namespace();
    let producer = JobQueues::connect(common::SHARED_REDIS, &namespace).await?;
    for _ in 0..2 {
        producer
            .push_job(SendEmail {
                email_id: Uuid::now_v7(),
            })
            .await?;
    }
    let key = |queue: &str, suffix: &str| format!("{namespace}{queue}{suffix}");
    let mut conn = producer.connection();
    redis::pipe()
        // One ready coupon job, one failed.
        .cmd("LPUSH")
        .arg(key(queues::COUPONS, ":active"))
        .arg("ready-1")
        .cmd("ZADD")
        .arg(key(queues::COUPONS, ":failed"))
        .arg(1_000)
        .arg("failed-1")
        // apalis-redis's result script adds dead ids with SADD; a ZSET is counted too.
        .cmd("SADD")
        .arg(key(queues::EMAILS, ":dead"))
        .arg("dead-1")
        .cmd("ZADD")
        .arg(key(queues::BACKUPS, ":dead"))
        .arg(1_000)
        .arg("dead-2")
        // Reconciliation: one job due at 1 000 s, one at 5 000 s.
        .cmd("ZADD")
        .arg(key(queues::RECONCILIATION, ":scheduled"))
        .arg(1_000)
        .arg("due")
        .arg(5_000)
        .arg("later")
        .query_async::<()>(&mut conn)
        .await?;

    let now = chrono::DateTime::from_timestamp(1_600, 0).ok_or("an instant")?;
    let stats = producer.stats(now).await?;
    let by_queue = |queue: &str| stats.iter().find(|s| s.queue == queue).cloned();
    assert_eq!(stats.len(), queues::ALL.len());

    let emails = by_queue(queues::EMAILS).ok_or("emails")?;
    assert_eq!((emails.pending, emails.failed, emails.dead), (2, 0, 1));
    let coupons = by_queue(queues::COUPONS).ok_or("coupons")?;
    assert_eq!(
        (
            coupons.pending,
            coupons.oldest_pending_seconds,
            coupons.failed,
            coupons.dead
        ),
        (1, None, 1, 0),
        "a ready job carries no enqueue time"
    );
    let reconciliation = by_queue(queues::RECONCILIATION).ok_or("reconciliation")?;
    assert_eq!(
        (
            reconciliation.pending,
            reconciliation.oldest_pending_seconds
        ),
        (2, Some(600))
    );
    let backups = by_queue(queues::BACKUPS).ok_or("backups")?;
    assert_eq!((backups.pending, backups.dead), (0, 1));
    let scheduled = by_queue(queues::SCHEDULED).ok_or("scheduled")?;
    assert_eq!(
        (
            scheduled.pending,
            scheduled.oldest_pending_seconds,
            scheduled.failed,
            scheduled.dead
        ),
        (0, None, 0, 0)
    );
    Ok(())
}
