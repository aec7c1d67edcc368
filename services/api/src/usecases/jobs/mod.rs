//! Job-run bookkeeping of the schedules (`domain.md` §3.10, §5.18, `api.md` §21.6): the worker
//! opens a run per attempt and finishes it; `scheduled_jobs` mirrors the latest run of each job.

pub mod finish_run;
pub mod start_run;

use afiliados_db::AsyncPgConnection;
use afiliados_db::job_runs::JobRun;
use afiliados_db::scheduled_jobs::ScheduleChanges;

use crate::usecases::UseCaseError;

/// Longest stored failure text.
const MAX_ERROR_CHARS: usize = 1000;

/// `jobName`: lower snake case, at most 80 characters (the CHECK of both tables).
fn valid_job_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 80
        && chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Applies `changes` to the job's `scheduled_jobs` row when `run` is its latest run: a late
/// report about an older tick never overwrites what a newer run wrote.
async fn mirror_latest(
    tx: &mut AsyncPgConnection,
    run: &JobRun,
    changes: &ScheduleChanges<'_>,
) -> Result<(), UseCaseError> {
    let latest = afiliados_db::job_runs::latest_id(tx, run.tenant_id, &run.job_name).await?;
    if latest == Some(run.id) {
        afiliados_db::scheduled_jobs::upsert(tx, run.tenant_id, &run.job_name, changes).await?;
    }
    Ok(())
}
