//! `FetchVtexOrder { vtexOrderId, source, reconciliationRunId?, discrepancyId?, force }`
//! (`api.md` §21.1): fetch the order from the OMS, normalise it and ingest it with source
//! `refetch` or `reconciliation`; VTEX 404 → `POST /internal/v1/orders/not-found` (the
//! discrepancy returns to `open`). Transient failures retry with the worker's backoff; there is no
//! delivery to report on, so permanent ones end in the dead set (which raises `job_failed`).

use afiliados_api_types::internal_deliveries::OrderNotFound;
use afiliados_api_types::orders::{IngestOrderRequest, IngestSource};
use afiliados_jobs::{FetchSource, FetchVtexOrder};
use anyhow::anyhow;

use super::coupons::refuse_while_stopping;
use super::vtex_orders::{WORK_TIMEOUT, fetch, ingest, normalize, report_not_found};
use crate::{JobError, WorkerCtx};

/// The ingest source of a fetch.
pub(crate) fn source(source: FetchSource) -> IngestSource {
    match source {
        FetchSource::Refetch => IngestSource::Refetch,
        FetchSource::Reconciliation => IngestSource::Reconciliation,
    }
}

/// One attempt of a `FetchVtexOrder` job.
pub async fn handle(
    job: FetchVtexOrder,
    ctx: &WorkerCtx,
    _attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    refuse_while_stopping(ctx)?;
    let api = ctx.api.with_request_id(request_id);
    let source = source(job.source);
    let work = async {
        match fetch(ctx, &job.vtex_order_id).await? {
            None => {
                let report = OrderNotFound {
                    vtex_order_id: job.vtex_order_id.clone(),
                    source,
                    delivery_id: None,
                    discrepancy_id: job.discrepancy_id,
                };
                report_not_found(&api, &report).await
            }
            Some(document) => {
                let request = IngestOrderRequest {
                    source,
                    delivery_id: None,
                    reconciliation_run_id: job.reconciliation_run_id,
                    discrepancy_id: job.discrepancy_id,
                    force: job.force,
                    order: normalize(ctx, &document)?,
                };
                ingest(&api, &request).await.map(drop)
            }
        }
    };
    match tokio::time::timeout(WORK_TIMEOUT, work).await {
        Ok(result) => result,
        Err(_) => Err(JobError::Transient(anyhow!(
            "fetching and ingesting the order took longer than {WORK_TIMEOUT:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_sources_map_to_ingest_sources() {
        assert_eq!(source(FetchSource::Refetch), IngestSource::Refetch);
        assert_eq!(
            source(FetchSource::Reconciliation),
            IngestSource::Reconciliation
        );
    }
}
