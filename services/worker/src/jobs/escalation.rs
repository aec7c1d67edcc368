//! `EscalateDiscrepancies { scheduledAt }` (`domain.md` §5.16, §5.18: daily at 09:00 Bogota):
//! records the run and calls `POST /internal/v1/discrepancies/escalate {now}` with the tick, so
//! a retry measures the discrepancies' age at the same instant.

use afiliados_api_client::EscalateDiscrepancies as EscalateRequest;
use afiliados_jobs::EscalateDiscrepancies;

use super::coupons::api_failure;
use super::scheduled::{self, Attempted};
use crate::{JobError, WorkerCtx};

/// The run's `jobName`.
pub const JOB_NAME: &str = "discrepancy_escalation";

/// One attempt of an `EscalateDiscrepancies` job.
pub async fn handle(
    job: EscalateDiscrepancies,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let attempted = Attempted {
        name: JOB_NAME,
        scheduled_at: job.scheduled_at,
        schedule: ctx.schedules.escalation.as_ref(),
        attempt,
    };
    let request = EscalateRequest {
        now: job.scheduled_at,
    };
    scheduled::recorded(ctx, &api, attempted, || async {
        let report = api
            .escalate_discrepancies(&request)
            .await
            .map_err(|error| api_failure("escalating discrepancies", error))?;
        tracing::info!(
            reconciliation.escalated = report.escalated,
            "discrepancies escalated"
        );
        Ok(serde_json::json!({ "escalated": report.escalated }))
    })
    .await
}
