//! ARCO requests (`domain.md` §5.3.5, `api.md` §13): filing, listing, starting and resolving —
//! access exports, rectification, revocation and anonymisation — with their scoping. Every use
//! case takes the caller's transaction, a `UseCaseContext` and the acting `Actor` (ADR 0013).

pub mod access;
pub mod create;
pub mod delete;
pub mod export;
pub mod read;
pub mod rectify;
pub mod resolve;
pub mod revoke;
pub mod start;

use afiliados_api_types::arco::ArcoRequestResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::arco_requests::ArcoRequest;
use afiliados_domain::{Actor, Role};
use uuid::Uuid;

use crate::usecases::consents::scope::own_influencer;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles that work on requests (file on behalf, start, resolve).
pub const ARCO_STAFF: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];
/// Roles that read every request.
pub const ARCO_READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Auditor];

/// The representation of one request.
pub fn response(row: ArcoRequest, export_available: bool) -> ArcoRequestResponse {
    ArcoRequestResponse {
        id: row.id.into(),
        influencer_id: row.influencer_id.into(),
        kind: row.kind,
        status: row.status,
        channel: row.channel,
        details: row.details,
        due_at: row.due_at,
        requested_by: row.requested_by.map(Into::into),
        created_at: row.created_at,
        started_at: row.started_at,
        resolved_at: row.resolved_at,
        resolved_by: row.resolved_by.map(Into::into),
        resolution_notes: row.resolution_notes,
        export_available,
    }
}

/// Representations of several requests, checking their exports in one query.
pub async fn responses(
    conn: &mut AsyncPgConnection,
    rows: Vec<ArcoRequest>,
) -> Result<Vec<ArcoRequestResponse>, UseCaseError> {
    let ids: Vec<Uuid> = rows
        .iter()
        .filter(|row| row.export_document_id.is_some())
        .map(|row| row.id)
        .collect();
    let live = if ids.is_empty() {
        Vec::new()
    } else {
        afiliados_db::arco_requests::with_live_export(conn, &ids).await?
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let available = live.contains(&row.id);
            response(row, available)
        })
        .collect())
}

/// One request's representation.
pub async fn single_response(
    conn: &mut AsyncPgConnection,
    row: ArcoRequest,
) -> Result<ArcoRequestResponse, UseCaseError> {
    let mut items = responses(conn, vec![row]).await?;
    items.pop().ok_or(UseCaseError::NotFound)
}

/// The influencer whose requests the actor may see: `None` for staff readers (every request),
/// `Some(own id)` for an influencer; 403 for other roles, 404 for an influencer without a record.
pub async fn reader_scope(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
) -> Result<Option<Uuid>, UseCaseError> {
    if actor.has_any(&ARCO_READERS) {
        return Ok(None);
    }
    actor.require_any(&[Role::Influencer])?;
    let own = own_influencer(conn, actor)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    Ok(Some(own.id))
}

/// A request the actor may read; 404 when unknown or another influencer's.
pub async fn readable(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<ArcoRequest, UseCaseError> {
    let scope = reader_scope(conn, actor).await?;
    afiliados_db::arco_requests::find(conn, ctx.tenant_id, id)
        .await?
        .filter(|row| scope.is_none_or(|own| own == row.influencer_id))
        .ok_or(UseCaseError::NotFound)
}

/// The locale of the influencer's account (`es` when it has none).
pub async fn locale_of(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Option<Uuid>,
) -> Result<String, UseCaseError> {
    Ok(match user_id {
        Some(id) => afiliados_db::users::find(conn, tenant_id, id)
            .await?
            .map(|user| user.locale.as_str().to_owned()),
        None => None,
    }
    .unwrap_or_else(|| "es".to_owned()))
}
