//! `POST /arco/requests/{id}/start`: `received → in_progress`.

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::arco::ArcoRequestResponse;
use afiliados_db::AsyncPgConnection;
use serde_json::json;
use uuid::Uuid;

use super::responses;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;

/// Starts work on a request inside the caller's transaction.
pub async fn start(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    staff: &CurrentUser,
    id: Uuid,
) -> Result<ArcoRequestResponse, ApiError> {
    let row = afiliados_db::arco_requests::find_for_update(tx, tenant_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !row.status.can_start() {
        return Err(ApiError::Conflict(
            ApiErrorCode::InvalidTransition,
            vec![json!({ "from": row.status, "to": "in_progress" })],
        ));
    }
    let started = afiliados_db::arco_requests::mark_started(tx, id, staff.id()).await?;
    let event = AuditEvent::new("arco.started", "arco_request", id).changes(
        Some(json!({ "status": row.status })),
        Some(json!({ "status": started.status, "type": started.kind })),
    );
    audit::record(tx, tenant_id, &AuditActor::User(staff), event).await?;
    let mut items = responses(tx, vec![started]).await?;
    items.pop().ok_or(ApiError::NotFound)
}
