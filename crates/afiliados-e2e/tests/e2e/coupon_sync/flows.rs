//! The happy paths: create with the promotion first, archive, unarchive, duplicates, archived
//! creation, and a `SyncPromotion` job on the shared queue.

use afiliados_db_test::fixtures::CodeWorld;
use serde_json::Value;

use afiliados_testkit::eventually;

use super::stack::{Stack, TestResult, Tuning};
use super::{WAIT, keys};

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
    let four = "marketing_afiliados_worker_jobs_total{queue=\"afiliados:coupons\",outcome=\"succeeded\"} 4";
    let metrics = eventually(WAIT, || async {
        stack
            .metrics()
            .await
            .ok()
            .filter(|text| text.contains(four))
    })
    .await
    .map_err(|timed_out| format!("{timed_out}: no fourth success in {}", four))?;
    assert_eq!(stack.code(ids.code_id).await?.0, "synced");
    assert!(!stack.sandbox.coupon(&world.code).expect("kept").is_archived);
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
    let promotion_id = eventually(WAIT, || async {
        stack
            .vtex_promotion_id(ids.campaign_id)
            .await
            .ok()
            .flatten()
    })
    .await?;
    let promotion = stack.sandbox.promotion(&promotion_id).expect("in VTEX");
    assert_eq!(promotion["utmCampaign"], "lanzamiento-dormant-10");
    assert_eq!(promotion["percentualDiscountValue"], 10.0);
    stack.stop().await
}
