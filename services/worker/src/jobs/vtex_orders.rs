//! The `afiliados:vtex_orders` queue (`api.md` §21.1): `IngestVtexOrder` (one webhook delivery)
//! and `FetchVtexOrder` (one order by id, for a staff refetch or reconciliation) share it.
//!
//! Also what both jobs share: fetching the OMS document (`vtex.md` §4.1; 404 is an answer, not a
//! failure), normalising it (a document that cannot be normalised is permanent: fetching it again
//! gives the same bytes) and posting it to `POST /internal/v1/orders/ingest`.

use std::time::Duration;

use afiliados_api_client::InternalApi;
use afiliados_api_types::internal_deliveries::OrderNotFound;
use afiliados_api_types::orders::{IngestOrderRequest, IngestOrderResponse, NormalizedOrder};
use afiliados_jobs::{VtexOrdersTask, queues};
use afiliados_vtex::VtexError;
use anyhow::anyhow;
use apalis::prelude::TaskId;
use serde_json::Value;

use super::coupons::{api_failure, report_with_retries, vtex_failure};
use crate::{
    JobError, WorkerCtx,
    jobs::{Consumer, fetch_vtex_order, ingest_vtex_order},
};

/// Bound on one attempt: the api's reads and reports plus one OMS read of at most
/// `1 + VTEX_MAX_RETRIES` tries of `VTEX_TIMEOUT_MS` each with their backoff.
pub const TIMEOUT: Duration = Duration::from_secs(90);
/// Bound on fetch + normalise + ingest inside an attempt, so a slow VTEX or api still leaves
/// time to report the failure.
pub(crate) const WORK_TIMEOUT: Duration = Duration::from_secs(60);

impl Consumer for VtexOrdersTask {
    const WORKER: &'static str = "vtex_orders";
    const TIMEOUT: Duration = TIMEOUT;

    fn span(&self, task_id: &TaskId, attempt: usize) -> tracing::Span {
        match self {
            VtexOrdersTask::IngestVtexOrder(job) => {
                tracing::info_span!("ingest_vtex_order", job.queue = queues::VTEX_ORDERS, job.id = %task_id, job.attempt = attempt, delivery.id = %job.delivery_id, job.force = job.force)
            }
            VtexOrdersTask::FetchVtexOrder(job) => {
                tracing::info_span!("fetch_vtex_order", job.queue = queues::VTEX_ORDERS, job.id = %task_id, job.attempt = attempt, vtex.order_id = %job.vtex_order_id, job.force = job.force)
            }
        }
    }

    async fn handle(
        self,
        ctx: &WorkerCtx,
        attempt: usize,
        request_id: String,
    ) -> Result<(), JobError> {
        match self {
            VtexOrdersTask::IngestVtexOrder(job) => {
                ingest_vtex_order::handle(job, ctx, attempt, request_id).await
            }
            VtexOrdersTask::FetchVtexOrder(job) => {
                fetch_vtex_order::handle(job, ctx, attempt, request_id).await
            }
        }
    }
}

/// `GET /api/oms/pvt/orders/{id}`: the document, or `None` when VTEX answered 404.
pub(crate) async fn fetch(ctx: &WorkerCtx, vtex_order_id: &str) -> Result<Option<Value>, JobError> {
    match ctx.vtex.get_order(vtex_order_id).await {
        Ok(document) => Ok(Some(document)),
        Err(VtexError::NotFound) => Ok(None),
        Err(error) => Err(vtex_failure("order read", error)),
    }
}

/// The document as the api's `NormalizedOrder`; a document that cannot be normalised is a
/// permanent failure.
pub(crate) fn normalize(ctx: &WorkerCtx, document: &Value) -> Result<NormalizedOrder, JobError> {
    afiliados_vtex::normalize(document, &ctx.vtex.config().default_currency)
        .map_err(|error| JobError::Permanent(anyhow!(error)))
}

/// `POST /internal/v1/orders/ingest`, logging what it did (no customer data).
pub(crate) async fn ingest(
    api: &InternalApi,
    request: &IngestOrderRequest,
) -> Result<IngestOrderResponse, JobError> {
    let response = api
        .ingest_order(request)
        .await
        .map_err(|error| api_failure("ingesting the order", error))?;
    tracing::info!(
        order.id = %response.order_id,
        vtex.order_id = %request.order.vtex_order_id,
        ingest.source = request.source.as_str(),
        ingest.outcome = ?response.outcome,
        order.status = %response.status,
        order.attributed = response.attributed,
        order.warnings = ?response.warnings,
        "order ingested"
    );
    Ok(response)
}

/// `POST /internal/v1/orders/not-found`, retried briefly: VTEX's 404 is the job's answer.
pub(crate) async fn report_not_found(
    api: &InternalApi,
    report: &OrderNotFound,
) -> Result<(), JobError> {
    tracing::warn!(vtex.order_id = %report.vtex_order_id, "VTEX does not know the order");
    report_with_retries("reporting the order not found", || {
        api.report_order_not_found(report)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attempt_leaves_room_for_the_report() {
        assert!(WORK_TIMEOUT + Duration::from_secs(20) <= TIMEOUT);
    }
}
