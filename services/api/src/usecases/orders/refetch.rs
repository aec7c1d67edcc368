//! `POST /vtex/orders/{vtexOrderId}/refetch` (AD, FI; `api.md` §9): enqueues the typed
//! `FetchVtexOrder` job through the outbox (pushed after commit) and audits
//! `webhook.reprocessed`. The order need not exist yet: a refetch is how a missed order is pulled.

use afiliados_api_types::order_views::RefetchAccepted;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Actor, FieldCode, Role};
use afiliados_jobs::{FetchSource, FetchVtexOrder};

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// VTEX order ids are short printable tokens (`1432120512345-01`).
const MAX_ID_CHARS: usize = 64;

/// Enqueues the refetch; `force` defaults to true (recompute an unchanged `lastChange`).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn refetch(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    vtex_order_id: &str,
    force: Option<bool>,
) -> Result<RefetchAccepted, UseCaseError> {
    actor.require_any(&[Role::AdminDentsu, Role::Finance])?;
    let vtex_order_id = vtex_order_id.trim();
    if vtex_order_id.is_empty()
        || vtex_order_id.chars().count() > MAX_ID_CHARS
        || !vtex_order_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(UseCaseError::invalid(
            "vtexOrderId",
            FieldCode::InvalidFormat,
        ));
    }
    let force = force.unwrap_or(true);
    let job = FetchVtexOrder {
        vtex_order_id: vtex_order_id.to_owned(),
        source: FetchSource::Refetch,
        reconciliation_run_id: None,
        discrepancy_id: None,
        force,
    };
    let job_id = crate::jobs::enqueue(tx, &job).await?;
    let event = AuditEvent::new("webhook.reprocessed", "order", vtex_order_id).changes(
        None,
        Some(serde_json::json!({"jobId": job_id, "source": "refetch", "force": force})),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(RefetchAccepted { job_id })
}
