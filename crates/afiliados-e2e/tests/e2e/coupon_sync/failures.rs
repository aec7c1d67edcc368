//! Failures: transient VTEX errors retried until success, a 400 never retried, the attempt cap
//! reached and reported, every credential refused.

use std::time::Duration;

use afiliados_db_test::fixtures::CodeWorld;
use afiliados_vtex_sandbox::FaultRule;

use super::stack::{Stack, TestResult, Tuning};
use super::{WAIT, keys};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_vtex_failures_are_retried_until_the_sync_succeeds() -> TestResult {
    let stack = Stack::start(Tuning {
        credentials: vec![
            ("primary", "key-1", "token-1"),
            ("secondary", "key-2", "token-2"),
        ],
        vtex_timeout: Duration::from_millis(300),
        ..Tuning::default()
    })
    .await?;
    let world = CodeWorld::active("flaky");
    let ids = stack.insert(&world).await?;
    // The first credential is refused (401): the client rotates to the second at once.
    assert!(stack.sandbox.expire_credential("primary"));
    // 5xx beyond the client's own retries (1 + VTEX_MAX_RETRIES = 2 tries per call): the job retries.
    stack.sandbox.add_fault(
        FaultRule::status(503)
            .times(3)
            .for_operation("coupon_upsert"),
    )?;
    // 429 with Retry-After: honoured inside the call.
    stack.sandbox.add_fault(
        FaultRule::status(429)
            .retry_after(1)
            .times(1)
            .for_operation("promotion_upsert"),
    )?;
    // A VTEX that does not answer: the attempt times out and is retried.
    stack
        .sandbox
        .add_fault(FaultRule::timeout().times(2).for_operation("promotion_get"))?;

    stack.queue_sync(ids.code_id).await?;
    let row = stack
        .wait_code(ids.code_id, WAIT, |row| row.0 == "synced")
        .await?;
    assert_eq!(
        (row.2, row.5.as_deref()),
        (Some(1), None),
        "the error is cleared"
    );
    assert!(
        !stack
            .sandbox
            .coupon(&world.code)
            .expect("exists")
            .is_archived
    );

    let statuses = |operation: &str| -> Vec<Option<u16>> {
        stack
            .sandbox
            .requests_for(operation)
            .iter()
            .map(|r| r.status)
            .collect()
    };
    let upserts = statuses("coupon_upsert");
    assert_eq!(
        upserts.iter().filter(|s| **s == Some(503)).count(),
        3,
        "{upserts:?}"
    );
    assert_eq!(upserts.last(), Some(&Some(200)));
    let promotion_upserts = statuses("promotion_upsert");
    assert!(
        promotion_upserts.contains(&Some(429)),
        "{promotion_upserts:?}"
    );
    let all: Vec<_> = stack.sandbox.requests();
    assert!(
        all.iter().any(|r| r.status == Some(401)),
        "the expired credential was tried and refused"
    );
    assert!(
        all.iter()
            .filter(|r| r.status == Some(200))
            .all(|r| r.app_key.as_deref() == Some("key-2")),
        "every success used the second credential"
    );
    // Every retry of a write repeats the revision's idempotency key.
    let upsert_keys = keys(&stack, "coupon_upsert");
    assert!(
        upsert_keys
            .iter()
            .all(|k| k == "afiliados:coupon:CODE-FLAKY:1:upsert")
    );

    let metrics = stack.metrics().await?;
    let retried = metrics
        .lines()
        .find(|l| {
            l.starts_with(
                "marketing_afiliados_worker_jobs_total{queue=\"afiliados:coupons\",outcome=\"retried\"}",
            )
        })
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    assert!(retried >= 1, "the job itself was retried: {metrics}");
    assert!(stack.dead_tasks().await?.is_empty(), "nothing is dead");
    stack.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_request_fails_at_once_and_is_never_retried() -> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let world = CodeWorld::active("bad");
    let ids = stack.insert(&world).await?;
    stack
        .sandbox
        .add_fault(FaultRule::status(400).for_operation("coupon_upsert"))?;

    stack.queue_sync(ids.code_id).await?;
    let row = stack
        .wait_code(ids.code_id, WAIT, |row| row.0 == "failed")
        .await?;
    let error = row.5.expect("last_sync_error is set");
    assert!(error.contains("400"), "{error}");
    assert_eq!(row.2, None, "never synced");

    // Dead after one attempt: a retried 400 would show more attempts before the task dies, and
    // a dead task never runs again, so the journal below is final.
    let dead = stack.wait_dead().await?;
    assert_eq!(dead.len(), 1, "the task is in the dead set");
    assert_eq!(dead[0].1, 1, "one attempt in Redis");
    assert_eq!(stack.sandbox.requests_for("coupon_upsert").len(), 1);
    stack.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_failing_until_the_cap_is_reported_failed_and_left_dead() -> TestResult {
    let stack = Stack::start(Tuning {
        vtex_max_retries: 0,
        ..Tuning::default()
    })
    .await?;
    let world = CodeWorld::active("down");
    let ids = stack.insert(&world).await?;
    // The promotion syncs; reading the coupon always answers 502.
    stack
        .sandbox
        .add_fault(FaultRule::status(502).for_operation("coupon_get"))?;

    stack.queue_sync(ids.code_id).await?;
    let row = stack
        .wait_code(ids.code_id, Duration::from_secs(60), |row| {
            row.0 == "failed"
        })
        .await?;
    assert!(
        row.5.as_deref().is_some_and(|e| e.contains("502")),
        "{row:?}"
    );
    // Dead at the cap; a dead task never runs again, so the journal below is final.
    let dead = stack.wait_dead().await?;
    assert_eq!(dead.len(), 1);
    assert_eq!(
        dead[0].1,
        afiliados_jobs::queues::COUPONS_MAX_ATTEMPTS as u64,
        "exactly the cap of attempts"
    );
    assert_eq!(
        stack.sandbox.requests_for("coupon_get").len(),
        afiliados_jobs::queues::COUPONS_MAX_ATTEMPTS,
        "one coupon read per attempt, none after the cap"
    );
    stack.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_credential_refused_is_permanent() -> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let world = CodeWorld::active("locked");
    let ids = stack.insert(&world).await?;
    assert!(stack.sandbox.expire_credential("primary"));
    stack.queue_sync(ids.code_id).await?;
    let row = stack
        .wait_code(ids.code_id, WAIT, |row| row.0 == "failed")
        .await?;
    assert!(
        row.5.as_deref().is_some_and(|e| e.contains("credential")),
        "{row:?}"
    );
    stack.stop().await
}
