//! `POST /commissions/{id}/hold` and `/release` (FI, AD; `api.md` §10, `domain.md` §5.10): a staff
//! hold (`fraud_review|manual`) on an `estimated` commission keeps settlement from confirming it;
//! a release returns it to normal settlement. Both write a transition and an audit row; a hold
//! also tells finance and the gestores in-app and the finance group by e-mail, like a hold at
//! ingestion ([`super::notices::held`]).

use afiliados_api_types::ErrorCode;
use afiliados_api_types::commissions::{
    CommissionResponse, HoldCommissionRequest, ReleaseCommissionRequest,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::commission_transitions::NewTransition;
use afiliados_db::commissions::Commission;
use afiliados_domain::commission::{
    CommissionPosition, CommissionState, HoldReason, TransitionKind, apply_transition,
};
use afiliados_domain::{Actor, FieldCode};
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use super::representation::reloaded;
use super::{COMMISSION_ACTORS, staff_label};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::list_query::stored;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// A required staff text of 3–500 characters (trimmed).
pub fn staff_text(field: &str, raw: Option<&str>, problems: &mut Problems) -> Option<String> {
    let text = raw.map(str::trim).unwrap_or_default();
    let chars = text.chars().count();
    let code = match chars {
        0 => FieldCode::Required,
        1..3 => FieldCode::TooShort,
        3..=500 => return Some(text.to_owned()),
        _ => FieldCode::TooLong,
    };
    problems.push(field, code);
    None
}

async fn locked(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<(Commission, CommissionPosition), UseCaseError> {
    let row = afiliados_db::commissions::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let position = CommissionPosition {
        state: stored(&row.state, CommissionState::parse)?,
        on_hold: row.on_hold,
    };
    Ok((row, position))
}

fn snapshot(row: &Commission) -> serde_json::Value {
    json!({"state": row.state, "onHold": row.on_hold, "holdReason": row.hold_reason})
}

/// Places a staff hold.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, commission.id = %id))]
pub async fn hold(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &HoldCommissionRequest,
) -> Result<CommissionResponse, UseCaseError> {
    actor.require_any(&COMMISSION_ACTORS)?;
    let mut problems = Problems::new();
    let reason = match request.reason.as_deref().map(str::trim) {
        None | Some("") => {
            problems.push("reason", FieldCode::Required);
            None
        }
        Some(raw) => match HoldReason::parse(raw).filter(|reason| reason.is_staff_reason()) {
            Some(reason) => Some(reason),
            None => {
                problems.push("reason", FieldCode::InvalidEnum);
                None
            }
        },
    };
    let notes = staff_text("notes", request.notes.as_deref(), &mut problems);
    problems.finish()?;
    let (Some(reason), Some(notes)) = (reason, notes) else {
        return Err(UseCaseError::internal("validated hold input missing"));
    };
    let (row, position) = locked(tx, ctx, id).await?;
    apply_transition(Some(position), TransitionKind::HoldPlaced)
        .map_err(|_| UseCaseError::conflict(ErrorCode::CommissionNotHoldable))?;
    let now = ctx.now();
    let label = staff_label(actor);
    let updated =
        afiliados_db::commissions::set_hold(tx, row.id, Some((reason.as_str(), &label)), now)
            .await?;
    afiliados_db::commission_transitions::append(
        tx,
        &[NewTransition {
            id: afiliados_db::new_id(),
            commission_id: row.id,
            from_state: Some(CommissionState::Estimated.as_str()),
            to_state: CommissionState::Estimated.as_str(),
            amount: Decimal::ZERO,
            kind: TransitionKind::HoldPlaced.as_str(),
            reason: Some(reason.as_str()),
            triggered_by: &label,
            context: json!({"notes": notes}),
            occurred_at: now,
        }],
    )
    .await?;
    let order = afiliados_db::orders::find(tx, ctx.tenant_id, row.order_id)
        .await?
        .ok_or_else(|| UseCaseError::internal("commission without its order"))?;
    super::notices::held(tx, ctx, &updated, &order.vtex_order_id, reason).await?;
    let event = AuditEvent::new("commission.held", "commission", row.id)
        .changes(Some(snapshot(&row)), Some(snapshot(&updated)));
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    reloaded(tx, ctx, row.id).await
}

/// Releases a hold.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, commission.id = %id))]
pub async fn release(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &ReleaseCommissionRequest,
) -> Result<CommissionResponse, UseCaseError> {
    actor.require_any(&COMMISSION_ACTORS)?;
    let mut problems = Problems::new();
    let notes = staff_text("notes", request.notes.as_deref(), &mut problems);
    problems.finish()?;
    let Some(notes) = notes else {
        return Err(UseCaseError::internal("validated release input missing"));
    };
    let (row, position) = locked(tx, ctx, id).await?;
    apply_transition(Some(position), TransitionKind::HoldReleased)
        .map_err(|_| UseCaseError::conflict(ErrorCode::CommissionNotOnHold))?;
    let now = ctx.now();
    let label = staff_label(actor);
    let updated = afiliados_db::commissions::set_hold(tx, row.id, None, now).await?;
    afiliados_db::commission_transitions::append(
        tx,
        &[NewTransition {
            id: afiliados_db::new_id(),
            commission_id: row.id,
            from_state: Some(CommissionState::Estimated.as_str()),
            to_state: CommissionState::Estimated.as_str(),
            amount: Decimal::ZERO,
            kind: TransitionKind::HoldReleased.as_str(),
            reason: row.hold_reason.as_deref(),
            triggered_by: &label,
            context: json!({"notes": notes}),
            occurred_at: now,
        }],
    )
    .await?;
    let event = AuditEvent::new("commission.released", "commission", row.id)
        .changes(Some(snapshot(&row)), Some(snapshot(&updated)));
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    reloaded(tx, ctx, row.id).await
}
