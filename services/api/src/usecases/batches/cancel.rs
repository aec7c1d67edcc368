//! `POST /payments/batches/{id}/cancel` (FI, AD; `domain.md` §5.14.5): an exported batch is
//! cancelled and its withdrawals go back to plain `approved` (event `unexported`), ready for a
//! new batch or a single payment. The stored CSV stays as the record of what was exported.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::payments::PayoutBatchResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::withdrawal_events::NewWithdrawalEvent;
use afiliados_domain::{Actor, PayoutBatchStatus, WithdrawalEventAction};
use serde_json::json;
use uuid::Uuid;

use super::create::CHUNK;
use super::{read::stored_batch, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::payments::actor_label;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Cancels batch `id`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, batch.id = %id))]
pub async fn cancel(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<PayoutBatchResponse, UseCaseError> {
    let batch = stored_batch(tx, ctx, actor, id, true).await?;
    if batch.status != PayoutBatchStatus::Exported.as_str() {
        return Err(UseCaseError::conflict(ErrorCode::BatchNotOpen));
    }
    let now = ctx.now();
    let rows = afiliados_db::payout_batch_queries::withdrawals_of(tx, id, true).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let label = actor_label(actor);
    let note = afiliados_db::payout_batch_queries::batch_note(id);
    for chunk in ids.chunks(CHUNK) {
        afiliados_db::withdrawal_requests::set_batch(tx, chunk, None, now).await?;
        let events: Vec<NewWithdrawalEvent<'_>> = chunk
            .iter()
            .map(|withdrawal_id| NewWithdrawalEvent {
                id: afiliados_db::new_id(),
                withdrawal_id: *withdrawal_id,
                action: WithdrawalEventAction::Unexported.as_str(),
                actor: &label,
                notes: Some(&note),
                occurred_at: now,
            })
            .collect();
        afiliados_db::withdrawal_events::append(tx, &events).await?;
    }
    afiliados_db::payout_batch_queries::cancel(tx, id, now).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("batch.cancelled", "payout_batch", id).changes(
            Some(json!({"status": "exported"})),
            Some(json!({"status": "cancelled", "withdrawalCount": ids.len()})),
        ),
    )
    .await?;
    let stored = stored_batch(tx, ctx, actor, id, false).await?;
    representation::build(stored, ids, None)
}
