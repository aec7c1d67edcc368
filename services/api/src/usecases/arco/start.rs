//! `POST /arco/requests/{id}/start`: `received → in_progress` (admin_dentsu, gestor).

use afiliados_api_types::ErrorCode;
use afiliados_api_types::arco::ArcoRequestResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::Actor;
use serde_json::json;
use uuid::Uuid;

use super::{ARCO_STAFF, single_response};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Starts work on a request.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, arco_request.id = %id))]
pub async fn start(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<ArcoRequestResponse, UseCaseError> {
    actor.require_any(&ARCO_STAFF)?;
    let row = afiliados_db::arco_requests::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if !row.status.can_start() {
        return Err(UseCaseError::conflict_with(
            ErrorCode::InvalidTransition,
            json!({ "from": row.status, "to": "in_progress" }),
        ));
    }
    let started = afiliados_db::arco_requests::mark_started(tx, id, actor.user_id).await?;
    let event = AuditEvent::new("arco.started", "arco_request", id).changes(
        Some(json!({ "status": row.status })),
        Some(json!({ "status": started.status, "type": started.kind })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    single_response(tx, started).await
}
