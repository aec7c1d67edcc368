//! `status_history`: append-only trail of every state machine transition.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::status_history;

/// Appends one transition.
pub async fn record(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    entity_type: &str,
    entity_id: Uuid,
    from: Option<&str>,
    to: &str,
    reason: Option<&str>,
    actor: &str,
) -> crate::Result<()> {
    diesel::insert_into(status_history::table)
        .values((
            status_history::id.eq(crate::new_id()),
            status_history::tenant_id.eq(tenant_id),
            status_history::entity_type.eq(entity_type),
            status_history::entity_id.eq(entity_id),
            status_history::from_status.eq(from),
            status_history::to_status.eq(to),
            status_history::reason.eq(reason),
            status_history::actor.eq(actor),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}
