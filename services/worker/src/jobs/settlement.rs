//! `RunSettlement { scheduledAt }` (`domain.md` §5.12, §5.18): records the run and calls
//! `POST /internal/v1/settlements/run`. The api settles at its own "now" (the spec's default
//! evaluation instant) in one transaction; a retry after a failure confirms what is due then,
//! and a repeated success confirms nothing twice. A 409 `settlement_in_progress` (a manual run
//! holds the lock) is a 4xx, so it fails the job for good: the next tick settles.

use std::time::Duration;

use afiliados_api_types::settlements::ScheduledSettlementRequest;
use afiliados_jobs::RunSettlement;

use super::coupons::api_failure;
use super::scheduled::{self, Attempted};
use crate::{JobError, WorkerCtx};

/// The run's `jobName`.
pub const JOB_NAME: &str = "settlement";
/// Bound on the api call (a run over every due commission; the spec's bound is 30 s for one
/// million commissions, with room for a busy database).
const CALL_TIMEOUT: Duration = Duration::from_secs(120);

/// One attempt of a `RunSettlement` job.
pub async fn handle(
    job: RunSettlement,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let attempted = Attempted {
        name: JOB_NAME,
        scheduled_at: job.scheduled_at,
        schedule: ctx.schedules.settlement.as_ref(),
        attempt,
    };
    let request = ScheduledSettlementRequest {
        scheduled_at: job.scheduled_at,
        waiting_period_days: None,
        evaluation_date: None,
        dry_run: false,
    };
    scheduled::recorded(ctx, &api, attempted, || async {
        let run = api
            .run_settlement(&request, CALL_TIMEOUT)
            .await
            .map_err(|error| api_failure("running settlement", error))?;
        tracing::info!(
            settlement.run_id = %run.id,
            settlement.confirmed = run.totals.confirmed.count,
            settlement.reverted = run.totals.reverted.count,
            settlement.pending = run.totals.pending.count,
            "settlement done"
        );
        Ok(serde_json::json!({
            "settlementRunId": run.id,
            "evaluationAt": run.evaluation_at,
            "totals": run.totals,
        }))
    })
    .await
}
