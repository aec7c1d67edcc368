//! `POST /payments/adjustments` (FI, AD; `api.md` §11, `domain.md` §5.15): a `manual` debt of an
//! influencer in a brand. `amount` > 0, `reason` 10–500, optional `orderId`/`commissionId` that
//! must be the same influencer's in the same brand. In one transaction: the brand balance is
//! locked, the adjustment inserted `pending`, `adjustment_opened` posted (pending_adjustments
//! +A: the balance may go negative), the influencer told in-app and the act audited.

use afiliados_api_types::payments::{AdjustmentResponse, CreateAdjustmentRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::adjustments::NewAdjustment;
use afiliados_domain::commission::{AdjustmentKind, LedgerMovement};
use afiliados_domain::{Actor, FieldCode};
use serde_json::json;
use uuid::Uuid;

use super::representation::reloaded;
use super::{ADJUSTMENT_ACTORS, notices};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::ledger::post::{Movement, MovementRefs, post_movement};
use crate::usecases::orders::ledger::{self, BalanceKey};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// `reason`: 10–500 characters after trimming (`domain.md` §3.8).
fn reason(raw: &str, problems: &mut Problems) -> Option<String> {
    let text = raw.trim();
    let code = match text.chars().count() {
        0 => FieldCode::Required,
        1..10 => FieldCode::TooShort,
        10..=500 => return Some(text.to_owned()),
        _ => FieldCode::TooLong,
    };
    problems.push("reason", code);
    None
}

/// Checks that the optional order and commission belong to the influencer and brand (422
/// `unknown_reference` otherwise: naming another's record is a mistake, and saying which would
/// leak nothing the caller — finance — cannot read anyway).
async fn check_references(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: &CreateAdjustmentRequest,
    influencer_id: Uuid,
    brand_id: Uuid,
    problems: &mut Problems,
) -> Result<(), UseCaseError> {
    let mut commission_order = None;
    if let Some(commission_id) = request.commission_id {
        match afiliados_db::adjustments::commission_owner(tx, ctx.tenant_id, commission_id).await? {
            Some((influencer, brand, order))
                if influencer == influencer_id && brand == brand_id =>
            {
                commission_order = Some(order);
            }
            _ => problems.push("commissionId", FieldCode::UnknownReference),
        }
    }
    if let Some(order_id) = request.order_id {
        let owned = matches!(
            afiliados_db::adjustments::order_owner(tx, ctx.tenant_id, order_id).await?,
            Some((Some(influencer), Some(brand))) if influencer == influencer_id && brand == brand_id
        );
        if !owned || commission_order.is_some_and(|order| order != order_id) {
            problems.push("orderId", FieldCode::UnknownReference);
        }
    }
    Ok(())
}

/// Records a manual debt.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &CreateAdjustmentRequest,
) -> Result<AdjustmentResponse, UseCaseError> {
    actor.require_any(&ADJUSTMENT_ACTORS)?;
    let mut problems = Problems::new();
    if !request.amount.is_positive() {
        problems.push("amount", FieldCode::InvalidAmount);
    }
    let reason = reason(&request.reason, &mut problems);
    let influencer_id = Uuid::from(request.influencer_id);
    let brand_id = Uuid::from(request.brand_id);
    let influencer = afiliados_db::influencers::find(tx, ctx.tenant_id, influencer_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let brand = afiliados_db::brands::find(tx, ctx.tenant_id, brand_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    // A debt needs the balance it is owed on: an influencer that never joined a campaign of the
    // brand has none, and a debt there is a typing mistake (ADR 0049).
    let currency = afiliados_db::adjustments::balance_currency(tx, influencer.id, brand.id).await?;
    if currency.is_none() {
        problems.push("brandId", FieldCode::UnknownReference);
    }
    check_references(tx, ctx, request, influencer.id, brand.id, &mut problems).await?;
    problems.finish()?;
    let (Some(reason), Some(currency)) = (reason, currency) else {
        return Err(UseCaseError::internal("validated adjustment input missing"));
    };
    let currency = currency.trim().to_owned();
    let key = BalanceKey {
        influencer_id: influencer.id,
        brand_id: brand.id,
        currency: &currency,
    };
    let balance = ledger::lock(tx, ctx, key).await?;
    let now = ctx.now();
    let id = afiliados_db::new_id();
    let actor_label = actor.user_id.to_string();
    afiliados_db::adjustments::insert(
        tx,
        &NewAdjustment {
            id,
            tenant_id: ctx.tenant_id,
            influencer_id: influencer.id,
            brand_id: brand.id,
            kind: AdjustmentKind::Manual.as_str(),
            amount: request.amount.amount(),
            currency: &currency,
            reason: &reason,
            commission_id: request.commission_id,
            order_id: request.order_id,
            created_by: &actor_label,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let description = format!("manual adjustment: {reason}");
    let after = post_movement(
        tx,
        ctx,
        key,
        &balance,
        &Movement {
            movement: LedgerMovement::AdjustmentOpened(AdjustmentKind::Manual),
            amount: request.amount,
            refs: MovementRefs {
                adjustment_id: Some(id),
                commission_id: request.commission_id,
                ..MovementRefs::default()
            },
            description: &description,
            actor: &actor_label,
        },
        now,
    )
    .await?;
    let row = afiliados_db::adjustments::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or_else(|| UseCaseError::internal("adjustment vanished after its insert"))?;
    notices::created(tx, ctx, &row, &brand.name).await?;
    notices::alert_finance(
        tx,
        ctx,
        &row,
        &influencer,
        &brand.name,
        &actor.email,
        after.available().amount(),
    )
    .await?;
    let event = AuditEvent::new("adjustment.created", "adjustment", id).changes(
        None,
        Some(json!({
            "kind": row.kind,
            "influencerId": row.influencer_id,
            "brandId": row.brand_id,
            "amount": row.amount,
            "reason": row.reason,
            "orderId": row.order_id,
            "commissionId": row.commission_id,
            "availableAfter": after.available().amount(),
        })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    reloaded(tx, ctx.tenant_id, id).await
}
