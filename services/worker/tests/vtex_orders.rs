//! The `afiliados:vtex_orders` consumer in-process against real Redis, the real VTEX sandbox
//! (fixtures seed, fault injection) and a stand-in for the api's `/internal/v1` order endpoints:
//! hooks fetch the OMS order, pushed documents are used as they are, VTEX 5xx/429 are retried
//! with the worker's backoff, VTEX 404 is reported as not found, a bad document or an api 4xx
//! fails the delivery for good, a 409 claim is nothing to do, and `FetchVtexOrder` ingests with
//! its own source.

mod orders_api;
mod stand_in;

use std::time::Duration;

use afiliados_api_types::internal_deliveries::{
    DeliveryKind, DeliveryOutcome, DeliveryStatus, InternalDelivery,
};
use afiliados_api_types::orders::IngestSource;
use afiliados_jobs::{FetchSource, FetchVtexOrder, IngestVtexOrder, JobQueues, queues};
use afiliados_testkit::eventually;
use afiliados_testkit::redis::{namespace, redis_url};
use afiliados_vtex_sandbox::{FaultRule, SandboxConfig};
use afiliados_worker::{Application, Settings, retry::Backoff};
use orders_api::{OrdersApi, TOKEN};
use serde_json::{Value, json};
use uuid::Uuid;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long the worker may take to finish (a few fast retries included).
const WAIT: Duration = Duration::from_secs(30);
const WITH_COUPON: &str = "1432120512345-01";
const WITHOUT_COUPON: &str = "1432120598765-01";

fn fixture(name: &str) -> TestResult<Value> {
    let dir = SandboxConfig::default()
        .resolve_fixtures_dir()
        .ok_or("the repository's VTEX fixtures")?;
    Ok(serde_json::from_slice(&std::fs::read(dir.join(name))?)?)
}

fn delivery(kind: DeliveryKind, vtex_order_id: &str, payload: Option<Value>) -> InternalDelivery {
    InternalDelivery {
        id: Uuid::now_v7(),
        kind,
        vtex_order_id: Some(vtex_order_id.to_owned()),
        state: Some("payment-approved".into()),
        last_state: Some("payment-pending".into()),
        last_change: Some("2026-03-02T14:09:30.4120000+00:00".into()),
        status: DeliveryStatus::Received,
        attempts: 0,
        payload,
    }
}

/// `times` answers `status` to the OMS read of one order (other orders are read normally).
fn fault(vtex_order_id: &str, status: u16, times: u32) -> TestResult<FaultRule> {
    Ok(serde_json::from_value(json!({
        "match": {"operation": "get_order", "pathPrefix": format!("/api/oms/pvt/orders/{vtex_order_id}")},
        "fault": {"kind": "status", "status": status, "retryAfter": 0},
        "times": times
    }))?)
}

async fn start_worker(
    api: &str,
    sandbox: &afiliados_vtex_sandbox::RunningSandbox,
    namespace: &str,
) -> TestResult<tokio::sync::oneshot::Sender<()>> {
    let mail = afiliados_mailer::MailConfig::local_sink(afiliados_testkit::smtp::SMTP_PORT);
    let mut settings = Settings::for_tests(api, TOKEN, &redis_url(), namespace, mail);
    settings.vtex = afiliados_vtex::VtexConfig::new(
        sandbox.base_url(),
        vec![afiliados_vtex::VtexCredential::new(
            "primary",
            afiliados_vtex_sandbox::DEV_APP_KEY,
            afiliados_vtex_sandbox::DEV_APP_TOKEN,
        )],
    );
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
    let key = format!("{}{}:dead", producer.namespace(), queues::VTEX_ORDERS);
    Ok(redis::cmd("SCARD").arg(key).query_async(&mut conn).await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_fetched_normalised_ingested_and_reported() -> TestResult {
    let api = OrdersApi::default();
    let api_url = api.start()?;
    let sandbox = afiliados_vtex_sandbox::spawn(
        SandboxConfig::default().with_fixtures(
            SandboxConfig::default()
                .resolve_fixtures_dir()
                .ok_or("fixtures")?,
        ),
    )
    .await?;
    let namespace = namespace();
    let producer = JobQueues::connect(&redis_url(), &namespace).await?;

    // 1. A hook whose first OMS read fails every try of the client's call (3 × 503), then
    //    answers: one failed attempt reported as transient, then ingested and processed.
    sandbox.add_fault(fault(WITH_COUPON, 503, 3)?)?;
    let hook = delivery(DeliveryKind::Hook, WITH_COUPON, None);
    api.add_delivery(hook.clone(), vec![]);
    // 2. A pushed order document: used as it is, never fetched.
    let pushed_doc = fixture("oms-order-without-coupon.json")?;
    let push = delivery(
        DeliveryKind::OrderDocument,
        WITHOUT_COUPON,
        Some(pushed_doc),
    );
    api.add_delivery(push.clone(), vec![]);
    // 3. An order VTEX does not know.
    let unknown = delivery(DeliveryKind::Hook, "1432120500000-01", None);
    api.add_delivery(unknown.clone(), vec![]);
    // 4. A document that cannot be normalised.
    let broken_doc = json!({"orderId": "1432120511111-01", "status": "invoiced", "items": [
        {"id": "1", "quantity": -1, "price": 100}]});
    let broken = delivery(
        DeliveryKind::OrderDocument,
        "1432120511111-01",
        Some(broken_doc),
    );
    api.add_delivery(broken.clone(), vec![]);
    // 5. Already processed: the claim answers 409.
    let done = delivery(DeliveryKind::Hook, WITH_COUPON, None);
    api.add_delivery(done.clone(), vec![409]);

    let stop = start_worker(&api_url, &sandbox, &namespace).await?;
    for id in [hook.id, push.id, unknown.id, broken.id, done.id] {
        producer
            .push_job(IngestVtexOrder {
                delivery_id: id,
                force: false,
            })
            .await?;
    }

    let ingested = eventually(WAIT, || async {
        let ingests = api.ingests(WITH_COUPON);
        (!ingests.is_empty()).then_some(ingests)
    })
    .await?;
    // The failed attempt is reported; the ingest itself marks the delivery processed, so the
    // success sends no report (ADR 0078).
    let results = api.results(hook.id);
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0].status, DeliveryOutcome::Failed);
    assert!(!results[0].permanent, "a VTEX 503 is transient");
    assert_eq!(
        results[0].error.as_deref(),
        Some("VTEX order read: VTEX answered 503")
    );
    assert_eq!(api.claims(hook.id), 2);
    assert_eq!(ingested.len(), 1);
    assert_eq!(ingested[0].source, IngestSource::Hook);
    assert_eq!(ingested[0].delivery_id, Some(hook.id));
    let order = &ingested[0].order;
    assert_eq!(
        order.coupon_code_normalized.as_deref(),
        Some("CETAPHIL-ISABELA7KQ2")
    );
    assert_eq!(order.total_value.to_string(), "399975.70");
    assert_eq!(order.lines[0].line_tax.to_string(), "23905.80");
    let sent = serde_json::to_string(&order.document)?;
    assert!(
        !sent.contains("clientProfileData"),
        "no personal data in the document"
    );
    let reads: Vec<Option<u16>> = sandbox
        .requests_for("get_order")
        .iter()
        .filter(|r| r.path.ends_with(WITH_COUPON))
        .map(|r| r.status)
        .collect();
    assert_eq!(
        reads,
        [Some(503), Some(503), Some(503), Some(200)],
        "3 failed tries, then 1"
    );

    let pushed = eventually(WAIT, || async {
        let ingests = api.ingests(WITHOUT_COUPON);
        (!ingests.is_empty()).then_some(ingests)
    })
    .await?;
    assert_eq!(pushed[0].source, IngestSource::Push);
    assert_eq!(pushed[0].order.status, "paid");
    assert!(
        api.results(push.id).is_empty(),
        "an ingested delivery needs no report"
    );

    let not_found = eventually(WAIT, || async {
        let reports = api.not_found();
        (!reports.is_empty()).then_some(reports)
    })
    .await?;
    assert_eq!(not_found[0].vtex_order_id, "1432120500000-01");
    assert_eq!(not_found[0].delivery_id, Some(unknown.id));
    assert_eq!(not_found[0].source, IngestSource::Hook);
    assert!(
        api.results(unknown.id).is_empty(),
        "the not-found report fails it"
    );

    let broken_results = eventually(WAIT, || async {
        Some(api.results(broken.id)).filter(|r| !r.is_empty())
    })
    .await?;
    assert_eq!(broken_results[0].status, DeliveryOutcome::Failed);
    assert!(broken_results[0].permanent, "a bad document is permanent");
    assert_eq!(api.claims(broken.id), 1, "never retried");

    assert_eq!(api.claims(done.id), 1);
    assert!(
        api.results(done.id).is_empty(),
        "nothing to report on a 409 claim"
    );

    let dead = eventually(WAIT, || async {
        dead_count(&producer).await.ok().filter(|dead| *dead > 0)
    })
    .await?;
    assert_eq!(dead, 1, "only the bad document is dead");
    let _ = stop.send(());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetches_retry_rate_limits_and_api_failures_are_classified() -> TestResult {
    let api = OrdersApi::default();
    let api_url = api.start()?;
    let sandbox = afiliados_vtex_sandbox::spawn(
        SandboxConfig::default().with_fixtures(
            SandboxConfig::default()
                .resolve_fixtures_dir()
                .ok_or("fixtures")?,
        ),
    )
    .await?;
    let namespace = namespace();
    let producer = JobQueues::connect(&redis_url(), &namespace).await?;

    // A refetch for a discrepancy whose OMS read is rate-limited for a whole call (3 × 429),
    // and whose first ingest meets an api 503: both retried, then ingested once.
    sandbox.add_fault(fault(WITHOUT_COUPON, 429, 3)?)?;
    api.fail_ingest(WITHOUT_COUPON, vec![503]);
    let discrepancy = Uuid::now_v7();
    // A hook whose ingest the api refuses with 422: permanent at once.
    api.fail_ingest(WITH_COUPON, vec![422]);
    let refused = delivery(DeliveryKind::Hook, WITH_COUPON, None);
    api.add_delivery(refused.clone(), vec![]);

    let stop = start_worker(&api_url, &sandbox, &namespace).await?;
    producer
        .push_job(FetchVtexOrder {
            vtex_order_id: WITHOUT_COUPON.into(),
            source: FetchSource::Reconciliation,
            reconciliation_run_id: None,
            discrepancy_id: Some(discrepancy),
            force: true,
        })
        .await?;
    producer
        .push_job(IngestVtexOrder {
            delivery_id: refused.id,
            force: false,
        })
        .await?;

    let ingested = eventually(WAIT, || async {
        let ingests = api.ingests(WITHOUT_COUPON);
        (!ingests.is_empty()).then_some(ingests)
    })
    .await?;
    assert_eq!(ingested.len(), 1);
    assert_eq!(ingested[0].source, IngestSource::Reconciliation);
    assert_eq!(ingested[0].discrepancy_id, Some(discrepancy));
    assert!(ingested[0].force);
    assert_eq!(ingested[0].delivery_id, None);
    assert_eq!(
        sandbox
            .requests_for("get_order")
            .iter()
            .filter(|r| r.status == Some(429))
            .count(),
        3
    );

    let results = eventually(WAIT, || async {
        Some(api.results(refused.id)).filter(|r| !r.is_empty())
    })
    .await?;
    assert_eq!(results[0].status, DeliveryOutcome::Failed);
    assert!(results[0].permanent, "an api 4xx is permanent");
    assert_eq!(api.claims(refused.id), 1);
    assert!(api.ingests(WITH_COUPON).is_empty());
    let _ = stop.send(());
    Ok(())
}
