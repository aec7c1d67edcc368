//! `notifications`: the in-app feed of each user.

use afiliados_domain::NotificationSeverity;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::notifications;

/// A notification row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications, check_for_backend(diesel::pg::Pg))]
pub struct Notification {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Recipient.
    pub user_id: Uuid,
    /// Type.
    pub type_: String,
    /// Severity.
    pub severity: NotificationSeverity,
    /// Data.
    pub payload: serde_json::Value,
    /// Operational alert.
    pub operational: bool,
    /// When read.
    pub read_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Adds one notification for one user.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    kind: &str,
    severity: &str,
    payload: &serde_json::Value,
) -> crate::Result<()> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::id.eq(crate::new_id()),
            notifications::tenant_id.eq(tenant_id),
            notifications::user_id.eq(user_id),
            notifications::type_.eq(kind),
            notifications::severity.eq(severity),
            notifications::payload.eq(payload),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Adds the same notification for each of `user_ids` in one statement.
pub async fn insert_many(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user_ids: &[Uuid],
    kind: &str,
    severity: &str,
    payload: &serde_json::Value,
) -> crate::Result<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = user_ids
        .iter()
        .map(|user_id| {
            (
                notifications::id.eq(crate::new_id()),
                notifications::tenant_id.eq(tenant_id),
                notifications::user_id.eq(*user_id),
                notifications::type_.eq(kind),
                notifications::severity.eq(severity),
                notifications::payload.eq(payload),
            )
        })
        .collect();
    diesel::insert_into(notifications::table)
        .values(rows)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Adds the operational notification of an alert for one user (`operational = true`, linked to
/// the alert so reading it acknowledges the alert, `domain.md` §3.10).
pub async fn insert_operational(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    alert_id: Uuid,
    kind: &str,
    severity: &str,
    payload: &serde_json::Value,
) -> crate::Result<()> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::id.eq(crate::new_id()),
            notifications::tenant_id.eq(tenant_id),
            notifications::user_id.eq(user_id),
            notifications::type_.eq(kind),
            notifications::severity.eq(severity),
            notifications::payload.eq(payload),
            notifications::operational.eq(true),
            notifications::alert_id.eq(alert_id),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// One page of a user's feed, newest first, with the total and the unread count.
pub async fn list(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    unread_only: bool,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<Notification>, i64, i64)> {
    let build = || {
        let mut query = notifications::table
            .filter(notifications::user_id.eq(user_id))
            .into_boxed();
        if unread_only {
            query = query.filter(notifications::read_at.is_null());
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let unread = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
        .await?;
    let rows = build()
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(Notification::as_select())
        .load(conn)
        .await?;
    Ok((rows, total, unread))
}

/// Marks one of the user's notifications read; returns whether it exists for that user.
pub async fn mark_read(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    id: Uuid,
) -> crate::Result<bool> {
    let exists: i64 = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user_id))
        .count()
        .get_result(conn)
        .await?;
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set((
        notifications::read_at.eq(diesel::dsl::now),
        notifications::updated_at.eq(diesel::dsl::now),
    ))
    .prepared()
    .execute(conn)
    .await?;
    Ok(exists > 0)
}

/// Marks every unread notification of the user read (only those of `kind` when given); returns
/// how many changed.
pub async fn mark_all_read(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    kind: Option<&str>,
) -> crate::Result<usize> {
    let mut query = diesel::update(notifications::table)
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .into_boxed();
    if let Some(kind) = kind {
        query = query.filter(notifications::type_.eq(kind.to_owned()));
    }
    query
        .set((
            notifications::read_at.eq(diesel::dsl::now),
            notifications::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}

/// Adds the same notification for every user of the tenant holding `role` and for each of
/// `also` (a user in both is told once), in one statement: finding the role's users is part
/// of the insert instead of a read before it (ADR 0082).
pub async fn insert_for_role_and(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    role: &str,
    also: &[Uuid],
    kind: &str,
    severity: &str,
    payload: &serde_json::Value,
) -> crate::Result<usize> {
    use crate::prepared::Prepare;
    use diesel::sql_types::{Array, Jsonb, Text, Uuid as SqlUuid};
    diesel::sql_query(
        "INSERT INTO notifications (id, tenant_id, user_id, type, severity, payload)
         SELECT gen_random_uuid(), $1, told.user_id, $4, $5, $6
           FROM (SELECT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id
                  WHERE r.role = $2 AND u.tenant_id = $1 AND u.status = 'active'
                    AND u.deleted_at IS NULL
                 UNION
                 SELECT unnest($3::uuid[])) told",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Text, _>(role)
    .bind::<Array<SqlUuid>, _>(also)
    .bind::<Text, _>(kind)
    .bind::<Text, _>(severity)
    .bind::<Jsonb, _>(payload)
    .prepared()
    .execute(&mut conn)
    .await
}
