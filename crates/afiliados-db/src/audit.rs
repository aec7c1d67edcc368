//! `audit_log`: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).

use afiliados_domain::AuditActorType;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use ipnet::IpNet;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::audit_log;

/// An audit row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::pg::Pg))]
pub struct AuditRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// `user|system|service|vtex|anonymous`.
    pub actor_type: AuditActorType,
    /// Acting user.
    pub actor_user_id: Option<Uuid>,
    /// Email or system string.
    pub actor_label: String,
    /// Roles at the time.
    pub actor_roles: Vec<String>,
    /// Dotted action.
    pub action: String,
    /// Entity kind.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Before.
    pub before: Option<serde_json::Value>,
    /// After.
    pub after: Option<serde_json::Value>,
    /// Client address.
    pub ip: Option<IpNet>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
    /// Trace id.
    pub trace_id: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Same as created (never updated).
    pub updated_at: DateTime<Utc>,
}

/// A new audit row. An absent field is written as `NULL` (none of these columns has another
/// default), so every row is the same statement text and stays prepared (ADR 0085).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub struct NewAuditRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Actor kind.
    pub actor_type: String,
    /// Acting user.
    pub actor_user_id: Option<Uuid>,
    /// Label.
    pub actor_label: String,
    /// Roles.
    pub actor_roles: Vec<String>,
    /// Action.
    pub action: String,
    /// Entity kind.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Before.
    pub before: Option<serde_json::Value>,
    /// After.
    pub after: Option<serde_json::Value>,
    /// Client address.
    pub ip: Option<IpNet>,
    /// User agent.
    pub user_agent: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
    /// Trace id.
    pub trace_id: Option<String>,
}

/// Appends one row.
pub async fn insert(mut conn: &AsyncPgConnection, row: &NewAuditRow) -> crate::Result<()> {
    diesel::insert_into(audit_log::table)
        .values(row)
        .prepared()
        .execute(&mut conn)
        .await
        .map(|_| ())
}

/// Filters of the audit list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Exact actions.
    pub actions: Vec<String>,
    /// Action prefixes (`withdrawal.` from `withdrawal.*`).
    pub action_prefixes: Vec<String>,
    /// Entity kind.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Actor.
    pub actor_user_id: Option<Uuid>,
    /// Actor kind.
    pub actor_type: Option<String>,
    /// From (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// To (exclusive).
    pub to: Option<DateTime<Utc>>,
    /// Actor label contains.
    pub q: Option<String>,
}

/// One page, newest first, plus the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &AuditFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<AuditRow>, i64)> {
    let build = || {
        let mut query = audit_log::table
            .filter(audit_log::tenant_id.eq(tenant_id))
            .into_boxed();
        if !filter.actions.is_empty() || !filter.action_prefixes.is_empty() {
            let mut condition: Box<
                dyn BoxableExpression<
                        audit_log::table,
                        diesel::pg::Pg,
                        SqlType = diesel::sql_types::Bool,
                    >,
            > = Box::new(audit_log::action.eq_any(filter.actions.clone()));
            for prefix in &filter.action_prefixes {
                condition = Box::new(
                    condition.or(audit_log::action.like(format!("{}%", escape_like(prefix)))),
                );
            }
            query = query.filter(condition);
        }
        if let Some(value) = &filter.entity_type {
            query = query.filter(audit_log::entity_type.eq(value.clone()));
        }
        if let Some(value) = &filter.entity_id {
            query = query.filter(audit_log::entity_id.eq(value.clone()));
        }
        if let Some(value) = filter.actor_user_id {
            query = query.filter(audit_log::actor_user_id.eq(value));
        }
        if let Some(value) = &filter.actor_type {
            query = query.filter(audit_log::actor_type.eq(value.clone()));
        }
        if let Some(value) = filter.from {
            query = query.filter(audit_log::occurred_at.ge(value));
        }
        if let Some(value) = filter.to {
            query = query.filter(audit_log::occurred_at.lt(value));
        }
        if let Some(value) = &filter.q {
            query = query.filter(audit_log::actor_label.ilike(format!("%{}%", escape_like(value))));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((audit_log::occurred_at.desc(), audit_log::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Latest role or brand change per user: `(entity_id, occurred_at, actor_label)`.
pub async fn last_access_changes(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<Vec<(Option<String>, DateTime<Utc>, String)>> {
    audit_log::table
        .filter(audit_log::tenant_id.eq(tenant_id))
        .filter(audit_log::action.eq_any([
            "user.roles_changed",
            "user.brands_changed",
            "user.created",
        ]))
        .filter(audit_log::entity_type.eq("user"))
        .order((audit_log::entity_id.asc(), audit_log::occurred_at.desc()))
        .distinct_on(audit_log::entity_id)
        .select((
            audit_log::entity_id,
            audit_log::occurred_at,
            audit_log::actor_label,
        ))
        .load(conn)
        .await
}

fn escape_like(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The `limit` newest entries of the tenant, any kind (admin dashboard: no total counted).
pub async fn latest(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    limit: i64,
) -> crate::Result<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::tenant_id.eq(tenant_id))
        .order((audit_log::occurred_at.desc(), audit_log::id.desc()))
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)
        .await
}
