//! ARCO requests (`domain.md` §5.3.5, `api.md` §13): filing, listing, starting and resolving —
//! access exports, rectification, revocation and anonymisation — with their scoping.

pub mod access;
pub mod create;
pub mod delete;
pub mod export;
pub mod rectify;
pub mod resolve;
pub mod revoke;
pub mod start;

use afiliados_api_types::arco::ArcoRequestResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::arco_requests::ArcoRequest;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::usecases::consents::scope::own_influencer;

/// Roles that work on requests (file on behalf, start, resolve).
pub const ARCO_STAFF: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];
/// Roles that read every request.
pub const ARCO_READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Auditor];

/// The representation of one request.
pub fn response(row: ArcoRequest, export_available: bool) -> ArcoRequestResponse {
    ArcoRequestResponse {
        id: row.id,
        influencer_id: row.influencer_id,
        kind: row.kind,
        status: row.status,
        channel: row.channel,
        details: row.details,
        due_at: row.due_at,
        requested_by: row.requested_by,
        created_at: row.created_at,
        started_at: row.started_at,
        resolved_at: row.resolved_at,
        resolved_by: row.resolved_by,
        resolution_notes: row.resolution_notes,
        export_available,
    }
}

/// Representations of several requests, checking their exports in one query.
pub async fn responses(
    conn: &mut AsyncPgConnection,
    rows: Vec<ArcoRequest>,
) -> Result<Vec<ArcoRequestResponse>, ApiError> {
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

/// The influencer whose requests the caller may see: `None` for staff readers (every request),
/// `Some(own id)` for an influencer; 403 for other roles, 404 for an influencer without a record.
pub async fn reader_scope(
    conn: &mut AsyncPgConnection,
    user: &CurrentUser,
) -> Result<Option<Uuid>, ApiError> {
    if user.has_any(&ARCO_READERS) {
        return Ok(None);
    }
    user.require_any(&[Role::Influencer])?;
    let own = own_influencer(conn, user)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Some(own.id))
}

/// A request the caller may read; 404 when unknown or another influencer's.
pub async fn readable(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user: &CurrentUser,
    id: Uuid,
) -> Result<ArcoRequest, ApiError> {
    let scope = reader_scope(conn, user).await?;
    afiliados_db::arco_requests::find(conn, tenant_id, id)
        .await?
        .filter(|row| scope.is_none_or(|own| own == row.influencer_id))
        .ok_or(ApiError::NotFound)
}

/// The locale of the influencer's account (`es` when it has none).
pub async fn locale_of(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Option<Uuid>,
) -> Result<String, ApiError> {
    Ok(match user_id {
        Some(id) => afiliados_db::users::find(conn, tenant_id, id)
            .await?
            .map(|user| user.locale.as_str().to_owned()),
        None => None,
    }
    .unwrap_or_else(|| "es".to_owned()))
}
