//! `scheduled_jobs`: one row per schedule and tenant with the latest run's outcome
//! (`domain.md` §3.10). Created on the first reported run.

use afiliados_domain::ScheduledJobStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::scheduled_jobs;

/// A schedule row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = scheduled_jobs, check_for_backend(diesel::pg::Pg))]
pub struct ScheduledJob {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Schedule name (`daily_maintenance`).
    pub name: String,
    /// Six-field cron in America/Bogota, as the worker last reported it.
    pub schedule: Option<String>,
    /// `idle|running|failed|disabled`.
    pub status: ScheduledJobStatus,
    /// When the latest run started.
    pub last_run_at: Option<DateTime<Utc>>,
    /// How long it took.
    pub last_duration_ms: Option<i32>,
    /// Its failure text.
    pub last_error: Option<String>,
    /// The next tick, as the worker computed it.
    pub next_run_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// What a run start or finish changes; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = scheduled_jobs)]
pub struct ScheduleChanges<'a> {
    /// New status.
    pub status: Option<&'a str>,
    /// The cron expression.
    pub schedule: Option<&'a str>,
    /// The next tick.
    pub next_run_at: Option<DateTime<Utc>>,
    /// Start of the latest run.
    pub last_run_at: Option<DateTime<Utc>>,
    /// Its duration.
    pub last_duration_ms: Option<i32>,
    /// Its failure (`Some(None)` clears it).
    pub last_error: Option<Option<&'a str>>,
}

/// Creates the row of `name` when missing (status `idle`), then applies `changes`.
pub async fn upsert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    name: &str,
    changes: &ScheduleChanges<'_>,
) -> crate::Result<ScheduledJob> {
    diesel::insert_into(scheduled_jobs::table)
        .values((
            scheduled_jobs::id.eq(crate::new_id()),
            scheduled_jobs::tenant_id.eq(tenant_id),
            scheduled_jobs::name.eq(name),
        ))
        .on_conflict((scheduled_jobs::tenant_id, scheduled_jobs::name))
        .do_nothing()
        .execute(conn)
        .await?;
    diesel::update(
        scheduled_jobs::table
            .filter(scheduled_jobs::tenant_id.eq(tenant_id))
            .filter(scheduled_jobs::name.eq(name)),
    )
    .set((changes, scheduled_jobs::updated_at.eq(diesel::dsl::now)))
    .returning(ScheduledJob::as_returning())
    .get_result(conn)
    .await
}

/// The row of `name`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    name: &str,
) -> crate::Result<Option<ScheduledJob>> {
    scheduled_jobs::table
        .filter(scheduled_jobs::tenant_id.eq(tenant_id))
        .filter(scheduled_jobs::name.eq(name))
        .select(ScheduledJob::as_select())
        .first(conn)
        .await
        .optional()
}
