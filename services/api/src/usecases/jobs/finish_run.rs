//! `PATCH /internal/v1/jobs/runs/{id}`: the attempt's outcome, mirrored into
//! `scheduled_jobs.last_*` (`idle` after a success, `failed` after a failure).

use afiliados_api_types::ErrorCode;
use afiliados_api_types::internal_jobs::{FinishJobRun, JobRunStatus};
use afiliados_db::AsyncPgConnection;
use afiliados_db::job_runs::RunOutcome;
use afiliados_db::scheduled_jobs::ScheduleChanges;
use afiliados_domain::FieldCode;
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// Stores the outcome inside the caller's transaction. A repeat of the stored outcome changes
/// nothing; a finished run reported with the other status is 409 `invalid_transition`.
#[tracing::instrument(skip_all, fields(job.run_id = %id))]
pub async fn finish(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    body: &FinishJobRun,
) -> Result<(), UseCaseError> {
    let duration_ms = i32::try_from(body.duration_ms)
        .map_err(|_| UseCaseError::invalid("durationMs", FieldCode::OutOfRange))?;
    if duration_ms < 0 {
        return Err(UseCaseError::invalid("durationMs", FieldCode::OutOfRange));
    }
    if body
        .details
        .as_ref()
        .is_some_and(|details| !details.is_object())
    {
        return Err(UseCaseError::invalid("details", FieldCode::InvalidType));
    }
    let run = afiliados_db::job_runs::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let (to, schedule_status) = match body.status {
        JobRunStatus::Succeeded => ("succeeded", "idle"),
        JobRunStatus::Failed => ("failed", "failed"),
    };
    if run.status.as_str() == to {
        return Ok(());
    }
    if run.status != afiliados_domain::JobRunStatus::Running {
        return Err(UseCaseError::conflict_with(
            ErrorCode::InvalidTransition,
            serde_json::json!({ "from": run.status, "to": to }),
        ));
    }
    let error: Option<String> = match body.status {
        JobRunStatus::Succeeded => None,
        JobRunStatus::Failed => Some(
            body.error
                .as_deref()
                .unwrap_or("unknown error")
                .chars()
                .take(super::MAX_ERROR_CHARS)
                .collect(),
        ),
    };
    let empty = serde_json::json!({});
    let outcome = RunOutcome {
        status: to,
        finished_at: body.finished_at,
        duration_ms,
        error: error.as_deref(),
        details: body.details.as_ref().unwrap_or(&empty),
    };
    let run = afiliados_db::job_runs::finish(tx, run.id, &outcome).await?;
    let changes = ScheduleChanges {
        status: Some(schedule_status),
        last_run_at: Some(run.started_at),
        last_duration_ms: Some(duration_ms),
        last_error: Some(error.as_deref()),
        ..ScheduleChanges::default()
    };
    super::mirror_latest(tx, &run, &changes).await
}
