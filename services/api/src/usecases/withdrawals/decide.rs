//! `PATCH /payments/withdrawals/{id}/decision` (FI, AD; `domain.md` §4.7, §5.14.2, §2.4).
//!
//! | from | decision | rule |
//! |---|---|---|
//! | `pending` | `approved` | decider ≠ requester (403 `segregation_of_duties`); brand balance not negative (409 `balance_negative`); `payableFrom = requestedAt + hold_days` |
//! | `pending` | `rejected` | reason 3–500; `withdrawal_released` |
//! | `approved` | `rejected` | not in an exported batch (409 `withdrawal_in_batch`); `withdrawal_released` |
//! | `approved` | `approved` | 409 `withdrawal_already_decided` (already decided that way) |
//! | `rejected`, `paid` | any | 409 `withdrawal_already_decided` (final) |
//!
//! Lock order as every money path (ADR 0045): the balance row first, then the request.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::payments::{DecideWithdrawalRequest, WithdrawalResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::withdrawal_events::NewWithdrawalEvent;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::commission::LedgerMovement;
use afiliados_domain::{Actor, FieldCode, Money, WithdrawalStatus};
use chrono::Duration;
use serde_json::json;
use uuid::Uuid;

use super::DECIDERS;
use super::notices::{self, Decision};
use super::representation::{can_download, can_preview, reloaded};
use super::request::as_text;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::ledger::post::{Movement, MovementRefs, post_movement};
use crate::usecases::list_query::stored;
use crate::usecases::orders::ledger::{BalanceKey, lock};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The checked input.
struct Checked {
    approve: bool,
    notes: Option<String>,
    reason: Option<String>,
}

fn check(request: &DecideWithdrawalRequest) -> Result<Checked, UseCaseError> {
    let mut problems = Problems::new();
    let approve = match request.status {
        WithdrawalStatus::Approved => true,
        WithdrawalStatus::Rejected => false,
        WithdrawalStatus::Pending | WithdrawalStatus::Paid => {
            problems.push("status", FieldCode::InvalidEnum);
            false
        }
    };
    let notes = request
        .notes
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty());
    if notes.is_some_and(|text| text.chars().count() > 500) {
        problems.push("notes", FieldCode::TooLong);
    }
    let mut reason = None;
    if !approve {
        // `rejectionReason`, or `notes` when it is absent (api.md §11).
        let given = request
            .rejection_reason
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .or(notes);
        match given.map(|text| text.chars().count()) {
            None => problems.push("rejectionReason", FieldCode::Required),
            Some(0..3) => problems.push("rejectionReason", FieldCode::TooShort),
            Some(3..=500) => reason = given.map(str::to_owned),
            Some(_) => problems.push("rejectionReason", FieldCode::TooLong),
        }
    }
    problems.finish()?;
    Ok(Checked {
        approve,
        notes: notes.map(str::to_owned),
        reason,
    })
}

fn snapshot(row: &WithdrawalRow) -> serde_json::Value {
    json!({
        "status": row.status,
        "amount": as_text(row.amount),
        "decidedBy": row.decided_by,
        "payableFrom": row.payable_from,
        "rejectionReason": row.rejection_reason,
    })
}

/// Decides the request `id`; answers it as stored after the decision.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, withdrawal.id = %id))]
pub async fn decide(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &DecideWithdrawalRequest,
) -> Result<WithdrawalResponse, UseCaseError> {
    actor.require_any(&DECIDERS)?;
    let input = check(request)?;
    let unlocked = afiliados_db::withdrawal_requests::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let currency = unlocked.currency.trim().to_owned();
    let key = BalanceKey {
        influencer_id: unlocked.influencer_id,
        brand_id: unlocked.brand_id,
        currency: &currency,
    };
    let balance = lock(tx, ctx, key).await?;
    let row = afiliados_db::withdrawal_requests::lock(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let status = stored(&row.status, WithdrawalStatus::parse)?;
    match (status, input.approve) {
        (WithdrawalStatus::Rejected | WithdrawalStatus::Paid, _)
        | (WithdrawalStatus::Approved, true) => {
            return Err(UseCaseError::conflict(ErrorCode::WithdrawalAlreadyDecided));
        }
        (WithdrawalStatus::Approved, false) if row.batch_id.is_some() => {
            return Err(UseCaseError::conflict_with(
                ErrorCode::WithdrawalInBatch,
                json!({ "batchId": row.batch_id }),
            ));
        }
        (WithdrawalStatus::Pending, true) if row.requested_by == actor.user_id => {
            return Err(UseCaseError::forbidden(ErrorCode::SegregationOfDuties));
        }
        (WithdrawalStatus::Pending, true) if balance.available() < Money::ZERO => {
            return Err(UseCaseError::conflict_with(
                ErrorCode::BalanceNegative,
                json!({ "available": as_text(balance.available().amount()) }),
            ));
        }
        _ => {}
    }
    let now = ctx.now();
    let label = actor.user_id.to_string();
    let amount = Money::from_decimal(row.amount)
        .map_err(|_| UseCaseError::internal("stored withdrawal amount with three decimals"))?;
    let influencer = afiliados_db::influencers::find(tx, ctx.tenant_id, row.influencer_id)
        .await?
        .ok_or_else(|| UseCaseError::internal("a withdrawal without its influencer"))?;
    let brand_name = afiliados_db::brands::find(tx, ctx.tenant_id, row.brand_id)
        .await?
        .map(|brand| brand.name)
        .unwrap_or_default();
    let (action, decision) = if input.approve {
        let hold_days = afiliados_db::brand_withdrawal_policies::of_brands(tx, &[row.brand_id])
            .await?
            .get(&row.brand_id)
            .map_or(0, |policy| policy.hold_days);
        let payable_from = row.requested_at + Duration::days(i64::from(hold_days));
        afiliados_db::withdrawal_requests::approve(
            tx,
            row.id,
            actor.user_id,
            input.notes.as_deref(),
            payable_from,
            now,
        )
        .await?;
        ("approved", Decision::Approved(payable_from))
    } else {
        let reason = input
            .reason
            .as_deref()
            .ok_or_else(|| UseCaseError::internal("validated rejection without its reason"))?;
        afiliados_db::withdrawal_requests::reject(
            tx,
            row.id,
            actor.user_id,
            input.notes.as_deref(),
            reason,
            now,
        )
        .await?;
        post_movement(
            tx,
            ctx,
            key,
            &balance,
            &Movement {
                movement: LedgerMovement::WithdrawalReleased,
                amount,
                refs: MovementRefs {
                    withdrawal_id: Some(row.id),
                    ..MovementRefs::default()
                },
                description: "withdrawal rejected",
                actor: &label,
            },
            now,
        )
        .await?;
        ("rejected", Decision::Rejected(reason))
    };
    let event_notes = match &decision {
        Decision::Rejected(reason) => Some(*reason),
        Decision::Approved(_) => input.notes.as_deref(),
    };
    afiliados_db::withdrawal_events::append(
        tx,
        &[NewWithdrawalEvent {
            id: afiliados_db::new_id(),
            withdrawal_id: row.id,
            action,
            actor: &label,
            notes: event_notes,
            occurred_at: now,
        }],
    )
    .await?;
    notices::decided(
        tx,
        ctx,
        &influencer,
        &brand_name,
        row.amount,
        row.id,
        decision,
    )
    .await?;
    let after = afiliados_db::withdrawal_requests::find(tx, ctx.tenant_id, row.id)
        .await?
        .ok_or_else(|| UseCaseError::internal("a decided withdrawal vanished"))?;
    let audit_action = if input.approve {
        "withdrawal.approved"
    } else {
        "withdrawal.rejected"
    };
    let event = AuditEvent::new(audit_action, "withdrawal", row.id)
        .changes(Some(snapshot(&row)), Some(snapshot(&after)));
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    reloaded(tx, ctx, row.id, can_download(actor), can_preview(actor)).await
}
