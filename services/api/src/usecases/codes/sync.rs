//! `POST /codes/{id}/sync` and `POST /vtex/codes/{id}/sync`: the runbook's "retry the coupon".
//! Bumps `sync_revision`, sets `sync_state = pending` and queues `SyncCoupon`; the worker always
//! reads the current desired state.

use afiliados_api_types::codes::DiscountCodeResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_domain::Actor;
use uuid::Uuid;

use super::recompute::{SyncPolicy, recompute};
use super::representation::code_response;
use super::{STAFF, visible};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Requests the sync of a code in the actor's scope (staff, or admin_marca for its brands).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, code.id = %id))]
pub async fn request_sync(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<DiscountCodeResponse, UseCaseError> {
    let scope = resolve(tx, actor, &STAFF, true, false).await?;
    let code = visible(tx, ctx, &scope, id, true).await?;
    recompute(
        tx,
        ctx.tenant_id,
        CodeSelection::Code(code.id),
        SyncPolicy::Always,
        ctx.today(),
        &actor.email,
    )
    .await?;
    let response = code_response(tx, ctx.tenant_id, code.id).await?;
    let event = AuditEvent::new("code.sync_requested", "discount_code", code.id).changes(
        Some(serde_json::json!({ "revision": code.sync_revision })),
        Some(serde_json::json!({ "revision": response.sync.revision })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(response)
}
