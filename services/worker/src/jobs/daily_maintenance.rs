//! `RunDailyMaintenance { scheduledAt }` (`domain.md` §5.18): records the run and calls
//! `POST /internal/v1/maintenance/daily` with the Bogota date of the tick, so a retry the next
//! morning still maintains the day it was scheduled for. The api does the work (campaigns past
//! their end date end, codes are recomputed, ARCO reminders, expired tokens) idempotently.

use std::time::Duration;

use afiliados_api_types::internal_jobs::DailyMaintenanceRequest;
use afiliados_jobs::RunDailyMaintenance;

use super::coupons::api_failure;
use super::scheduled::{self, Attempted};
use crate::{JobError, WorkerCtx};

/// The run's `jobName`.
pub const JOB_NAME: &str = "daily_maintenance";
/// Bound on the api call (it walks every code of the tenant in batches).
const CALL_TIMEOUT: Duration = Duration::from_secs(120);

/// One attempt of a `RunDailyMaintenance` job.
pub async fn handle(
    job: RunDailyMaintenance,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let date = afiliados_domain::bogota_date(job.scheduled_at);
    let attempted = Attempted {
        name: JOB_NAME,
        scheduled_at: job.scheduled_at,
        schedule: ctx.schedules.daily_maintenance.as_ref(),
        attempt,
    };
    scheduled::recorded(ctx, &api, attempted, || async {
        let report = api
            .run_daily_maintenance(&DailyMaintenanceRequest { date }, CALL_TIMEOUT)
            .await
            .map_err(|error| api_failure("running the daily maintenance", error))?;
        tracing::info!(
            maintenance.date = %date,
            codes.recomputed = report.codes_recomputed,
            coupon_syncs = report.coupon_syncs_enqueued,
            campaigns.ended = report.campaigns_ended,
            arco.reminders = report.arco_reminders,
            tokens.deleted = report.tokens_deleted,
            "daily maintenance done"
        );
        let mut details = serde_json::to_value(report)
            .map_err(|error| JobError::Permanent(anyhow::anyhow!(error)))?;
        if let Some(object) = details.as_object_mut() {
            object.insert("date".into(), serde_json::json!(date));
        }
        Ok(details)
    })
    .await
}
