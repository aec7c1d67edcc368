//! `job_runs`: one row per schedule slot (job name and the tick it was enqueued for), reported by
//! the worker through `/internal/v1/jobs/runs` (`domain.md` §3.10, §5.18).

use afiliados_domain::JobRunStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::job_runs;

/// A run row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_runs, check_for_backend(diesel::pg::Pg))]
pub struct JobRun {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Schedule name (`daily_maintenance`).
    pub job_name: String,
    /// The tick the job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
    /// When the latest attempt started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// `running|succeeded|failed`.
    pub status: JobRunStatus,
    /// Duration of the latest attempt.
    pub duration_ms: Option<i32>,
    /// Failure text.
    pub error: Option<String>,
    /// What the run did (counts), as the worker reported it.
    pub details: serde_json::Value,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// The slot a run belongs to.
#[derive(Debug, Clone, Copy)]
pub struct RunSlot<'a> {
    /// Tenant.
    pub tenant_id: Uuid,
    /// Schedule name.
    pub job_name: &'a str,
    /// The tick.
    pub scheduled_at: DateTime<Utc>,
}

/// The run of `slot`, created `running` at `started_at` when missing, and locked either way.
/// Returns the row and whether this call created it.
pub async fn ensure_locked(
    conn: &mut AsyncPgConnection,
    slot: RunSlot<'_>,
    started_at: DateTime<Utc>,
) -> crate::Result<(JobRun, bool)> {
    let inserted = diesel::insert_into(job_runs::table)
        .values((
            job_runs::id.eq(crate::new_id()),
            job_runs::tenant_id.eq(slot.tenant_id),
            job_runs::job_name.eq(slot.job_name),
            job_runs::scheduled_at.eq(slot.scheduled_at),
            job_runs::started_at.eq(started_at),
        ))
        .on_conflict((
            job_runs::tenant_id,
            job_runs::job_name,
            job_runs::scheduled_at,
        ))
        .do_nothing()
        .execute(conn)
        .await?;
    let run = job_runs::table
        .filter(job_runs::tenant_id.eq(slot.tenant_id))
        .filter(job_runs::job_name.eq(slot.job_name))
        .filter(job_runs::scheduled_at.eq(slot.scheduled_at))
        .select(JobRun::as_select())
        .for_update()
        .first(conn)
        .await?;
    Ok((run, inserted > 0))
}

/// A new attempt of an existing run: `running` again from `started_at`, the previous outcome
/// cleared.
pub async fn restart(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    started_at: DateTime<Utc>,
) -> crate::Result<JobRun> {
    diesel::update(job_runs::table.find(id))
        .set((
            job_runs::status.eq("running"),
            job_runs::started_at.eq(started_at),
            job_runs::finished_at.eq(None::<DateTime<Utc>>),
            job_runs::duration_ms.eq(None::<i32>),
            job_runs::error.eq(None::<String>),
            job_runs::updated_at.eq(diesel::dsl::now),
        ))
        .returning(JobRun::as_returning())
        .get_result(conn)
        .await
}

/// A run of the tenant, locked for the transaction.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<JobRun>> {
    job_runs::table
        .filter(job_runs::tenant_id.eq(tenant_id))
        .filter(job_runs::id.eq(id))
        .select(JobRun::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// How a run ended.
#[derive(Debug, Clone)]
pub struct RunOutcome<'a> {
    /// `succeeded|failed`.
    pub status: &'a str,
    /// When.
    pub finished_at: DateTime<Utc>,
    /// How long the attempt took.
    pub duration_ms: i32,
    /// Failure text (`None` on success).
    pub error: Option<&'a str>,
    /// What the run did.
    pub details: &'a serde_json::Value,
}

/// Stores the outcome of a run.
pub async fn finish(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    outcome: &RunOutcome<'_>,
) -> crate::Result<JobRun> {
    diesel::update(job_runs::table.find(id))
        .set((
            job_runs::status.eq(outcome.status),
            job_runs::finished_at.eq(outcome.finished_at),
            job_runs::duration_ms.eq(outcome.duration_ms),
            job_runs::error.eq(outcome.error),
            job_runs::details.eq(outcome.details),
            job_runs::updated_at.eq(diesel::dsl::now),
        ))
        .returning(JobRun::as_returning())
        .get_result(conn)
        .await
}

/// The id of the job's most recently started run (the one `scheduled_jobs` describes).
pub async fn latest_id(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    job_name: &str,
) -> crate::Result<Option<Uuid>> {
    job_runs::table
        .filter(job_runs::tenant_id.eq(tenant_id))
        .filter(job_runs::job_name.eq(job_name))
        .order((job_runs::started_at.desc(), job_runs::id.desc()))
        .select(job_runs::id)
        .first(conn)
        .await
        .optional()
}

/// The job's runs, newest slot first (tests and, later, the jobs dashboard).
pub async fn of_job(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    job_name: &str,
) -> crate::Result<Vec<JobRun>> {
    job_runs::table
        .filter(job_runs::tenant_id.eq(tenant_id))
        .filter(job_runs::job_name.eq(job_name))
        .order(job_runs::scheduled_at.desc())
        .select(JobRun::as_select())
        .load(conn)
        .await
}
