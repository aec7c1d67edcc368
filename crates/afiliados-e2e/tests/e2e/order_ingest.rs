//! VTEX orders end to end (`architecture.md` §1.2): the real api (own database), the worker's
//! `afiliados:vtex_orders` consumer and the VTEX sandbox. A code is synced to the sandbox as a
//! coupon with its promotion, a customer checks out with it in the sandbox, and a
//! `FetchVtexOrder` job (queued through the api's outbox) makes the worker fetch, normalise and
//! ingest the order: it is stored attributed with its commission. A later state is fetched
//! through OMS 5xx and 429 answers, retried, and ends ingested.

use std::time::Duration;

use afiliados_db_test::fixtures::CodeWorld;
use afiliados_jobs::{FetchSource, FetchVtexOrder, Job};
use afiliados_testkit::eventually;
use afiliados_vtex_sandbox::FaultRule;
use serde_json::{Value, json};

use crate::coupon_sync::stack::{Stack, TestResult, Tuning};

const WAIT: Duration = Duration::from_secs(40);

/// `(status, attributed, last_source, commission amount)` of the stored order.
type Stored = (String, bool, String, Option<String>);

async fn stored(stack: &Stack, vtex_order_id: &str) -> TestResult<Option<Stored>> {
    let mut conn = stack.api.state.db.get().await?;
    let tenant = stack.api.state.tenant_id;
    let Some(order) =
        afiliados_db::orders::find_for_update(&mut conn, tenant, vtex_order_id).await?
    else {
        return Ok(None);
    };
    let commission = afiliados_db::commissions::of_order_for_update(&mut conn, order.id).await?;
    Ok(Some((
        order.status,
        order.attributed,
        order.last_source,
        commission.map(|c| c.commission_amount.to_string()),
    )))
}

async fn wait_stored(
    stack: &Stack,
    vtex_order_id: &str,
    done: impl Fn(&Stored) -> bool,
) -> TestResult<Stored> {
    let reached = eventually(WAIT, || async {
        stored(stack, vtex_order_id)
            .await
            .ok()
            .flatten()
            .filter(|row| done(row))
    })
    .await;
    match reached {
        Ok(row) => Ok(row),
        Err(timed_out) => {
            let row = stored(stack, vtex_order_id).await?;
            Err(format!("order {vtex_order_id}: {timed_out}; last state {row:?}").into())
        }
    }
}

async fn sandbox_admin(stack: &Stack, path: &str, body: Value) -> TestResult<Value> {
    let response = reqwest::Client::new()
        .post(format!("{}/_sandbox{path}", stack.sandbox.base_url()))
        .json(&body)
        .send()
        .await?;
    let status = response.status();
    let body: Value = response.json().await?;
    if !status.is_success() {
        return Err(format!("sandbox {path}: {status} {body}").into());
    }
    Ok(body)
}

async fn queue_fetch(stack: &Stack, vtex_order_id: &str) -> TestResult {
    let job = FetchVtexOrder {
        vtex_order_id: vtex_order_id.to_owned(),
        source: FetchSource::Refetch,
        reconciliation_run_id: None,
        discrepancy_id: None,
        force: false,
    };
    stack
        .queue_job(FetchVtexOrder::NAME, serde_json::to_value(job)?)
        .await
}

fn fault(vtex_order_id: &str, status: u16, times: u32) -> TestResult<FaultRule> {
    Ok(serde_json::from_value(json!({
        "match": {"operation": "get_order", "pathPrefix": format!("/api/oms/pvt/orders/{vtex_order_id}")},
        "fault": {"kind": "status", "status": status, "retryAfter": 0},
        "times": times
    }))?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandbox_order_with_a_coupon_is_fetched_ingested_and_retried_through_vtex_failures()
-> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let world = CodeWorld::active("orders");
    let ids = stack.insert(&world).await?;
    stack.queue_sync(ids.code_id).await?;
    stack
        .wait_code(ids.code_id, WAIT, |row| row.0 == "synced")
        .await?;

    // The customer checks out with the code (lower case, as typed): the sandbox applies the
    // synced promotion's 10 % to the Cetaphil line.
    let order = sandbox_admin(
        &stack,
        "/orders",
        json!({
            "coupon": world.code.to_lowercase(),
            "customer": {"email": "laura.gomez@example.com", "document": "52876543"},
            "lines": [{"skuId": "2001", "name": "Cetaphil Limpiador Facial Piel Grasa 473 ml",
                       "brandId": "2000050", "brandName": "Cetaphil", "categoriesIds": "/3/45/",
                       "quantity": 2, "price": 6990000, "listPrice": 7490000}],
            "shipping": 1200000,
            "status": "payment-approved"
        }),
    )
    .await?;
    let id = order["orderId"].as_str().ok_or("an order id")?.to_owned();
    assert_eq!(order["items"][0]["priceDefinition"]["total"], 12_582_000);

    queue_fetch(&stack, &id).await?;
    // Net of the line 125 820.00 (pre-tax, no shipping) × the campaign's 10 %.
    let row = wait_stored(&stack, &id, |row| row.3.is_some()).await?;
    assert_eq!(
        row,
        (
            "paid".to_owned(),
            true,
            "refetch".to_owned(),
            Some("12582.00".to_owned())
        )
    );

    // Invoiced in VTEX; the next read meets two 503 calls' worth of tries and a 429 first.
    sandbox_admin(
        &stack,
        &format!("/orders/{id}/transition"),
        json!({"state": "invoiced", "emitHook": false}),
    )
    .await?;
    stack.sandbox.clear_requests();
    stack.sandbox.add_fault(fault(&id, 503, 2)?)?;
    stack.sandbox.add_fault(fault(&id, 429, 2)?)?;
    queue_fetch(&stack, &id).await?;
    let row = wait_stored(&stack, &id, |row| row.0 == "invoiced").await?;
    assert_eq!(row.3.as_deref(), Some("12582.00"), "the commission stays");
    let reads: Vec<Option<u16>> = stack
        .sandbox
        .requests_for("get_order")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        reads,
        [Some(503), Some(503), Some(429), Some(429), Some(200)],
        "two calls of two tries failed (VTEX_MAX_RETRIES 1), the third call read the order"
    );
    stack.stop().await
}
