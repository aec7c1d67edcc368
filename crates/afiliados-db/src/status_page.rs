//! The figures of `GET /status`: each one statement over a bounded window (the last hour or day
//! of webhook deliveries) or over small tables (open discrepancies, the e-mail backlog).

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Float8, Int8, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Ingest lag of deliveries received in `[now − 1 h, now]` and processed.
#[derive(Debug, Clone, QueryableByName)]
pub struct Lag {
    /// Deliveries measured.
    #[diesel(sql_type = Int8)]
    pub samples: i64,
    /// Median seconds.
    #[diesel(sql_type = Nullable<Float8>)]
    pub p50: Option<f64>,
    /// 95th percentile seconds.
    #[diesel(sql_type = Nullable<Float8>)]
    pub p95: Option<f64>,
}

/// The ingest lag of the last hour.
pub async fn ingest_lag(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Lag> {
    diesel::sql_query(
        "SELECT count(*) AS samples,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY lag) AS p95
           FROM (SELECT extract(epoch FROM processed_at - received_at)::float8 AS lag
                   FROM webhook_delivery_log
                  WHERE tenant_id = $1 AND received_at >= $2 - interval '1 hour'
                    AND received_at <= $2 AND processed_at IS NOT NULL) l",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
}

/// Failed deliveries of the last 24 hours and deliveries waiting now.
#[derive(Debug, Clone, QueryableByName)]
pub struct Deliveries {
    /// Failed, received in the last 24 hours.
    #[diesel(sql_type = Int8)]
    pub failed: i64,
    /// `received` or `processing`.
    #[diesel(sql_type = Int8)]
    pub pending: i64,
}

/// Delivery counts at `now`.
pub async fn deliveries(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Deliveries> {
    diesel::sql_query(
        "SELECT (SELECT count(*) FROM webhook_delivery_log
                  WHERE tenant_id = $1 AND status = 'failed'
                    AND received_at >= $2 - interval '24 hours' AND received_at <= $2) AS failed,
                (SELECT count(*) FROM webhook_delivery_log
                  WHERE tenant_id = $1 AND status IN ('received', 'processing')) AS pending",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
}

/// Open discrepancies of one class and age bucket.
#[derive(Debug, Clone, QueryableByName)]
pub struct DiscrepancyBucket {
    /// `A`…`E`.
    #[diesel(sql_type = Text)]
    pub class: String,
    /// `under_1_day|1_to_3_days|3_to_7_days|over_7_days`.
    #[diesel(sql_type = Text)]
    pub age: String,
    /// How many.
    #[diesel(sql_type = Int8)]
    pub count: i64,
}

/// Open or resolving discrepancies by class and age since first detection.
pub async fn discrepancies(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Vec<DiscrepancyBucket>> {
    diesel::sql_query(
        "SELECT class::text AS class,
                CASE WHEN first_detected_at > $2 - interval '1 day' THEN 'under_1_day'
                     WHEN first_detected_at > $2 - interval '3 days' THEN '1_to_3_days'
                     WHEN first_detected_at > $2 - interval '7 days' THEN '3_to_7_days'
                     ELSE 'over_7_days' END AS age,
                count(*) AS count
           FROM reconciliation_discrepancies
          WHERE tenant_id = $1 AND status IN ('open', 'resolving')
          GROUP BY 1, 2",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await
}

/// The e-mail backlog.
#[derive(Debug, Clone, QueryableByName)]
pub struct Emails {
    /// Not delivered nor cancelled.
    #[diesel(sql_type = Int8)]
    pub undelivered: i64,
    /// Of those, created more than 30 minutes ago.
    #[diesel(sql_type = Int8)]
    pub over_30_min: i64,
}

/// E-mails not delivered at `now`.
pub async fn emails(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Emails> {
    diesel::sql_query(
        "SELECT count(*) AS undelivered,
                count(*) FILTER (WHERE created_at < $2 - interval '30 minutes') AS over_30_min
           FROM email_outbox
          WHERE tenant_id = $1 AND NOT delivered AND status <> 'cancelled'",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
}

#[derive(QueryableByName)]
struct Oldest {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    at: Option<DateTime<Utc>>,
}

/// When the oldest open (or resolving) discrepancy was first detected.
pub async fn oldest_open_discrepancy(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<Option<DateTime<Utc>>> {
    let row: Oldest = diesel::sql_query(
        "SELECT min(first_detected_at) AS at FROM reconciliation_discrepancies
          WHERE tenant_id = $1 AND status IN ('open', 'resolving')",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .get_result(conn)
    .await?;
    Ok(row.at)
}
