//! `job_outbox`: jobs written in the same transaction as the change that justifies them, pushed to
//! Redis by the api's relay after commit. Nothing is lost when Redis is down.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::job_outbox;

/// A pending job row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_outbox, check_for_backend(diesel::pg::Pg))]
pub struct JobOutboxRow {
    /// Id.
    pub id: Uuid,
    /// Payload name (`SendEmail`).
    pub job_type: String,
    /// Payload.
    pub payload: serde_json::Value,
    /// When pushed.
    pub dispatched_at: Option<DateTime<Utc>>,
    /// Failed pushes.
    pub attempts: i32,
    /// Last push error.
    pub last_error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Adds a job.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    job_type: &str,
    payload: &serde_json::Value,
) -> crate::Result<Uuid> {
    diesel::insert_into(job_outbox::table)
        .values((
            job_outbox::id.eq(crate::new_id()),
            job_outbox::job_type.eq(job_type),
            job_outbox::payload.eq(payload),
        ))
        .returning(job_outbox::id)
        .get_result(conn)
        .await
}

/// Adds many jobs of one type with one `INSERT … SELECT unnest(…)`; returns their ids in the order
/// of `payloads`.
pub async fn insert_many(
    conn: &mut AsyncPgConnection,
    job_type: &str,
    payloads: &[serde_json::Value],
) -> crate::Result<Vec<Uuid>> {
    use diesel::sql_types::{Array, Jsonb, Text, Uuid as SqlUuid};
    if payloads.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = payloads.iter().map(|_| crate::new_id()).collect();
    diesel::sql_query(
        "INSERT INTO job_outbox (id, job_type, payload) \
         SELECT t.id, $1, t.payload FROM unnest($2::uuid[], $3::jsonb[]) AS t(id, payload)",
    )
    .bind::<Text, _>(job_type)
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Array<Jsonb>, _>(payloads)
    .prepared()
    .execute(conn)
    .await?;
    Ok(ids)
}

/// Claims up to `limit` undispatched rows, oldest first, skipping rows another replica holds.
pub async fn claim_pending(
    conn: &mut AsyncPgConnection,
    limit: i64,
) -> crate::Result<Vec<JobOutboxRow>> {
    job_outbox::table
        .filter(job_outbox::dispatched_at.is_null())
        .order(job_outbox::created_at.asc())
        .limit(limit)
        .for_update()
        .skip_locked()
        .select(JobOutboxRow::as_select())
        .load(conn)
        .await
}

/// Marks rows dispatched, in one statement.
pub async fn mark_dispatched(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> crate::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(job_outbox::table.filter(job_outbox::id.eq_any(ids)))
        .set((
            job_outbox::dispatched_at.eq(diesel::dsl::now),
            job_outbox::updated_at.eq(diesel::dsl::now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records a failed push; the row stays pending.
pub async fn record_push_failure(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    error: &str,
) -> crate::Result<()> {
    diesel::update(job_outbox::table.find(id))
        .set((
            job_outbox::attempts.eq(job_outbox::attempts + 1),
            job_outbox::last_error.eq(error),
            job_outbox::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Undispatched rows (backlog gauge).
pub async fn backlog(conn: &mut AsyncPgConnection) -> crate::Result<i64> {
    job_outbox::table
        .filter(job_outbox::dispatched_at.is_null())
        .count()
        .get_result(conn)
        .await
}
