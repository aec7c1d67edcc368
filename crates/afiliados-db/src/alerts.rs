//! `alerts`: operational alerts (`domain.md` §3.10, §5.17). At most one unacknowledged alert per
//! type and dedup key (partial unique index): raising the same condition again bumps
//! `raise_count` and `last_raised_at` of the open one.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::alerts;

/// A stored alert.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = alerts)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct AlertRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The condition.
    pub alert_type: String,
    /// `warning|critical`.
    pub severity: String,
    /// One open alert per type and key.
    pub dedup_key: String,
    /// What happened.
    pub message: String,
    /// Context.
    pub details: serde_json::Value,
    /// First raised.
    pub raised_at: DateTime<Utc>,
    /// Raises while open.
    pub raise_count: i32,
    /// Last raise.
    pub last_raised_at: DateTime<Utc>,
    /// Acknowledged.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// By.
    pub acknowledged_by: Option<Uuid>,
    /// Whether the group e-mail went out.
    pub emailed: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// An alert to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = alerts)]
pub struct NewAlert {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The condition.
    pub alert_type: String,
    /// `warning|critical`.
    pub severity: String,
    /// The occurrence's key.
    pub dedup_key: String,
    /// What happened.
    pub message: String,
    /// Context.
    pub details: serde_json::Value,
    /// Now.
    pub raised_at: DateTime<Utc>,
    /// Now.
    pub last_raised_at: DateTime<Utc>,
    /// Whether the group e-mail is queued with it.
    pub emailed: bool,
}

/// The `limit` latest alerts of the tenant, newest first (admin dashboard).
pub async fn latest(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    limit: i64,
) -> crate::Result<Vec<AlertRow>> {
    alerts::table
        .filter(alerts::tenant_id.eq(tenant_id))
        .order((alerts::raised_at.desc(), alerts::id.desc()))
        .limit(limit)
        .select(AlertRow::as_select())
        .load(conn)
        .await
}

#[derive(QueryableByName)]
struct Raised {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    inserted: bool,
}

/// Raises `alert`: inserts it, or — when an unacknowledged alert of the same type and key is
/// open — bumps that one's `raise_count` and `last_raised_at`. One statement, so two concurrent
/// raises of the same condition never make two open alerts. Returns the alert and whether it is
/// new.
pub async fn raise(
    conn: &mut AsyncPgConnection,
    alert: &NewAlert,
) -> crate::Result<(AlertRow, bool)> {
    let raised: Raised = diesel::sql_query(
        "INSERT INTO alerts (id, tenant_id, alert_type, severity, dedup_key, message, details, \
         raised_at, last_raised_at, emailed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (tenant_id, alert_type, dedup_key) WHERE acknowledged_at IS NULL \
         DO UPDATE SET raise_count = alerts.raise_count + 1, last_raised_at = EXCLUDED.last_raised_at, \
         message = EXCLUDED.message, details = EXCLUDED.details \
         RETURNING id, (xmax = 0) AS inserted",
    )
    .bind::<diesel::sql_types::Uuid, _>(alert.id)
    .bind::<diesel::sql_types::Uuid, _>(alert.tenant_id)
    .bind::<diesel::sql_types::Text, _>(&alert.alert_type)
    .bind::<diesel::sql_types::Text, _>(&alert.severity)
    .bind::<diesel::sql_types::Text, _>(&alert.dedup_key)
    .bind::<diesel::sql_types::Text, _>(&alert.message)
    .bind::<diesel::sql_types::Jsonb, _>(&alert.details)
    .bind::<diesel::sql_types::Timestamptz, _>(alert.raised_at)
    .bind::<diesel::sql_types::Timestamptz, _>(alert.last_raised_at)
    .bind::<diesel::sql_types::Bool, _>(alert.emailed)
    .get_result(conn)
    .await?;
    let row = alerts::table
        .find(raised.id)
        .select(AlertRow::as_select())
        .first(conn)
        .await?;
    Ok((row, raised.inserted))
}
