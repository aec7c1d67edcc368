//! `ReconcileVtexRange { runId }` on `afiliados:reconciliation` (`api.md` §21.1, §21.5;
//! `domain.md` §5.16.2): read the run, list every VTEX order of its range ([`listing`]) streaming
//! chunks to the api, ask the api to compare, deep-check the documents it names ([`deep_check`])
//! and finish the run.
//!
//! A run never finishes with a page missing. A failure worth another attempt (VTEX or the api
//! away after the client's own retries, a page that stayed short) retries the whole job with
//! the worker's backoff: chunks are numbered from 1 again and a repeated number replaces the
//! earlier chunk, so the api sees one listing. A failure that cannot get better, or the last
//! attempt's, ends the run with `POST …/fail {error, pagesFetched}` (alert
//! `reconciliation_failed`). While the worker stops, the job goes back to the queue instead.

mod deep_check;
mod listing;

use std::time::Duration;

use afiliados_api_client::InternalApi;
use afiliados_api_types::reconciliation::{CompareRequest, FailReconciliation, VtexOrdersChunk};
use afiliados_domain::ReconciliationStatus;
use afiliados_jobs::{QueueTask as _, ReconcileVtexRange, ReconciliationTask, queues};
use anyhow::anyhow;
use apalis::prelude::TaskId;
use chrono::TimeDelta;
use uuid::Uuid;

use super::coupons::{api_failure, failure_text, report_with_retries};
use crate::{JobError, WorkerCtx, jobs::Consumer, retry};
use listing::{ChunkSink, Lister, ListingError};

/// Bound on one attempt: a day of 100 000 orders is 1 000 pages plus the deep check. The handler
/// checks for shutdown between pages and batches, so this bound does not hold a stopping worker.
pub const TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// Bound on the api's comparison and finish, which read the whole range on both sides.
const HEAVY_CALL_TIMEOUT: Duration = Duration::from_secs(180);

impl Consumer for ReconciliationTask {
    const WORKER: &'static str = "reconciliation";
    const TIMEOUT: Duration = TIMEOUT;

    fn span(&self, task_id: &TaskId, attempt: usize) -> tracing::Span {
        match self {
            ReconciliationTask::ReconcileVtexRange(job) => {
                tracing::info_span!("reconcile_vtex_range", job.queue = queues::RECONCILIATION, job.id = %task_id, job.attempt = attempt, reconciliation.run_id = %job.run_id)
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
            ReconciliationTask::ReconcileVtexRange(job) => {
                handle(job, ctx, attempt, request_id).await
            }
        }
    }
}

/// Chunks go to `POST /internal/v1/reconciliations/{id}/vtex-orders`.
struct ApiSink<'a> {
    api: &'a InternalApi,
    run_id: Uuid,
}

impl ChunkSink for ApiSink<'_> {
    async fn submit(&mut self, chunk: VtexOrdersChunk) -> Result<(), JobError> {
        report_with_retries("submitting VTEX orders", || {
            self.api.submit_vtex_orders(self.run_id, &chunk)
        })
        .await
    }
}

/// One attempt of a `ReconcileVtexRange` job.
pub async fn handle(
    job: ReconcileVtexRange,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let run = api
        .get_reconciliation(job.run_id)
        .await
        .map_err(|error| api_failure("reading the run", error))?;
    if run.status != ReconciliationStatus::Running {
        tracing::info!(reconciliation.status = %run.status, "the run is already over; nothing to do");
        return Ok(());
    }
    let mut pages_fetched = 0;
    let outcome = reconcile(ctx, &api, &run, &mut pages_fetched).await;
    let error = match outcome {
        Ok(()) => return Ok(()),
        Err(error) => error,
    };
    let last = retry::is_last_attempt(attempt, ReconciliationTask::MAX_ATTEMPTS);
    if ctx.is_shutting_down() || (error.is_transient() && !last) {
        return Err(error);
    }
    let report = FailReconciliation {
        error: failure_text(&error),
        pages_fetched,
    };
    tracing::error!(reconciliation.pages_fetched = pages_fetched, error = %report.error, "the run failed");
    let failed = api.fail_reconciliation(job.run_id, &report).await;
    if let Err(report_error) = failed {
        // The api's own staleness check and the dead set still surface the run.
        tracing::warn!(error = %report_error, "could not report the failed run");
    }
    Err(JobError::Permanent(match error {
        JobError::Transient(inner) | JobError::Permanent(inner) => inner,
    }))
}

/// List → compare → deep check → finish. `pages_fetched` follows the listing for a failure
/// report.
async fn reconcile(
    ctx: &WorkerCtx,
    api: &InternalApi,
    run: &afiliados_api_types::reconciliation::ReconciliationJobView,
    pages_fetched: &mut u32,
) -> Result<(), JobError> {
    // The run's range is [from, to); VTEX's filter is inclusive at both ends.
    let to = run.range_to - TimeDelta::milliseconds(1);
    let currency = ctx.vtex.config().default_currency.clone();
    let stopping = || ctx.is_shutting_down();
    let sink = ApiSink {
        api,
        run_id: run.id.into(),
    };
    let mut lister = Lister::new(&ctx.vtex, run.page_size, &currency, sink, &stopping);
    let listed = lister.list(run.range_from, to).await;
    *pages_fetched = lister.listed.pages_fetched;
    let listed = listed.map_err(listing_failure)?;
    tracing::info!(
        reconciliation.vtex_orders = listed.vtex_total,
        reconciliation.pages = listed.pages_fetched,
        reconciliation.chunks = listed.chunks,
        "VTEX range listed"
    );

    let run_id: Uuid = run.id.into();
    let compared = api
        .compare_reconciliation(
            run_id,
            &CompareRequest {
                vtex_total: listed.vtex_total,
                pages_fetched: listed.pages_fetched,
            },
            HEAVY_CALL_TIMEOUT,
        )
        .await
        .map_err(|error| api_failure("comparing", error))?;
    let (checked, not_found) =
        deep_check::run(ctx, api, run_id, &compared.deep_check_order_ids).await?;
    let finished = api
        .finish_reconciliation(run_id, HEAVY_CALL_TIMEOUT)
        .await
        .map_err(|error| api_failure("finishing the run", error))?;
    tracing::info!(
        reconciliation.status = %finished.status,
        reconciliation.deep_checked = checked,
        reconciliation.not_found = not_found,
        reconciliation.discrepancies = finished.discrepancies_found,
        reconciliation.auto_resolved = finished.auto_resolved_count,
        "reconciliation run finished"
    );
    Ok(())
}

fn listing_failure(error: ListingError) -> JobError {
    match error {
        ListingError::Sink(error) => error,
        other if other.is_transient() => JobError::Transient(anyhow!(other)),
        other => JobError::Permanent(anyhow!(other)),
    }
}
