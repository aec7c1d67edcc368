//! `PATCH /codes/{id}`: discount, dates, limits and the manual switch. The code string never
//! changes. Every edit bumps `sync_revision` and queues `SyncCoupon`; the status is re-derived.

use afiliados_api_types::codes::{DiscountCodeResponse, UpdateCodeRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeChanges;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_domain::{Actor, FieldCode, check_code_dates, check_code_discount};
use uuid::Uuid;

use super::recompute::{SyncPolicy, recompute};
use super::representation::code_response;
use super::{STAFF, visible};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::fields::percent;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Applies the PATCH to a code in the actor's scope (staff, or admin_marca for its brands).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, code.id = %id))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &UpdateCodeRequest,
) -> Result<DiscountCodeResponse, UseCaseError> {
    let scope = resolve(tx, actor, &STAFF, true, false).await?;
    let code = visible(tx, ctx, &scope, id, true).await?;
    let campaign = afiliados_db::campaigns::find_many(tx, &[code.campaign_id])
        .await?
        .into_iter()
        .next()
        .ok_or(UseCaseError::NotFound)?;
    let mut problems = Problems::new();
    let discount = match request.discount_percent {
        Some(requested) => problems.check(
            "discountPercent",
            check_code_discount(Some(requested), percent(campaign.max_discount_percent)),
        ),
        None => None,
    };
    let starts_on = request.starts_on.unwrap_or(code.starts_on);
    let ends_on = request.ends_on.unwrap_or(code.ends_on);
    if request.starts_on.is_some() || request.ends_on.is_some() {
        problems.take(check_code_dates(
            starts_on,
            ends_on,
            campaign.start_date,
            campaign.end_date,
        ));
    }
    if let Some(Some(max)) = request.max_uses {
        if max < 1 {
            problems.push("maxUses", FieldCode::OutOfRange);
        } else if max < code.usage_count {
            problems.push("maxUses", FieldCode::BelowMinimum);
        }
    }
    if request
        .max_uses_per_customer
        .flatten()
        .is_some_and(|max| max < 1)
    {
        problems.push("maxUsesPerCustomer", FieldCode::OutOfRange);
    }
    let reason = request
        .disabled_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if request.enabled == Some(false) && reason.is_none() {
        problems.push("disabledReason", FieldCode::Required);
    }
    if reason.is_some_and(|r| r.chars().count() > 500) {
        problems.push("disabledReason", FieldCode::TooLong);
    }
    problems.finish()?;
    let mut changes = CodeChanges {
        discount_percent: discount.map(|d| d.value()),
        starts_on: request.starts_on,
        ends_on: request.ends_on,
        max_uses: request.max_uses,
        max_uses_per_customer: request.max_uses_per_customer,
        enabled: request.enabled,
        ..Default::default()
    };
    match request.enabled {
        Some(false) if code.enabled => {
            changes.disabled_at = Some(Some(ctx.now()));
            changes.disabled_reason = Some(reason.map(str::to_owned));
        }
        Some(false) => changes.disabled_reason = Some(reason.map(str::to_owned)),
        Some(true) => {
            changes.disabled_at = Some(None);
            changes.disabled_reason = Some(None);
        }
        None => {}
    }
    let before = code_response(tx, ctx.tenant_id, code.id).await?;
    afiliados_db::discount_codes::update(tx, code.id, &changes).await?;
    recompute(
        tx,
        ctx.tenant_id,
        CodeSelection::Code(code.id),
        SyncPolicy::Always,
        ctx.today(),
        &actor.email,
    )
    .await?;
    if let Some(discount) = discount {
        crate::usecases::campaigns::promotions::ensure(
            tx,
            campaign.id,
            &campaign.slug,
            discount.value(),
        )
        .await?;
    }
    let after = code_response(tx, ctx.tenant_id, code.id).await?;
    let event = AuditEvent::new("code.updated", "discount_code", code.id).changes(
        serde_json::to_value(&before).ok(),
        serde_json::to_value(&after).ok(),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(after)
}
