//! The facts the operational checks read (`domain.md` §5.17, ADR 0058): each query answers one
//! condition for an instant `now` the caller passes (never the database clock, so tests move
//! time), and the retention purges of §5.18.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(diesel::QueryableByName)]
struct CountOldest {
    #[diesel(sql_type = BigInt)]
    count: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    oldest: Option<DateTime<Utc>>,
}

/// How many rows match, and the oldest instant among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    /// Rows.
    pub count: i64,
    /// The oldest one's instant.
    pub oldest: Option<DateTime<Utc>>,
}

async fn backlog(
    conn: &mut AsyncPgConnection,
    sql: &str,
    tenant_id: Option<Uuid>,
    before: DateTime<Utc>,
) -> crate::Result<Backlog> {
    let row: CountOldest = match tenant_id {
        Some(tenant) => {
            diesel::sql_query(sql)
                .bind::<Timestamptz, _>(before)
                .bind::<SqlUuid, _>(tenant)
                .get_result(conn)
                .await?
        }
        None => {
            diesel::sql_query(sql)
                .bind::<Timestamptz, _>(before)
                .get_result(conn)
                .await?
        }
    };
    Ok(Backlog {
        count: row.count,
        oldest: row.oldest,
    })
}

/// `job_outbox` rows not dispatched and created before `before` (the relay is stuck).
pub async fn undispatched_jobs(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
) -> crate::Result<Backlog> {
    backlog(
        conn,
        "SELECT count(*) AS count, min(created_at) AS oldest FROM job_outbox \
         WHERE dispatched_at IS NULL AND created_at < $1",
        None,
        before,
    )
    .await
}

/// `email_outbox` rows of the tenant still undelivered and created before `before`
/// (cancelled ones are not waiting for anything).
pub async fn undelivered_emails(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    before: DateTime<Utc>,
) -> crate::Result<Backlog> {
    backlog(
        conn,
        "SELECT count(*) AS count, min(created_at) AS oldest FROM email_outbox \
         WHERE NOT delivered AND status <> 'cancelled' AND created_at < $1 AND tenant_id = $2",
        Some(tenant_id),
        before,
    )
    .await
}

/// Deliveries of the tenant rejected for authentication since `since`.
pub async fn auth_rejections_since(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    since: DateTime<Utc>,
) -> crate::Result<i64> {
    let row: CountOldest = diesel::sql_query(
        "SELECT count(*) AS count, min(received_at) AS oldest FROM webhook_delivery_log \
         WHERE verification = 'failed' AND received_at >= $1 AND tenant_id = $2",
    )
    .bind::<Timestamptz, _>(since)
    .bind::<SqlUuid, _>(tenant_id)
    .get_result(conn)
    .await?;
    Ok(row.count)
}

#[derive(diesel::QueryableByName)]
struct Named {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Timestamptz)]
    next_run_at: DateTime<Utc>,
}

/// Scheduled jobs of the tenant whose next slot passed before `before` without a run starting
/// (a running job is not late; a disabled one never runs).
pub async fn missed_schedules(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    before: DateTime<Utc>,
) -> crate::Result<Vec<(String, DateTime<Utc>)>> {
    let rows: Vec<Named> = diesel::sql_query(
        "SELECT name, next_run_at FROM scheduled_jobs \
         WHERE next_run_at < $1 AND status NOT IN ('running', 'disabled') AND tenant_id = $2 \
         ORDER BY name",
    )
    .bind::<Timestamptz, _>(before)
    .bind::<SqlUuid, _>(tenant_id)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.name, r.next_run_at)).collect())
}

#[derive(diesel::QueryableByName)]
struct Capacity {
    #[diesel(sql_type = BigInt)]
    coupons: i64,
    #[diesel(sql_type = BigInt)]
    promotions: i64,
}

/// Coupons live in VTEX (a VTEX coupon not archived) and platform promotions created there.
pub async fn vtex_capacity(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<(i64, i64)> {
    let row: Capacity = diesel::sql_query(
        "SELECT \
           (SELECT count(*) FROM discount_codes d \
             WHERE d.tenant_id = $1 AND d.vtex_coupon_id IS NOT NULL \
               AND d.vtex_archived IS NOT TRUE) AS coupons, \
           (SELECT count(*) FROM campaign_promotions p JOIN campaigns c ON c.id = p.campaign_id \
             WHERE c.tenant_id = $1 AND p.vtex_promotion_id IS NOT NULL \
               AND c.status IN ('active', 'paused')) AS promotions",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .get_result(conn)
    .await?;
    Ok((row.coupons, row.promotions))
}

/// Purges the sealed order documents of deliveries received before `before`; returns how many.
pub async fn purge_delivery_payloads(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    diesel::sql_query(
        "UPDATE webhook_delivery_log SET payload_ciphertext = NULL, payload_purged_at = $3, \
         updated_at = $3 \
         WHERE tenant_id = $1 AND received_at < $2 AND kind = 'order_document' \
           AND payload_ciphertext IS NOT NULL AND payload_purged_at IS NULL",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(before)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await
}

#[derive(diesel::QueryableByName)]
struct Stored {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    storage_key: String,
}

/// Up to `limit` documents of the tenant soft-deleted before `before` whose objects are still
/// stored: `(id, storage_key)`.
pub async fn deleted_documents(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    before: DateTime<Utc>,
    limit: i64,
) -> crate::Result<Vec<(Uuid, String)>> {
    let rows: Vec<Stored> = diesel::sql_query(
        "SELECT id, storage_key FROM documents \
         WHERE tenant_id = $1 AND deleted_at < $2 AND purged_at IS NULL \
         ORDER BY deleted_at, id LIMIT $3",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(before)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.storage_key)).collect())
}

/// Marks a document's object purged at `now` (it stays deleted).
pub async fn mark_document_purged(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    diesel::sql_query(
        "UPDATE documents SET purged_at = $2, updated_at = $2 WHERE id = $1 AND purged_at IS NULL",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await
}
