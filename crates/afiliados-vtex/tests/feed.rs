//! The feed v3 calls against the sandbox (vtex.md §7, §8): the read's `maxlot`, the commit's
//! handles and idempotency key, the configuration body, retries of 5xx on a read and a
//! permanent error for a refused configuration, asserted through the sandbox's journal.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on unexpected errors"
)]

use std::time::Duration;

use afiliados_vtex::{VtexClient, VtexConfig, VtexCredential, VtexError};
use afiliados_vtex_sandbox::{
    DEV_APP_KEY, DEV_APP_TOKEN, FaultRule, RunningSandbox, SandboxConfig, spawn,
};
use serde_json::json;

async fn sandbox() -> RunningSandbox {
    spawn(SandboxConfig::default())
        .await
        .expect("the sandbox starts")
}

fn client(sandbox: &RunningSandbox) -> VtexClient {
    let mut config = VtexConfig::new(
        sandbox.base_url(),
        vec![VtexCredential::new("primary", DEV_APP_KEY, DEV_APP_TOKEN)],
    );
    config.retry_delay = Duration::from_millis(1);
    config.retry_max_delay = Duration::from_millis(5);
    VtexClient::new(config).unwrap()
}

/// Stores the fixture order with `orderId` and `status` replaced: one feed event each.
fn order(sandbox: &RunningSandbox, id: &str, status: &str) {
    let dir = SandboxConfig::default().resolve_fixtures_dir().unwrap();
    let raw = std::fs::read(dir.join("oms-order-with-coupon.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    doc["orderId"] = json!(id);
    doc["status"] = json!(status);
    sandbox
        .put_order(serde_json::to_vec(&doc).unwrap())
        .unwrap();
}

#[tokio::test]
async fn a_lot_is_read_and_its_handles_committed() {
    let sandbox = sandbox().await;
    order(&sandbox, "1432120500101-01", "payment-approved");
    order(&sandbox, "1432120500102-01", "invoiced");
    let vtex = client(&sandbox);

    let lot = vtex.read_feed(10).await.unwrap();
    assert_eq!(lot.len(), 2);
    assert_eq!(lot[0].order_id, "1432120500101-01");
    assert_eq!(lot[0].state, "payment-approved");
    assert_eq!(lot[1].last_change, "2026-03-03T16:20:07.3010000+00:00");
    assert_eq!(lot[1].origin.account, "medipiel");
    let read = sandbox.requests_for("feed_read");
    assert_eq!(read[0].query.as_deref(), Some("maxlot=10"));

    let handles: Vec<String> = lot.iter().map(|e| e.handle.clone()).collect();
    vtex.commit_feed(&handles).await.unwrap();
    vtex.commit_feed(&[]).await.unwrap();
    let commits = sandbox.requests_for("feed_commit");
    assert_eq!(commits.len(), 1, "an empty commit sends nothing");
    assert_eq!(commits[0].body, Some(json!({ "handles": handles })));
    assert!(
        commits[0]
            .idempotency_key
            .as_deref()
            .is_some_and(|k| k.starts_with("afiliados:feed:commit:"))
    );
    sandbox.advance_feed_clock(Duration::from_secs(250));
    assert!(vtex.read_feed(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn server_errors_on_a_read_are_retried_and_maxlot_is_checked_first() {
    let sandbox = sandbox().await;
    order(&sandbox, "1432120500201-01", "invoiced");
    sandbox
        .add_fault(FaultRule::status(503).times(2).for_operation("feed_read"))
        .unwrap();
    let vtex = client(&sandbox);
    assert_eq!(vtex.read_feed(1).await.unwrap().len(), 1);
    let statuses: Vec<_> = sandbox
        .requests_for("feed_read")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![Some(503), Some(503), Some(200)]);
    for maxlot in [0, 11] {
        assert!(matches!(
            vtex.read_feed(maxlot).await,
            Err(VtexError::Config(_))
        ));
    }
    assert_eq!(sandbox.requests_for("feed_read").len(), 3, "nothing sent");
}

#[tokio::test]
async fn the_configuration_is_sent_as_vtex_md_says_and_a_refusal_is_permanent() {
    let sandbox = sandbox().await;
    let vtex = client(&sandbox);
    let statuses = vec!["payment-approved".to_owned(), "invoiced".to_owned()];
    let sent = vtex.configure_feed(&statuses).await.unwrap();
    assert_eq!(sent["queue"]["visibilityTimeoutInSeconds"], 250);
    let config = &sandbox.feed()["config"];
    assert_eq!(config["status"], json!(statuses));
    assert_eq!(config["MessageRetentionPeriodInSeconds"], 345_600);

    // Only the filtered states enter the queue now.
    order(&sandbox, "1432120500301-01", "order-created");
    order(&sandbox, "1432120500302-01", "invoiced");
    let lot = vtex.read_feed(10).await.unwrap();
    assert_eq!(lot.len(), 1);
    assert_eq!(lot[0].order_id, "1432120500302-01");

    sandbox
        .add_fault(FaultRule::status(403).times(1).for_operation("feed_config"))
        .unwrap();
    assert!(vtex.configure_feed(&[" ".to_owned()]).await.is_err());
    let refused = vtex
        .configure_feed(&["x".to_owned()])
        .await
        .expect_err("one credential refused with 403");
    assert!(refused.is_permanent(), "{refused:?}");
}
