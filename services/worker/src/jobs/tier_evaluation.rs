//! `EvaluateDueTiers { scheduledAt }` (`domain.md` §5.11, §5.18): records the run and calls
//! `POST /internal/v1/tiers/evaluate-due` with the Bogota date of the tick, so a retry later
//! still evaluates the campaigns due on the day it was scheduled for. The api evaluates each due
//! campaign at its own now and moves its next date; a repeated success finds nothing due.

use std::time::Duration;

use afiliados_api_types::tiers::EvaluateDueTiersRequest;
use afiliados_jobs::EvaluateDueTiers;

use super::coupons::api_failure;
use super::scheduled::{self, Attempted};
use crate::{JobError, WorkerCtx};

/// The run's `jobName`.
pub const JOB_NAME: &str = "tier_evaluation";
/// Bound on the api call (every due campaign, each reading its window's commissions).
const CALL_TIMEOUT: Duration = Duration::from_secs(120);

/// One attempt of an `EvaluateDueTiers` job.
pub async fn handle(
    job: EvaluateDueTiers,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let date = afiliados_domain::bogota_date(job.scheduled_at);
    let attempted = Attempted {
        name: JOB_NAME,
        scheduled_at: job.scheduled_at,
        schedule: ctx.schedules.tier_evaluation.as_ref(),
        attempt,
    };
    let request = EvaluateDueTiersRequest {
        scheduled_at: job.scheduled_at,
        date: Some(date),
    };
    scheduled::recorded(ctx, &api, attempted, || async {
        let answer = api
            .evaluate_due_tiers(&request, CALL_TIMEOUT)
            .await
            .map_err(|error| api_failure("evaluating the due tiers", error))?;
        let changed: i64 = answer.evaluations.iter().map(|e| e.changed).sum();
        tracing::info!(
            tiers.date = %date,
            tiers.campaigns = answer.evaluations.len(),
            tiers.changed = changed,
            "tier evaluation done"
        );
        Ok(serde_json::json!({
            "date": date,
            "campaigns": answer.evaluations.len(),
            "changed": changed,
        }))
    })
    .await
}
