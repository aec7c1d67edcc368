//! `arco_requests`: data-subject requests (access, rectify, revoke, delete) with their deadline
//! and resolution (`domain.md` §3.3, §5.3.5).

use afiliados_domain::{ArcoChannel, ArcoStatus, ArcoType};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::{arco_requests, documents};

/// Statuses of a request still waiting for a resolution.
pub const OPEN_STATUSES: [&str; 2] = ["received", "in_progress"];

/// An ARCO request row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = arco_requests, check_for_backend(diesel::pg::Pg))]
pub struct ArcoRequest {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The data subject.
    pub influencer_id: Uuid,
    /// `access|rectify|revoke|delete`.
    #[diesel(column_name = type_)]
    pub kind: ArcoType,
    /// `received|in_progress|completed|rejected`.
    pub status: ArcoStatus,
    /// Who filed it.
    pub requested_by: Option<Uuid>,
    /// `web|email|phone|in_person`.
    pub channel: ArcoChannel,
    /// For `rectify`: the fields and their new values.
    pub details: serde_json::Value,
    /// Legal deadline.
    pub due_at: DateTime<Utc>,
    /// Who started it.
    pub started_by: Option<Uuid>,
    /// When started.
    pub started_at: Option<DateTime<Utc>>,
    /// Who resolved it.
    pub resolved_by: Option<Uuid>,
    /// When resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Resolution notes.
    pub resolution_notes: Option<String>,
    /// The access export.
    pub export_document_id: Option<Uuid>,
    /// Filed.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A request to file.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = arco_requests)]
pub struct NewArcoRequest<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Data subject.
    pub influencer_id: Uuid,
    /// Type.
    #[diesel(column_name = type_)]
    pub kind: &'a str,
    /// Filer.
    pub requested_by: Option<Uuid>,
    /// Channel.
    pub channel: &'a str,
    /// Details.
    pub details: &'a serde_json::Value,
    /// Deadline.
    pub due_at: DateTime<Utc>,
    /// Filing instant (the deadline is computed from it).
    pub created_at: DateTime<Utc>,
}

/// Inserts a request (the partial unique index refuses a second open one of the same type).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: &NewArcoRequest<'_>,
) -> crate::Result<ArcoRequest> {
    diesel::insert_into(arco_requests::table)
        .values(new)
        .returning(ArcoRequest::as_returning())
        .get_result(conn)
        .await
}

/// Whether the influencer already has an open request of `kind`.
pub async fn open_exists(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    kind: &str,
) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        arco_requests::table
            .filter(arco_requests::influencer_id.eq(influencer_id))
            .filter(arco_requests::type_.eq(kind))
            .filter(arco_requests::status.eq_any(OPEN_STATUSES)),
    ))
    .get_result(conn)
    .await
}

/// A request of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<ArcoRequest>> {
    arco_requests::table
        .filter(arco_requests::tenant_id.eq(tenant_id))
        .filter(arco_requests::id.eq(id))
        .select(ArcoRequest::as_select())
        .first(conn)
        .await
        .optional()
}

/// Same, locked for a start or a resolution.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<ArcoRequest>> {
    arco_requests::table
        .filter(arco_requests::tenant_id.eq(tenant_id))
        .filter(arco_requests::id.eq(id))
        .select(ArcoRequest::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Filters of the request list.
#[derive(Debug, Clone, Default)]
pub struct ArcoFilter {
    /// Any of these statuses (empty: all).
    pub statuses: Vec<String>,
    /// Any of these types (empty: all).
    pub kinds: Vec<String>,
    /// One influencer.
    pub influencer_id: Option<Uuid>,
    /// `true`: open and past `due_at`; `false`: everything else.
    pub overdue: Option<bool>,
}

/// One page ordered by `due_at` (then id), plus the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &ArcoFilter,
    now: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<ArcoRequest>, i64)> {
    let build = || {
        let mut query = arco_requests::table
            .filter(arco_requests::tenant_id.eq(tenant_id))
            .into_boxed();
        if !filter.statuses.is_empty() {
            query = query.filter(arco_requests::status.eq_any(filter.statuses.clone()));
        }
        if !filter.kinds.is_empty() {
            query = query.filter(arco_requests::type_.eq_any(filter.kinds.clone()));
        }
        if let Some(id) = filter.influencer_id {
            query = query.filter(arco_requests::influencer_id.eq(id));
        }
        match filter.overdue {
            Some(true) => {
                query = query
                    .filter(arco_requests::status.eq_any(OPEN_STATUSES))
                    .filter(arco_requests::due_at.lt(now));
            }
            Some(false) => {
                query = query.filter(
                    arco_requests::status
                        .ne_all(OPEN_STATUSES)
                        .or(arco_requests::due_at.ge(now)),
                );
            }
            None => {}
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((arco_requests::due_at.asc(), arco_requests::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(ArcoRequest::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Every request of an influencer, oldest first (the ARCO history of an access export).
pub async fn for_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<ArcoRequest>> {
    arco_requests::table
        .filter(arco_requests::influencer_id.eq(influencer_id))
        .order((arco_requests::created_at.asc(), arco_requests::id.asc()))
        .select(ArcoRequest::as_select())
        .load(conn)
        .await
}

/// `received → in_progress`.
pub async fn mark_started(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Uuid,
) -> crate::Result<ArcoRequest> {
    diesel::update(arco_requests::table.find(id))
        .set((
            arco_requests::status.eq("in_progress"),
            arco_requests::started_by.eq(by),
            arco_requests::started_at.eq(diesel::dsl::now),
            arco_requests::updated_at.eq(diesel::dsl::now),
        ))
        .returning(ArcoRequest::as_returning())
        .get_result(conn)
        .await
}

/// The resolution of a request.
#[derive(Debug, Clone)]
pub struct Resolution<'a> {
    /// `completed|rejected`.
    pub status: &'a str,
    /// Resolver.
    pub by: Uuid,
    /// Notes.
    pub notes: &'a str,
    /// Corrected details (rectification), when staff changed them.
    pub details: Option<&'a serde_json::Value>,
    /// The access export.
    pub export_document_id: Option<Uuid>,
}

/// Stores the resolution.
pub async fn mark_resolved(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    resolution: &Resolution<'_>,
) -> crate::Result<ArcoRequest> {
    let current = arco_requests::table
        .find(id)
        .select(ArcoRequest::as_select())
        .first(conn)
        .await?;
    diesel::update(arco_requests::table.find(id))
        .set((
            arco_requests::status.eq(resolution.status),
            arco_requests::resolved_by.eq(resolution.by),
            arco_requests::resolved_at.eq(diesel::dsl::now),
            arco_requests::resolution_notes.eq(resolution.notes),
            arco_requests::details.eq(resolution.details.unwrap_or(&current.details)),
            arco_requests::export_document_id
                .eq(resolution.export_document_id.or(current.export_document_id)),
            arco_requests::updated_at.eq(diesel::dsl::now),
        ))
        .returning(ArcoRequest::as_returning())
        .get_result(conn)
        .await
}

/// Of the requests listed, those whose export document is stored and not purged.
pub async fn with_live_export(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<Vec<Uuid>> {
    arco_requests::table
        .inner_join(documents::table)
        .filter(arco_requests::id.eq_any(ids))
        .filter(documents::purged_at.is_null())
        .filter(documents::deleted_at.is_null())
        .select(arco_requests::id)
        .load(conn)
        .await
}

/// Empties the details of every request of an influencer (an anonymisation: rectification
/// values are personal data).
pub async fn clear_details_of(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<usize> {
    diesel::update(arco_requests::table)
        .filter(arco_requests::influencer_id.eq(influencer_id))
        .set((
            arco_requests::details.eq(serde_json::json!({})),
            arco_requests::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}

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

/// The daily maintenance's reminders: marks every open request of the tenant due before
/// `before` that was never reminded (`due_soon_notified_at`), so each raises its `arco.due_soon`
/// reminder once, and returns them. The update is the claim: two concurrent runs never remind
/// the same request.
pub async fn claim_due_before(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    before: DateTime<Utc>,
) -> crate::Result<Vec<DueRequest>> {
    diesel::update(
        arco_requests::table
            .filter(arco_requests::tenant_id.eq(tenant_id))
            .filter(arco_requests::status.eq_any(OPEN_STATUSES))
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
