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
    /// When its group e-mail last went out (the dedup window, ADR 0058).
    pub last_emailed_at: Option<DateTime<Utc>>,
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

/// When an alert of this type and key — open or acknowledged — was last e-mailed.
pub async fn last_emailed_at(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    alert_type: &str,
    dedup_key: &str,
) -> crate::Result<Option<DateTime<Utc>>> {
    alerts::table
        .filter(alerts::tenant_id.eq(tenant_id))
        .filter(alerts::alert_type.eq(alert_type))
        .filter(alerts::dedup_key.eq(dedup_key))
        .select(diesel::dsl::max(alerts::last_emailed_at))
        .first(conn)
        .await
}

/// Records that the alert's e-mail went out at `at`.
pub async fn mark_emailed(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<AlertRow> {
    diesel::update(alerts::table.find(id))
        .set((alerts::emailed.eq(true), alerts::last_emailed_at.eq(at)))
        .returning(AlertRow::as_returning())
        .get_result(conn)
        .await
}

/// Filters of the operational queue (`GET /notifications/pending`).
#[derive(Debug, Clone, Default)]
pub struct PendingFilter {
    /// Only this type.
    pub alert_type: Option<String>,
    /// Only this severity.
    pub severity: Option<String>,
    /// Raised at or after.
    pub from: Option<DateTime<Utc>>,
    /// Raised before.
    pub to: Option<DateTime<Utc>>,
}

/// One page of the tenant's unacknowledged alerts, newest raise first, with the total.
pub async fn pending(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &PendingFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<AlertRow>, i64)> {
    let query = || {
        let mut query = alerts::table
            .filter(alerts::tenant_id.eq(tenant_id))
            .filter(alerts::acknowledged_at.is_null())
            .into_boxed();
        if let Some(kind) = &filter.alert_type {
            query = query.filter(alerts::alert_type.eq(kind.clone()));
        }
        if let Some(severity) = &filter.severity {
            query = query.filter(alerts::severity.eq(severity.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(alerts::raised_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(alerts::raised_at.lt(to));
        }
        query
    };
    let total: i64 = query().count().get_result(conn).await?;
    let rows = query()
        .order((alerts::raised_at.desc(), alerts::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(AlertRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// The alert behind one of the user's notifications (`None`: not the user's, or not
/// operational).
pub async fn of_notification(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    notification_id: Uuid,
) -> crate::Result<Option<Uuid>> {
    use crate::schema::notifications;
    notifications::table
        .filter(notifications::id.eq(notification_id))
        .filter(notifications::user_id.eq(user_id))
        .select(notifications::alert_id)
        .first::<Option<Uuid>>(conn)
        .await
        .optional()
        .map(Option::flatten)
}

/// Acknowledges the alert when it is still open; `None` when it already was (idempotent).
pub async fn acknowledge(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<Option<AlertRow>> {
    diesel::update(
        alerts::table
            .filter(alerts::id.eq(id))
            .filter(alerts::acknowledged_at.is_null()),
    )
    .set((
        alerts::acknowledged_at.eq(at),
        alerts::acknowledged_by.eq(by),
    ))
    .returning(AlertRow::as_returning())
    .get_result(conn)
    .await
    .optional()
}
