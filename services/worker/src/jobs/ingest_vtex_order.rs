//! `IngestVtexOrder { deliveryId, force }` (`api.md` §21.1–21.2, `architecture.md` §1.2 step 4):
//!
//! 1. Claim the delivery: the claim answers it, document included, so there is no read before it
//!    (ADR 0084). `409 delivery_not_reprocessable` means another run already processed it, or it
//!    is not meant to be: nothing to do.
//! 2. The delivery carries a full order document (`order_document`): normalise it (source
//!    `push`). Otherwise it only names the order: fetch the current document from the OMS
//!    (source `hook`, or `feed` for a feed event), so late or out-of-order hooks cannot regress
//!    the order. VTEX 404 → `POST /internal/v1/orders/not-found`, which fails the delivery.
//! 3. `POST /internal/v1/orders/ingest` with the delivery id; the api marks the delivery
//!    `processed` in the ingest's transaction, so success needs no report (ADR 0078).
//!
//! Failures are reported on the delivery: VTEX 4xx, a document that cannot be normalised and api
//! 4xx are permanent; VTEX 5xx/429/timeouts and api 5xx are transient (retried with the worker's
//! backoff) until the attempt cap, where the report says permanent.

use afiliados_api_client::InternalApi;
use afiliados_api_types::internal_deliveries::{
    DeliveryKind, DeliveryOutcome, DeliveryResult, InternalDelivery, OrderNotFound,
};
use afiliados_api_types::orders::{IngestOrderRequest, IngestSource};
use afiliados_jobs::{IngestVtexOrder, queues};
use anyhow::anyhow;
/// `409 delivery_not_reprocessable`.
const CONFLICT: u16 = 409;
use uuid::Uuid;

use super::coupons::{api_failure, failure_text, refuse_while_stopping};
use super::vtex_orders::{WORK_TIMEOUT, fetch, ingest, normalize, report_not_found};
use crate::{JobError, WorkerCtx, retry};

/// What processing a delivery ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Processed {
    /// Ingested as this platform order.
    Ingested(Uuid),
    /// VTEX answered 404; reported, and the api failed the delivery.
    NotFound,
}

/// One attempt of an `IngestVtexOrder` job.
pub async fn handle(
    job: IngestVtexOrder,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    refuse_while_stopping(ctx)?;
    let api = ctx.api.with_request_id(request_id);
    let id = job.delivery_id;
    let delivery = match api.claim_delivery(id, job.force).await {
        Ok(claimed) => claimed.delivery,
        Err(error) if error.status().is_some_and(|s| s.as_u16() == CONFLICT) => {
            tracing::info!(delivery.id = %id, "the delivery is not reprocessable; nothing to do");
            return Ok(());
        }
        Err(error) => return Err(api_failure("claiming the delivery", error)),
    };
    let last = retry::is_last_attempt(attempt, queues::VTEX_ORDERS_MAX_ATTEMPTS);
    let outcome =
        match tokio::time::timeout(WORK_TIMEOUT, process(ctx, &api, &delivery, job.force)).await {
            Ok(result) => result,
            Err(_) => Err(JobError::Transient(anyhow!(
                "fetching and ingesting the order took longer than {WORK_TIMEOUT:?}"
            ))),
        };
    match outcome {
        // The ingest named the delivery, and the api marked it `processed` in the ingest's own
        // transaction: a `processed` report would change nothing and cost a round trip and a
        // locked transaction per order (ADR 0078).
        Ok(Processed::Ingested(order_id)) => {
            tracing::debug!(delivery.id = %id, order.id = %order_id, "ingested; the delivery is processed");
            Ok(())
        }
        Ok(Processed::NotFound) => Ok(()),
        Err(error) => {
            let report = DeliveryResult {
                status: DeliveryOutcome::Failed,
                order_id: None,
                error: Some(failure_text(&error)),
                permanent: !error.is_transient() || last,
            };
            if let Err(report_error) = api.report_delivery(id, &report).await {
                tracing::warn!(delivery.id = %id, error = %report_error, "could not report the failed delivery");
            }
            Err(error)
        }
    }
}

/// Step 2–3 for a claimed delivery.
async fn process(
    ctx: &WorkerCtx,
    api: &InternalApi,
    delivery: &InternalDelivery,
    force: bool,
) -> Result<Processed, JobError> {
    let (source, document) = match &delivery.payload {
        Some(document) => (IngestSource::Push, document.clone()),
        None => {
            let source = if delivery.kind == DeliveryKind::FeedEvent {
                IngestSource::Feed
            } else {
                IngestSource::Hook
            };
            let vtex_order_id = delivery
                .vtex_order_id
                .as_deref()
                .filter(|id| !id.trim().is_empty())
                .ok_or_else(|| {
                    JobError::Permanent(anyhow!("the delivery names no order and carries none"))
                })?;
            match fetch(ctx, vtex_order_id).await? {
                Some(document) => (source, document),
                None => {
                    let report = OrderNotFound {
                        vtex_order_id: vtex_order_id.to_owned(),
                        source,
                        delivery_id: Some(delivery.id),
                        discrepancy_id: None,
                    };
                    report_not_found(api, &report).await?;
                    return Ok(Processed::NotFound);
                }
            }
        }
    };
    let order = normalize(ctx, &document)?;
    let request = IngestOrderRequest {
        source,
        delivery_id: Some(delivery.id),
        reconciliation_run_id: None,
        discrepancy_id: None,
        force,
        order,
    };
    Ok(Processed::Ingested(ingest(api, &request).await?.order_id))
}
