//! `StartReconciliation { scheduledAt, type }` (`domain.md` §5.16.1, §5.18): records the run and
//! calls `POST /internal/v1/reconciliations`; the api derives the range from the tick (the
//! previous Bogota day, or the closed half-month) and enqueues `ReconcileVtexRange`. A 409
//! `reconciliation_in_progress` (a run of the same type is still running) is a 4xx, so it fails
//! the job for good and the job run records why, like settlement's lock.

use afiliados_api_types::reconciliation::StartScheduledReconciliation;
use afiliados_domain::{ReconciliationSource, ReconciliationType};
use afiliados_jobs::{ScheduledReconciliationType, StartReconciliation};

use super::coupons::api_failure;
use super::scheduled::{self, Attempted};
use crate::{JobError, WorkerCtx};

/// The `jobName` of a daily run's job runs.
pub const DAILY_JOB_NAME: &str = "reconciliation";
/// The `jobName` of a fortnightly run's job runs.
pub const FORTNIGHTLY_JOB_NAME: &str = "reconciliation_fortnightly";

/// The run type the api knows for a tick's type.
pub(crate) fn run_type(kind: ScheduledReconciliationType) -> ReconciliationType {
    match kind {
        ScheduledReconciliationType::Daily => ReconciliationType::Daily,
        ScheduledReconciliationType::Fortnightly => ReconciliationType::Fortnightly,
    }
}

/// One attempt of a `StartReconciliation` job.
pub async fn handle(
    job: StartReconciliation,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let (name, schedule) = match job.run_type {
        ScheduledReconciliationType::Daily => {
            (DAILY_JOB_NAME, ctx.schedules.reconciliation.as_ref())
        }
        ScheduledReconciliationType::Fortnightly => (
            FORTNIGHTLY_JOB_NAME,
            ctx.schedules.reconciliation_fortnightly.as_ref(),
        ),
    };
    let attempted = Attempted {
        name,
        scheduled_at: job.scheduled_at,
        schedule,
        attempt,
    };
    let request = StartScheduledReconciliation {
        run_type: run_type(job.run_type),
        business_date: None,
        range_from: None,
        range_to: None,
        source: ReconciliationSource::Scheduled,
        scheduled_at: job.scheduled_at,
    };
    scheduled::recorded(ctx, &api, attempted, || async {
        let started = api
            .start_reconciliation(&request)
            .await
            .map_err(|error| api_failure("starting the reconciliation", error))?;
        tracing::info!(
            reconciliation.run_id = %started.run_id,
            reconciliation.range_from = %started.range_from,
            reconciliation.range_to = %started.range_to,
            "reconciliation run started"
        );
        Ok(serde_json::json!({
            "reconciliationRunId": started.run_id,
            "rangeFrom": started.range_from,
            "rangeTo": started.range_to,
        }))
    })
    .await
}
