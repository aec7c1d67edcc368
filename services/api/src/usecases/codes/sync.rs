//! `POST /codes/{id}/sync` and `POST /vtex/codes/{id}/sync`: the runbook's "retry the coupon".
//! Bumps `sync_revision`, sets `sync_state = pending` and queues `SyncCoupon`; the worker always
//! reads the current desired state.

use afiliados_api_types::codes::DiscountCodeResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use uuid::Uuid;

use super::recompute::{SyncPolicy, recompute};
use super::representation::code_response;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::brand_scope::Scope;

/// Requests the sync inside the caller's transaction.
pub async fn request_sync(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    scope: &Scope,
    id: Uuid,
) -> Result<DiscountCodeResponse, ApiError> {
    let code = super::visible(tx, state.tenant_id, scope, id, true).await?;
    let today = state.clock.today();
    recompute(
        tx,
        state.tenant_id,
        CodeSelection::Code(code.id),
        SyncPolicy::Always,
        today,
        &user.user.email,
    )
    .await?;
    let response = code_response(tx, state.tenant_id, code.id).await?;
    let event = AuditEvent::new("code.sync_requested", "discount_code", code.id).changes(
        Some(serde_json::json!({ "revision": code.sync_revision })),
        Some(serde_json::json!({ "revision": response.sync.revision })),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    Ok(response)
}
