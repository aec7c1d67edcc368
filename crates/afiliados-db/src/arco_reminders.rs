//! The daily maintenance's view of `arco_requests`: open requests about to fall due, marked
//! `due_soon_notified_at` so each one raises its `arco.due_soon` reminder once (`domain.md`
//! §5.3.5).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::arco_requests;

/// Statuses of a request still waiting for staff.
const OPEN: [&str; 2] = ["received", "in_progress"];

/// An open request that needs its reminder.
#[derive(Debug, Clone, Queryable)]
pub struct DueRequest {
    /// Request id.
    pub id: Uuid,
    /// Whose request.
    pub influencer_id: Uuid,
    /// `access|rectify|revoke|delete`.
    pub kind: String,
    /// When it falls due.
    pub due_at: DateTime<Utc>,
}

/// Marks every open request of the tenant due before `before` that was never reminded, and
/// returns them. The update is the claim: two concurrent runs never remind the same request.
pub async fn claim_due_before(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    before: DateTime<Utc>,
) -> crate::Result<Vec<DueRequest>> {
    diesel::update(
        arco_requests::table
            .filter(arco_requests::tenant_id.eq(tenant_id))
            .filter(arco_requests::status.eq_any(OPEN))
            .filter(arco_requests::due_soon_notified_at.is_null())
            .filter(arco_requests::due_at.lt(before)),
    )
    .set((
        arco_requests::due_soon_notified_at.eq(diesel::dsl::now),
        arco_requests::updated_at.eq(diesel::dsl::now),
    ))
    .returning((
        arco_requests::id,
        arco_requests::influencer_id,
        arco_requests::type_,
        arco_requests::due_at,
    ))
    .get_results(conn)
    .await
}
