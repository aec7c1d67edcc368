//! `status_history`: append-only trail of every state machine transition.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::status_history;

/// One transition to record.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange<'a> {
    /// Tenant.
    pub tenant_id: Uuid,
    /// `user`, `influencer`, `campaign`, …
    pub entity_type: &'a str,
    /// The row that changed.
    pub entity_id: Uuid,
    /// Previous status (none at creation).
    pub from: Option<&'a str>,
    /// New status.
    pub to: &'a str,
    /// Why, when the machine asks for a reason.
    pub reason: Option<&'a str>,
    /// Who: an email or a system actor string.
    pub actor: &'a str,
}

/// Appends one transition.
pub async fn record(conn: &mut AsyncPgConnection, change: StatusChange<'_>) -> crate::Result<()> {
    diesel::insert_into(status_history::table)
        .values((
            status_history::id.eq(crate::new_id()),
            status_history::tenant_id.eq(change.tenant_id),
            status_history::entity_type.eq(change.entity_type),
            status_history::entity_id.eq(change.entity_id),
            status_history::from_status.eq(change.from),
            status_history::to_status.eq(change.to),
            status_history::reason.eq(change.reason),
            status_history::actor.eq(change.actor),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// One status transition.
#[derive(Debug, Clone, Queryable)]
pub struct StatusFacts {
    /// From.
    pub from_status: Option<String>,
    /// To.
    pub to_status: String,
    /// Reason.
    pub reason: Option<String>,
    /// When.
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

/// The status history of one entity, oldest first.
pub async fn of_entity(
    conn: &mut AsyncPgConnection,
    entity_type: &str,
    entity_id: Uuid,
) -> crate::Result<Vec<StatusFacts>> {
    status_history::table
        .filter(status_history::entity_type.eq(entity_type))
        .filter(status_history::entity_id.eq(entity_id))
        .order((status_history::occurred_at.asc(), status_history::id.asc()))
        .select((
            status_history::from_status,
            status_history::to_status,
            status_history::reason,
            status_history::occurred_at,
        ))
        .load(conn)
        .await
}
