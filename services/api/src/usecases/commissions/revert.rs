//! `POST /commissions/{id}/revert` (FI, AD; `api.md` §10): reverts everything not yet reverted,
//! like a cancellation — from `estimated` the ledger moves estimated → reverted, from `confirmed`
//! it is a clawback (`domain.md` §5.13.3). The money goes through ingestion's posting path
//! (`revert_all`, `post_movements`, `orders::ledger::write`), so the clawback rule is the same one
//! whoever reverts, and so are its notices (`reversal_alert`, and `negative_balance` when the
//! clawback leaves the balance owing; [`super::notices`]).

use afiliados_api_types::ErrorCode;
use afiliados_api_types::commissions::{CommissionResponse, RevertCommissionRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::commission_lines::NewCommissionLine;
use afiliados_db::commission_transitions::NewTransition;
use afiliados_db::commissions::{Commission, CommissionChanges};
use afiliados_domain::Actor;
use afiliados_domain::commission::{
    CommissionMovement, CommissionState, ReversalReason, TransitionKind, post_movements, revert_all,
};
use serde_json::json;
use uuid::Uuid;

use super::hold::staff_text;
use super::representation::reloaded;
use super::{COMMISSION_ACTORS, staff_label};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::orders::commission::{balance_key, stored_money};
use crate::usecases::orders::ledger::{self, EntryRefs};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

fn snapshot(row: &Commission) -> serde_json::Value {
    json!({
        "state": row.state,
        "commissionAmount": row.commission_amount,
        "revertedAmount": row.reverted_amount,
        "onHold": row.on_hold,
    })
}

/// Reverts the commission's remaining net amount.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, commission.id = %id))]
pub async fn revert(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &RevertCommissionRequest,
) -> Result<CommissionResponse, UseCaseError> {
    actor.require_any(&COMMISSION_ACTORS)?;
    let mut problems = Problems::new();
    let reason = staff_text("reason", request.reason.as_deref(), &mut problems);
    problems.finish()?;
    let Some(reason) = reason else {
        return Err(UseCaseError::internal("validated revert input missing"));
    };
    let row = afiliados_db::commissions::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if row.state == CommissionState::Reverted.as_str() {
        return Err(UseCaseError::conflict(ErrorCode::CommissionAlreadyReverted));
    }
    let order = afiliados_db::orders::find(tx, ctx.tenant_id, row.order_id)
        .await?
        .ok_or_else(|| UseCaseError::internal("commission without its order"))?;
    let stored_lines = afiliados_db::commission_lines::of_commission(tx, row.id).await?;
    let quantities: Vec<(i32, i32)> = afiliados_db::order_lines::of_order(tx, order.id)
        .await?
        .iter()
        .map(|line| (line.line_index, line.quantity))
        .collect();
    let current = stored_money(tx, &row, &quantities).await?;
    let update = revert_all(&current, ReversalReason::StaffRevert);
    let key = balance_key(&row, &order.currency);
    let balance = ledger::lock(tx, ctx, key).await?;
    let posting = post_movements(&balance, &update.movements).map_err(|error| {
        UseCaseError::internal(format!("ledger refused a staff revert: {error}"))
    })?;
    let now = ctx.now();
    let label = staff_label(actor);
    let new_lines: Vec<NewCommissionLine> = update
        .after
        .lines
        .iter()
        .filter_map(|line| {
            let (_, stored) = stored_lines
                .iter()
                .find(|(index, _)| u32::try_from(*index).ok() == Some(line.line_index))?;
            Some(NewCommissionLine {
                id: stored.id,
                commission_id: row.id,
                order_line_id: stored.order_line_id,
                eligible_amount: stored.eligible_amount,
                commission_amount: line.commission_amount.amount(),
                removed_quantity: stored.removed_quantity,
                returned_quantity: stored.returned_quantity,
                reverted_quantity: stored.reverted_quantity,
                reverted_amount: line.reverted_amount.amount(),
                updated_at: now,
            })
        })
        .collect();
    afiliados_db::commission_lines::upsert(tx, &new_lines).await?;
    let context = json!({
        "orderId": order.id,
        "vtexOrderId": order.vtex_order_id,
        "reversalReason": ReversalReason::StaffRevert.as_str(),
    });
    let transitions: Vec<NewTransition<'_>> = update
        .movements
        .iter()
        .filter_map(|movement| match *movement {
            CommissionMovement::Reverted { amount, from, .. } => Some(NewTransition {
                id: afiliados_db::new_id(),
                commission_id: row.id,
                from_state: Some(from.as_str()),
                to_state: CommissionState::Reverted.as_str(),
                amount: amount.amount(),
                kind: TransitionKind::Reverted.as_str(),
                reason: Some(&reason),
                triggered_by: &label,
                context: context.clone(),
                occurred_at: now,
            }),
            CommissionMovement::Recalculated { .. } => None,
        })
        .collect();
    afiliados_db::commission_transitions::append(tx, &transitions).await?;
    let updated = afiliados_db::commissions::update(
        tx,
        row.id,
        &CommissionChanges {
            state: CommissionState::Reverted.as_str().to_owned(),
            eligible_amount: row.eligible_amount,
            commission_amount: update.after.commission_amount().amount(),
            reverted_amount: update.after.reverted_amount().amount(),
            on_hold: false,
            hold_reason: row.hold_reason.clone(),
            confirmation_due_at: row.confirmation_due_at,
            reverted_at: Some(now),
            reversal_reason: Some(ReversalReason::StaffRevert.as_str().to_owned()),
            updated_at: now,
        },
    )
    .await?;
    let refs = EntryRefs {
        commission_id: row.id,
        order_id: order.id,
        vtex_order_id: &order.vtex_order_id,
        actor: &label,
        reversal: Some(ReversalReason::StaffRevert),
    };
    ledger::write(tx, ctx, key, refs, &posting, now).await?;
    let mut after = snapshot(&updated);
    after["clawbackOpened"] = json!(posting.opens_clawback);
    after["reason"] = json!(reason);
    let event = AuditEvent::new("commission.reverted", "commission", row.id)
        .changes(Some(snapshot(&row)), Some(after));
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    reloaded(tx, ctx, row.id).await
}
