//! `PurgeData { scheduledAt }` (`DATA_RETENTION_CRON`, 04:00 Bogota; ADR 0058): records the run
//! and calls `POST /internal/v1/retention/run {now}` with the tick, so a retry counts the
//! retention windows back from the same instant.

use std::time::Duration;

use afiliados_api_types::alerts::RetentionRunRequest;
use afiliados_jobs::PurgeData;

use super::coupons::api_failure;
use super::scheduled::{self, Attempted};
use crate::{JobError, WorkerCtx};

/// The run's `jobName`.
pub const JOB_NAME: &str = "data_retention";

/// Bound on the api call: deleting stored objects takes a while; kept under the attempt's own
/// bound ([`scheduled::TIMEOUT`]) so the run is still reported.
const CALL_TIMEOUT: Duration = Duration::from_secs(120);

/// One attempt of a `PurgeData` job.
pub async fn handle(
    job: PurgeData,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let attempted = Attempted {
        name: JOB_NAME,
        scheduled_at: job.scheduled_at,
        schedule: ctx.schedules.data_retention.as_ref(),
        attempt,
    };
    let request = RetentionRunRequest {
        now: job.scheduled_at,
    };
    scheduled::recorded(ctx, &api, attempted, || async {
        let purged = api
            .run_retention(&request, CALL_TIMEOUT)
            .await
            .map_err(|error| api_failure("running data retention", error))?;
        tracing::info!(
            retention.payloads_purged = purged.payloads_purged,
            retention.documents_purged = purged.documents_purged,
            "data retention ran"
        );
        Ok(serde_json::json!({
            "payloadsPurged": purged.payloads_purged,
            "documentsPurged": purged.documents_purged,
        }))
    })
    .await
}
