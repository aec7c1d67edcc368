//! `PATCH /payments/adjustments/{id}/resolve` (FI, AD; `api.md` §11, `domain.md` §4.8, §5.15):
//! `recovered` by `netting` (the default; only while the brand balance's available is ≥ 0 —
//! the wallet has absorbed the debt — else 409 `adjustment_not_covered`) or by `repayment`
//! (`reference` of the incoming transfer required; a clawback repayment also lowers `withdrawn`),
//! or `written_off` (the debt is forgiven: available rises by the amount). `resolved` is final
//! (409 `adjustment_already_resolved`). Lock order: the balance row, then the adjustment.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::payments::{AdjustmentResponse, ResolveAdjustmentRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::adjustments::Resolution;
use afiliados_domain::commission::{AdjustmentKind, LedgerMovement, Recovery};
use afiliados_domain::{Actor, AdjustmentResolution, AdjustmentStatus, FieldCode};
use serde_json::json;
use uuid::Uuid;

use super::representation::reloaded;
use super::{ADJUSTMENT_ACTORS, notices};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::ledger::post::{Movement, MovementRefs, post_movement};
use crate::usecases::list_query::stored;
use crate::usecases::orders::ledger::{self, BalanceKey};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The checked body: the movement to post and the texts to store.
struct Decision {
    resolution: AdjustmentResolution,
    recovery: Option<Recovery>,
    reference: Option<String>,
    notes: Option<String>,
}

fn decision(request: &ResolveAdjustmentRequest) -> Result<Decision, UseCaseError> {
    let mut problems = Problems::new();
    let recovery = match request.resolution_type {
        AdjustmentResolution::Recovered => {
            Some(request.recovery_method.unwrap_or(Recovery::Netting))
        }
        AdjustmentResolution::WrittenOff => {
            if request.recovery_method.is_some() {
                problems.push("recoveryMethod", FieldCode::NotAllowed);
            }
            None
        }
    };
    let reference = request
        .reference
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty());
    let reference = match (recovery, reference) {
        (Some(Recovery::Repayment), None) => {
            problems.push("reference", FieldCode::Required);
            None
        }
        (Some(Recovery::Repayment), Some(text)) => match text.chars().count() {
            0..3 => {
                problems.push("reference", FieldCode::TooShort);
                None
            }
            3..=100 => Some(text.to_owned()),
            _ => {
                problems.push("reference", FieldCode::TooLong);
                None
            }
        },
        // A reference means an incoming transfer: only a repayment has one.
        (_, Some(_)) => {
            problems.push("reference", FieldCode::NotAllowed);
            None
        }
        (_, None) => None,
    };
    let notes = request
        .notes
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty());
    if notes.is_some_and(|text| text.chars().count() > 500) {
        problems.push("notes", FieldCode::TooLong);
    }
    problems.finish()?;
    Ok(Decision {
        resolution: request.resolution_type,
        recovery,
        reference,
        notes: notes.map(str::to_owned),
    })
}

/// Resolves a pending adjustment.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, adjustment.id = %id))]
pub async fn resolve(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &ResolveAdjustmentRequest,
) -> Result<AdjustmentResponse, UseCaseError> {
    actor.require_any(&ADJUSTMENT_ACTORS)?;
    let decision = decision(request)?;
    let found = afiliados_db::adjustments::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let currency = found.currency.trim().to_owned();
    let key = BalanceKey {
        influencer_id: found.influencer_id,
        brand_id: found.brand_id,
        currency: &currency,
    };
    let balance = ledger::lock(tx, ctx, key).await?;
    let row = afiliados_db::adjustments::lock(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if stored(&row.status, AdjustmentStatus::parse)? == AdjustmentStatus::Resolved {
        return Err(UseCaseError::conflict(ErrorCode::AdjustmentAlreadyResolved));
    }
    let kind = stored(&row.kind, AdjustmentKind::parse)?;
    let available = balance.available();
    if decision.recovery == Some(Recovery::Netting) && available.is_negative() {
        // Written as `api.md` §0.4 writes money in details: a two-decimal string.
        return Err(UseCaseError::conflict_with(
            ErrorCode::AdjustmentNotCovered,
            json!({ "available": format!("{:.2}", available.amount()) }),
        ));
    }
    let movement = match decision.recovery {
        Some(recovery) => LedgerMovement::AdjustmentRecovered(kind, recovery),
        None => LedgerMovement::WriteOff,
    };
    let amount = crate::usecases::fields::money(row.amount);
    let now = ctx.now();
    let actor_label = actor.user_id.to_string();
    let description = match decision.recovery {
        Some(Recovery::Netting) => format!("{} adjustment recovered by netting", kind.as_str()),
        Some(Recovery::Repayment) => format!("{} adjustment repaid", kind.as_str()),
        None => format!("{} adjustment written off", kind.as_str()),
    };
    let after = post_movement(
        tx,
        ctx,
        key,
        &balance,
        &Movement {
            movement,
            amount,
            refs: MovementRefs {
                adjustment_id: Some(row.id),
                commission_id: row.commission_id,
                ..MovementRefs::default()
            },
            description: &description,
            actor: &actor_label,
        },
        now,
    )
    .await?;
    let resolved = afiliados_db::adjustments::resolve(
        tx,
        row.id,
        &Resolution {
            status: AdjustmentStatus::Resolved.as_str(),
            resolution_type: Some(decision.resolution.as_str()),
            recovery_method: decision.recovery.map(Recovery::as_str),
            recovery_reference: decision.reference.as_deref(),
            resolved_by: Some(&actor_label),
            resolved_at: Some(now),
            resolution_notes: decision.notes.as_deref(),
            updated_at: now,
        },
    )
    .await?;
    if !resolved {
        return Err(UseCaseError::internal(
            "locked pending adjustment not updated",
        ));
    }
    let updated = afiliados_db::adjustments::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or_else(|| UseCaseError::internal("adjustment vanished after its resolution"))?;
    let brand_name = afiliados_db::brands::find(tx, ctx.tenant_id, row.brand_id)
        .await?
        .map(|brand| brand.name)
        .unwrap_or_default();
    let available_after = after.available().amount();
    notices::resolved(tx, ctx, &updated, &brand_name, available_after).await?;
    let event = AuditEvent::new("adjustment.resolved", "adjustment", id).changes(
        Some(json!({ "status": row.status, "amount": row.amount })),
        Some(json!({
            "status": updated.status,
            "resolutionType": updated.resolution_type,
            "recoveryMethod": updated.recovery_method,
            "recoveryReference": updated.recovery_reference,
            "notes": updated.resolution_notes,
            "availableBefore": available.amount(),
            "availableAfter": available_after,
        })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    reloaded(tx, ctx.tenant_id, id).await
}
