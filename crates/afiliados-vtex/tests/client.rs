//! The client against the VTEX sandbox: retries, `Retry-After`, rotation, timeouts, permanent
//! errors and idempotency headers, asserted through the sandbox's request journal.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on unexpected errors"
)]

use std::time::Duration;

use afiliados_vtex::{
    Coupon, CouponWrite, IdRef, IdempotencyKey, OrderListQuery, Promotion, SortOrder, VtexClient,
    VtexConfig, VtexCredential, VtexError,
};
use afiliados_vtex_sandbox::{
    DEV_APP_KEY, DEV_APP_TOKEN, FaultRule, RunningSandbox, SandboxConfig, SandboxCredential, spawn,
};
use rust_decimal::Decimal;

const ORDER: &str = "1432120512345-01";

async fn sandbox() -> RunningSandbox {
    let dir = SandboxConfig::default()
        .resolve_fixtures_dir()
        .expect("the repository's VTEX fixtures");
    spawn(SandboxConfig::default().with_fixtures(dir))
        .await
        .expect("the sandbox starts")
}

/// Fast backoff so tests do not wait; attempts are what they assert.
fn config(sandbox: &RunningSandbox) -> VtexConfig {
    let mut config = VtexConfig::new(
        sandbox.base_url(),
        vec![VtexCredential::new("primary", DEV_APP_KEY, DEV_APP_TOKEN)],
    );
    config.retry_delay = Duration::from_millis(1);
    config.retry_max_delay = Duration::from_millis(5);
    config.timeout = Duration::from_secs(5);
    config
}

fn client(config: VtexConfig) -> VtexClient {
    VtexClient::new(config).unwrap()
}

fn statuses(sandbox: &RunningSandbox, operation: &str) -> Vec<Option<u16>> {
    sandbox
        .requests_for(operation)
        .iter()
        .map(|r| r.status)
        .collect()
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let sandbox = sandbox().await;
    sandbox
        .add_fault(FaultRule::status(503).times(2).for_operation("get_order"))
        .unwrap();
    let order = client(config(&sandbox)).get_order(ORDER).await.unwrap();
    assert_eq!(order["orderId"], ORDER);
    assert_eq!(
        statuses(&sandbox, "get_order"),
        vec![Some(503), Some(503), Some(200)]
    );
}

#[tokio::test]
async fn server_errors_stop_at_the_attempt_cap_as_transient() {
    let sandbox = sandbox().await;
    sandbox.add_fault(FaultRule::status(500)).unwrap();
    let mut config = config(&sandbox);
    config.max_retries = 3;
    let err = client(config).get_order(ORDER).await.unwrap_err();
    assert!(matches!(err, VtexError::Server { status: 500 }), "{err:?}");
    assert!(err.is_transient());
    assert_eq!(
        sandbox.requests_for("get_order").len(),
        4,
        "1 + VTEX_MAX_RETRIES"
    );
}

#[tokio::test]
async fn rate_limits_honour_retry_after() {
    let sandbox = sandbox().await;
    sandbox
        .add_fault(FaultRule::status(429).retry_after(1).times(1))
        .unwrap();
    let found = client(config(&sandbox)).get_coupon("NOPE").await.unwrap();
    assert_eq!(found, None);
    assert_eq!(statuses(&sandbox, "coupon_get"), vec![Some(429), Some(404)]);
}

#[tokio::test]
async fn a_retry_after_beyond_the_maximum_ends_the_call_at_once() {
    let sandbox = sandbox().await;
    sandbox
        .add_fault(FaultRule::status(429).retry_after(120))
        .unwrap();
    let mut config = config(&sandbox);
    config.retry_after_max = Duration::from_secs(30);
    let err = client(config).get_order(ORDER).await.unwrap_err();
    match err {
        VtexError::RateLimited { retry_after } => {
            assert_eq!(retry_after, Some(Duration::from_secs(120)));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(sandbox.requests().len(), 1, "the job's backoff takes over");
}

async fn two_credential_sandbox() -> RunningSandbox {
    spawn(SandboxConfig {
        credentials: vec![
            SandboxCredential::new("primary", "key-1", "token-1"),
            SandboxCredential::new("secondary", "key-2", "token-2"),
        ],
        ..SandboxConfig::default()
            .with_fixtures(SandboxConfig::default().resolve_fixtures_dir().unwrap())
    })
    .await
    .unwrap()
}

fn two_credentials(sandbox: &RunningSandbox) -> VtexConfig {
    VtexConfig {
        credentials: vec![
            VtexCredential::new("primary", "key-1", "token-1"),
            VtexCredential::new("secondary", "key-2", "token-2"),
        ],
        ..config(sandbox)
    }
}

#[tokio::test]
async fn a_refused_credential_rotates_to_the_next_one() {
    let sandbox = two_credential_sandbox().await;
    assert!(sandbox.expire_credential("primary"));
    let mut config = two_credentials(&sandbox);
    config.max_retries = 0; // rotation does not consume attempts
    let client = client(config);
    client.get_order(ORDER).await.unwrap();
    let keys: Vec<_> = sandbox
        .requests()
        .iter()
        .map(|r| (r.app_key.clone().unwrap(), r.status))
        .collect();
    assert_eq!(
        keys,
        vec![
            ("key-1".to_owned(), Some(401)),
            ("key-2".to_owned(), Some(200))
        ]
    );
    assert_eq!(client.current_credential_label(), Some("secondary"));

    // Later calls, from any clone, start from the credential that worked.
    sandbox.clear_requests();
    client.clone().get_coupon("X").await.unwrap();
    let keys: Vec<_> = sandbox
        .requests()
        .iter()
        .map(|r| r.app_key.clone().unwrap())
        .collect();
    assert_eq!(keys, vec!["key-2"]);
}

#[tokio::test]
async fn every_credential_refused_is_permanent() {
    let sandbox = two_credential_sandbox().await;
    sandbox
        .add_fault(FaultRule::status(403).for_app_key("key-2"))
        .unwrap();
    assert!(sandbox.expire_credential("primary"));
    let err = client(two_credentials(&sandbox))
        .get_order(ORDER)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            VtexError::AllCredentialsRejected {
                tried: 2,
                status: 403
            }
        ),
        "{err:?}"
    );
    assert!(err.is_permanent());
    assert_eq!(sandbox.requests().len(), 2, "each credential tried once");
    assert!(!err.to_string().contains("token"), "{err}");
}

#[tokio::test]
async fn expired_credentials_are_skipped() {
    let sandbox = two_credential_sandbox().await;
    let mut config = two_credentials(&sandbox);
    config.credentials[0].expires_at = Some(chrono::Utc::now() - chrono::Duration::minutes(1));
    client(config).get_order(ORDER).await.unwrap();
    let keys: Vec<_> = sandbox
        .requests()
        .iter()
        .map(|r| r.app_key.clone().unwrap())
        .collect();
    assert_eq!(keys, vec!["key-2"]);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_the_retry_succeeds() {
    let sandbox = sandbox().await;
    sandbox
        .add_fault(
            FaultRule::latency(3_000)
                .times(1)
                .for_operation("get_order"),
        )
        .unwrap();
    let mut config = config(&sandbox);
    config.timeout = Duration::from_millis(300);
    let order = client(config).get_order(ORDER).await.unwrap();
    assert_eq!(order["orderId"], ORDER);
    let journal = sandbox.requests_for("get_order");
    assert_eq!(journal.len(), 2);
    assert_eq!(journal[1].status, Some(200));
}

#[tokio::test]
async fn timeouts_at_the_cap_are_transient() {
    let sandbox = sandbox().await;
    sandbox.add_fault(FaultRule::timeout()).unwrap();
    let mut config = config(&sandbox);
    config.timeout = Duration::from_millis(200);
    config.max_retries = 1;
    let err = client(config).get_order(ORDER).await.unwrap_err();
    assert!(
        matches!(err, VtexError::Timeout { timeout_ms: 200 }),
        "{err:?}"
    );
    assert!(err.is_transient());
    assert_eq!(sandbox.requests().len(), 2);
}

#[tokio::test]
async fn a_bad_request_is_never_retried() {
    let sandbox = sandbox().await;
    sandbox
        .add_fault(FaultRule::status(400).for_operation("get_order"))
        .unwrap();
    let err = client(config(&sandbox)).get_order(ORDER).await.unwrap_err();
    assert!(
        matches!(err, VtexError::Client { status: 400, .. }),
        "{err:?}"
    );
    assert!(err.is_permanent());
    assert_eq!(sandbox.requests().len(), 1);

    // A real validation failure of the sandbox behaves the same.
    sandbox.clear_faults();
    sandbox.clear_requests();
    let invalid = Coupon {
        utm_source: None,
        utm_campaign: None,
        ..Coupon::new("NO-UTM", "x", "y")
    };
    let key = IdempotencyKey::coupon("NO-UTM", 1, CouponWrite::Upsert);
    let err = client(config(&sandbox))
        .upsert_coupon(&invalid, &key)
        .await
        .unwrap_err();
    match err {
        VtexError::Client { status, body } => {
            assert_eq!(status, 400);
            assert!(body.contains("utmSource"), "{body}");
            assert!(!body.contains(DEV_APP_TOKEN));
        }
        other => panic!("expected Client, got {other:?}"),
    }
    assert_eq!(sandbox.requests().len(), 1);
}

#[tokio::test]
async fn unknown_orders_are_not_found() {
    let sandbox = sandbox().await;
    let err = client(config(&sandbox))
        .get_order("0000000000000-01")
        .await
        .unwrap_err();
    assert!(matches!(err, VtexError::NotFound));
    assert!(err.is_permanent());
    assert_eq!(sandbox.requests().len(), 1);
}

#[tokio::test]
async fn a_broken_connection_is_retried() {
    let sandbox = sandbox().await;
    sandbox.add_fault(FaultRule::reset().times(1)).unwrap();
    client(config(&sandbox)).get_order(ORDER).await.unwrap();
    assert_eq!(sandbox.requests().len(), 2);
}

#[tokio::test]
async fn an_unreachable_vtex_is_a_transient_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut config = VtexConfig::new(
        &format!("http://127.0.0.1:{port}"),
        vec![VtexCredential::new("primary", "k", "t")],
    );
    config.retry_delay = Duration::from_millis(1);
    let err = client(config).get_order(ORDER).await.unwrap_err();
    assert!(matches!(err, VtexError::Network { .. }), "{err:?}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn coupon_sync_writes_carry_idempotency_keys() {
    let sandbox = sandbox().await;
    let client = client(config(&sandbox));
    let code = "CETAPHIL-ISABELA7KQ2";
    assert_eq!(client.get_coupon(code).await.unwrap(), None);
    assert_eq!(client.get_archived_coupon(code).await.unwrap(), None);

    let coupon = Coupon::new(code, "afiliados", "cetaphil-lanzamiento-10");
    let upsert = IdempotencyKey::coupon(code, 1, CouponWrite::Upsert);
    let stored = client.upsert_coupon(&coupon, &upsert).await.unwrap();
    assert_eq!(stored.coupon_code, code);
    let read = client
        .get_coupon("cetaphil-isabela7kq2")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        read.utm_campaign.as_deref(),
        Some("cetaphil-lanzamiento-10")
    );
    assert!(!read.is_archived);

    let archive = IdempotencyKey::coupon(code, 2, CouponWrite::Archive);
    client.archive_coupon(code, &archive).await.unwrap();
    assert_eq!(client.get_coupon(code).await.unwrap(), None);
    assert!(
        client
            .get_archived_coupon(code)
            .await
            .unwrap()
            .unwrap()
            .is_archived
    );
    assert!(sandbox.coupon(code).unwrap().is_archived);

    let unarchive = IdempotencyKey::coupon(code, 3, CouponWrite::Unarchive);
    client.unarchive_coupon(code, &unarchive).await.unwrap();
    assert!(!sandbox.coupon(code).unwrap().is_archived);

    let writes: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.idempotency_key.unwrap_or_default())
        .collect();
    assert_eq!(
        writes,
        vec![
            "afiliados:coupon:CETAPHIL-ISABELA7KQ2:1:upsert",
            "afiliados:coupon:CETAPHIL-ISABELA7KQ2:2:archive",
            "afiliados:coupon:CETAPHIL-ISABELA7KQ2:3:unarchive",
        ]
    );
    assert!(
        sandbox
            .requests()
            .iter()
            .filter(|r| r.method == "GET")
            .all(|r| r.idempotency_key.is_none()),
        "reads carry no idempotency key"
    );
    let first = &sandbox.requests()[0];
    assert!(
        first.headers["user-agent"].starts_with("marketing-afiliados-worker/"),
        "{:?}",
        first.headers
    );
    assert_eq!(first.headers["accept"], "application/json");
}

#[tokio::test]
async fn a_retried_write_repeats_its_idempotency_key() {
    let sandbox = sandbox().await;
    sandbox
        .add_fault(
            FaultRule::status(502)
                .times(1)
                .for_operation("coupon_upsert"),
        )
        .unwrap();
    let key = IdempotencyKey::coupon("ABC", 7, CouponWrite::Upsert);
    client(config(&sandbox))
        .upsert_coupon(&Coupon::new("ABC", "afiliados", "camp-10"), &key)
        .await
        .unwrap();
    let keys: Vec<_> = sandbox
        .requests_for("coupon_upsert")
        .into_iter()
        .map(|r| (r.status, r.idempotency_key))
        .collect();
    assert_eq!(
        keys,
        vec![
            (Some(502), Some(key.to_string())),
            (Some(200), Some(key.to_string()))
        ]
    );
}

#[tokio::test]
async fn promotions_round_trip() {
    let sandbox = sandbox().await;
    let client = client(config(&sandbox));
    let percent = Decimal::new(125, 1);
    let promotion = Promotion {
        id_calculator_configuration: None,
        name: "Afiliados Cetaphil lanzamiento 12.5%".into(),
        description: "marketing-afiliados campaign c1".into(),
        begin_date_utc: "2026-02-01T05:00:00Z".parse().unwrap(),
        end_date_utc: Some("2099-05-01T05:00:00Z".parse().unwrap()),
        is_active: true,
        kind: "regular".into(),
        discount_type: "percentual".into(),
        percentual_discount_value: percent,
        utm_campaign: Some(afiliados_vtex::promotion_utm_campaign(
            "cetaphil-lanzamiento",
            percent,
        )),
        utm_source: None,
        cumulative: false,
        max_usage: 0,
        ids_sales_channel: vec!["1".into()],
        brands: vec![IdRef::new("2000050")],
        categories: vec![IdRef::new("3")],
        skus: Vec::new(),
        extra: serde_json::Map::new(),
    };
    let key = IdempotencyKey::promotion("c1", percent, 1);
    let created = client.upsert_promotion(&promotion, &key).await.unwrap();
    let id = created.id_calculator_configuration.clone().unwrap();
    let read = client.get_promotion(&id).await.unwrap().unwrap();
    assert_eq!(read.percentual_discount_value, percent);
    assert_eq!(
        read.utm_campaign.as_deref(),
        Some("cetaphil-lanzamiento-12p5")
    );
    assert_eq!(read.brands, vec![IdRef::new("2000050")]);
    assert_eq!(
        sandbox.promotion(&id).unwrap()["percentualDiscountValue"],
        serde_json::json!(12.5)
    );
    assert_eq!(client.get_promotion("missing").await.unwrap(), None);

    let update = Promotion {
        id_calculator_configuration: Some(id.clone()),
        is_active: false,
        ..promotion
    };
    let updated = client
        .upsert_promotion(&update, &IdempotencyKey::promotion("c1", percent, 2))
        .await
        .unwrap();
    assert_eq!(
        updated.id_calculator_configuration.as_deref(),
        Some(id.as_str())
    );
    assert!(!updated.is_active);
    let keys: Vec<_> = sandbox
        .requests_for("promotion_upsert")
        .into_iter()
        .map(|r| r.idempotency_key.unwrap())
        .collect();
    assert_eq!(
        keys,
        vec![
            "afiliados:promotion:c1:12.5:1",
            "afiliados:promotion:c1:12.5:2"
        ]
    );
}

#[tokio::test]
async fn the_order_list_is_read_page_by_page() {
    let sandbox = sandbox().await;
    let client = client(config(&sandbox));
    let query = OrderListQuery {
        from: "2026-03-02T05:00:00Z".parse().unwrap(),
        to: "2026-03-03T04:59:59.999Z".parse().unwrap(),
        page: 1,
        per_page: 1,
        order: SortOrder::Ascending,
    };
    let first = client.list_orders_page(&query).await.unwrap();
    assert_eq!(first.paging.total, 2);
    assert_eq!(first.paging.pages, 2);
    assert_eq!(first.list[0].order_id, ORDER);
    let second = client
        .list_orders_page(&OrderListQuery {
            page: 2,
            ..query.clone()
        })
        .await
        .unwrap();
    assert_eq!(second.list[0].order_id, "1432120598765-01");
    assert_eq!(second.list[0].total_value, Decimal::from(9_118_100));

    let beyond = client
        .list_orders_page(&OrderListQuery { page: 31, ..query })
        .await
        .unwrap_err();
    assert!(matches!(beyond, VtexError::Client { status: 400, .. }));
    let journal = sandbox.requests_for("list_orders");
    assert_eq!(journal.len(), 3);
    assert!(
        journal[0]
            .query
            .as_deref()
            .unwrap()
            .contains("orderBy=creationDate%2Casc")
    );
}
