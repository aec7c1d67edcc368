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
