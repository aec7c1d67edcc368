//! `SyncCoupon` / `SyncPromotion` end to end: the real api (own database, outbox relay), real
//! Redis, the VTEX sandbox and the worker. VTEX state and the request journal are read from the
//! sandbox, the sync bookkeeping from the api's database, attempt counts from Redis.

mod sync_stack;

use std::time::Duration;

use afiliados_db_test::fixtures::CodeWorld;
use afiliados_vtex_sandbox::FaultRule;
use serde_json::Value;
use sync_stack::{Stack, TestResult, Tuning};

const WAIT: Duration = Duration::from_secs(30);

fn keys(stack: &Stack, operation: &str) -> Vec<String> {
    stack
        .sandbox
        .requests_for(operation)
        .into_iter()
        .filter_map(|r| r.idempotency_key)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_becomes_a_coupon_with_its_promotion_then_archives_and_returns() -> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let mut world = CodeWorld::active("happy");
    world.scope = ("category".into(), vec!["1000041".into()]);
    let ids = stack.insert(&world).await?;

    stack.queue_sync(ids.code_id).await?;
    let row = stack
        .wait_code(ids.code_id, WAIT, |row| row.0 == "synced")
        .await?;
    let coupon = stack
        .sandbox
        .coupon(&world.code)
        .expect("the coupon exists");
    assert!(!coupon.is_archived);
    assert_eq!(coupon.utm_source.as_deref(), Some("afiliados"));
    assert_eq!(coupon.utm_campaign.as_deref(), Some("lanzamiento-happy-10"));
    assert_eq!(coupon.expiration_interval_per_use, "00:00:00");
    assert_eq!(
        (row.1, row.2, row.3.as_deref(), row.4, row.5.as_deref()),
        (1, Some(1), Some(coupon.id.as_str()), Some(false), None),
        "synced at revision 1 with VTEX's coupon id"
    );

    // The promotion was created first, with the campaign's utmCampaign and scope.
    let promotion_id = stack
        .vtex_promotion_id(ids.campaign_id)
        .await?
        .expect("the promotion id is stored");
    let promotion = stack.sandbox.promotion(&promotion_id).expect("in VTEX");
    assert_eq!(promotion["utmCampaign"], "lanzamiento-happy-10");
    assert!(promotion.get("utmSource").is_none_or(Value::is_null));
    assert_eq!(promotion["isActive"], true);
    assert_eq!(promotion["name"], "Afiliados Lanzamiento happy 10%");
    assert_eq!(promotion["brands"][0]["id"], "2000050");
    assert_eq!(promotion["categories"][0]["id"], "1000041");
    assert_eq!(promotion["idsSalesChannel"][0], "1");
    assert_eq!(promotion["beginDateUtc"], "2026-02-01T05:00:00Z");
    assert_eq!(
        keys(&stack, "promotion_upsert"),
        vec![format!("afiliados:promotion:{}:10:1", ids.campaign_id)]
    );
    assert_eq!(
        keys(&stack, "coupon_upsert"),
        vec!["afiliados:coupon:CODE-HAPPY:1:upsert".to_owned()]
    );

    // Inactive (revision 2): the coupon is archived.
    assert_eq!(stack.set_status(ids.code_id, "inactive").await?, 2);
    let row = stack
        .wait_code(ids.code_id, WAIT, |row| row.2 == Some(2))
        .await?;
    assert_eq!((row.0.as_str(), row.4), ("synced", Some(true)));
    assert!(stack.sandbox.coupon(&world.code).expect("kept").is_archived);
    assert_eq!(
        keys(&stack, "coupon_archive"),
        vec!["afiliados:coupon:CODE-HAPPY:2:archive".to_owned()]
    );

    // Active again (revision 3): upserted and unarchived; the synced promotion is not touched.
    assert_eq!(stack.set_status(ids.code_id, "active").await?, 3);
    let row = stack
        .wait_code(ids.code_id, WAIT, |row| row.2 == Some(3))
        .await?;
    assert_eq!(row.4, Some(false));
    assert!(!stack.sandbox.coupon(&world.code).expect("kept").is_archived);
    assert_eq!(
        keys(&stack, "coupon_unarchive"),
        vec!["afiliados:coupon:CODE-HAPPY:3:unarchive".to_owned()]
    );
    assert_eq!(stack.sandbox.requests_for("promotion_upsert").len(), 1);

    // A duplicate job (the relay may push twice) finds VTEX already right and reports again.
    stack.queue_sync(ids.code_id).await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(stack.code(ids.code_id).await?.0, "synced");
    assert!(!stack.sandbox.coupon(&world.code).expect("kept").is_archived);

    let metrics = stack.metrics().await?;
    assert!(
        metrics.contains(
            "marketing_afiliados_worker_jobs_total{queue=\"afiliados:coupons\",outcome=\"succeeded\"} 4"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("marketing_afiliados_vtex_requests_total{"));
    stack.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inactive_code_is_created_archived_without_a_promotion() -> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let mut world = CodeWorld::active("dormant");
    world.code_status = "pending".into();
    let ids = stack.insert(&world).await?;
    stack.queue_sync(ids.code_id).await?;
    let row = stack
        .wait_code(ids.code_id, WAIT, |row| row.0 == "synced")
        .await?;
    assert_eq!(row.4, Some(true));
    let coupon = stack.sandbox.coupon(&world.code).expect("created");
    assert!(coupon.is_archived, "created archived");
    assert!(
        stack.sandbox.requests_for("promotion_upsert").is_empty(),
        "no promotion is needed for an archived coupon"
    );
    assert!(stack.sandbox.requests_for("coupon_archive").is_empty());

    // A SyncPromotion job on the same queue (as a campaign change enqueues it) creates it.
    stack
        .queue_job(
            "SyncPromotion",
            serde_json::json!({ "campaignId": ids.campaign_id, "discountPercent": "10.00" }),
        )
        .await?;
    let mut promotion_id = None;
    for _ in 0..100 {
        promotion_id = stack.vtex_promotion_id(ids.campaign_id).await?;
        if promotion_id.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let promotion = stack
        .sandbox
        .promotion(&promotion_id.expect("the promotion is stored"))
        .expect("in VTEX");
    assert_eq!(promotion["utmCampaign"], "lanzamiento-dormant-10");
    assert_eq!(promotion["percentualDiscountValue"], 10.0);
    stack.stop().await
}

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

    // Long enough for several retries at the test backoff (20 ms doubling): none happens.
    let mut dead = Vec::new();
    for _ in 0..50 {
        dead = stack.dead_tasks().await?;
        if !dead.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(stack.sandbox.requests_for("coupon_upsert").len(), 1);
    assert_eq!(dead.len(), 1, "the task is in the dead set");
    assert_eq!(dead[0].1, 1, "one attempt in Redis");
    assert_eq!(stack.dead_tasks().await?, dead);
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
    let mut dead = Vec::new();
    for _ in 0..50 {
        dead = stack.dead_tasks().await?;
        if !dead.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(dead.len(), 1);
    assert_eq!(
        dead[0].1,
        afiliados_jobs::queues::COUPONS_MAX_ATTEMPTS as u64,
        "exactly the cap of attempts"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
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
