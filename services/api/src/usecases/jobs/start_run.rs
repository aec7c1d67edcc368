//! `POST /internal/v1/jobs/runs`: an attempt of a scheduled job starts. One run per
//! `(jobName, scheduledAt)`; a retried attempt (another `startedAt`) starts the same run again,
//! an identical repeat or a slot that already succeeded changes nothing.

use afiliados_api_types::internal_jobs::StartJobRun;
use afiliados_db::AsyncPgConnection;
use afiliados_db::job_runs::{JobRun, RunSlot};
use afiliados_db::scheduled_jobs::ScheduleChanges;
use afiliados_domain::FieldCode;

use crate::usecases::{UseCaseContext, UseCaseError};

/// Opens (or reopens) the run inside the caller's transaction and returns it.
#[tracing::instrument(skip_all, fields(job.name = %body.job_name, job.run_id = tracing::field::Empty))]
pub async fn start(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    body: &StartJobRun,
) -> Result<JobRun, UseCaseError> {
    let tenant_id = ctx.tenant_id;
    if !super::valid_job_name(&body.job_name) {
        return Err(UseCaseError::invalid("jobName", FieldCode::InvalidFormat));
    }
    if body
        .schedule
        .as_deref()
        .is_some_and(|schedule| schedule.chars().count() > 200)
    {
        return Err(UseCaseError::invalid("schedule", FieldCode::TooLong));
    }
    let slot = RunSlot {
        tenant_id,
        job_name: &body.job_name,
        scheduled_at: body.scheduled_at,
    };
    let (run, created) = afiliados_db::job_runs::ensure_locked(tx, slot, body.started_at).await?;
    let repeat = run.started_at == body.started_at;
    let run = if created || repeat || run.status == afiliados_domain::JobRunStatus::Succeeded {
        run
    } else {
        // A new attempt of the same tick (the previous one failed or never reported).
        afiliados_db::job_runs::restart(tx, run.id, body.started_at).await?
    };
    if run.status == afiliados_domain::JobRunStatus::Running {
        let changes = ScheduleChanges {
            status: Some("running"),
            schedule: body.schedule.as_deref(),
            next_run_at: body.next_run_at,
            ..ScheduleChanges::default()
        };
        super::mirror_latest(tx, &run, &changes).await?;
    }
    tracing::Span::current().record("job.run_id", tracing::field::display(run.id));
    Ok(run)
}
