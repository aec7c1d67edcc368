//! `PATCH /brands/{id}`: admin_dentsu edits every field; admin_marca only the description of its
//! own brand. Deactivation pauses the brand's active campaigns (with their code and promotion
//! side effects).

use afiliados_api_types::ErrorCode;
use afiliados_api_types::brands::{BrandResponse, UpdateBrandRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::BrandChanges;
use afiliados_domain::brand::BRAND_SLUG_MAX;
use afiliados_domain::{Actor, FieldCode, Role};
use afiliados_domain::{CampaignStatus, CouponPrefix, Slug, bounded_text, optional_text};
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::campaigns::status::{Transition, transition};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

fn only_description(request: &UpdateBrandRequest) -> bool {
    request.name.is_none()
        && request.slug.is_none()
        && request.coupon_prefix.is_none()
        && request.vtex_brand_id.is_none()
        && request.owner_user_ids.is_none()
        && request.status.is_none()
}

fn changes_of(request: &UpdateBrandRequest) -> Result<BrandChanges, UseCaseError> {
    let mut problems = Problems::default();
    let mut changes = BrandChanges::default();
    if let Some(name) = &request.name {
        changes.name = problems.check("name", bounded_text(name, 2, 80));
    }
    if let Some(slug) = &request.slug {
        changes.slug = problems
            .check("slug", Slug::parse(slug, BRAND_SLUG_MAX))
            .map(String::from);
    }
    if let Some(prefix) = &request.coupon_prefix {
        changes.coupon_prefix = problems
            .check("couponPrefix", CouponPrefix::parse(prefix))
            .map(String::from);
    }
    if let Some(vtex) = &request.vtex_brand_id {
        changes.vtex_brand_id = Some(super::create::check_vtex_brand_id(
            vtex.as_deref(),
            &mut problems,
        ));
    }
    if let Some(description) = &request.description {
        changes.description =
            problems.check("description", optional_text(description.as_deref(), 1000));
    }
    if let Some(status) = &request.status {
        if status == "active" || status == "inactive" {
            changes.status = Some(status.clone());
        } else {
            problems.push("status", FieldCode::InvalidEnum);
        }
    }
    problems.finish()?;
    Ok(changes)
}

/// Applies the PATCH inside the caller's transaction (admin_dentsu; admin_marca only the
/// description of its own brand).
#[tracing::instrument(skip_all, fields(actor.id = %user.user_id, brand.id = %id))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &Actor,
    id: Uuid,
    request: &UpdateBrandRequest,
) -> Result<BrandResponse, UseCaseError> {
    let scope = resolve(tx, user, &[Role::AdminDentsu], true, false).await?;
    let brand = afiliados_db::brands::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    scope.require_brand(brand.id)?;
    if !scope.is_all() && !only_description(request) {
        return Err(UseCaseError::forbidden(ErrorCode::Forbidden));
    }
    let mut changes = changes_of(request)?;
    if let Some(prefix) = &changes.coupon_prefix
        && *prefix != brand.coupon_prefix
        && afiliados_db::brands::prefix_in_use(tx, brand.id, &brand.coupon_prefix).await?
    {
        return Err(UseCaseError::conflict(ErrorCode::PrefixInUse));
    }
    let vtex = changes.vtex_brand_id.clone().flatten();
    super::create::check_unique(
        tx,
        ctx,
        Some(brand.id),
        changes.slug.as_deref(),
        changes.coupon_prefix.as_deref(),
        vtex.as_deref(),
    )
    .await?;
    if let Some(owners) = &request.owner_user_ids {
        super::check_owners(tx, ctx.tenant_id, &afiliados_domain::ids::uuids(owners)).await?;
        afiliados_db::brands::set_owners(
            tx,
            brand.id,
            &afiliados_domain::ids::uuids(owners),
            Some(user.user_id),
        )
        .await?;
    }
    let status_change = changes
        .status
        .clone()
        .filter(|status| *status != brand.status.as_str());
    if changes.status.as_deref() == Some(brand.status.as_str()) {
        changes.status = None;
    }
    let before = super::representation::one(tx, brand.clone(), true).await?;
    let updated = afiliados_db::brands::update(tx, brand.id, &changes).await?;
    if status_change.as_deref() == Some("inactive") {
        pause_campaigns(tx, ctx, user, brand.id).await?;
    }
    let after = super::representation::one(tx, updated.clone(), true).await?;
    let actor = AuditActor::User(user);
    let other_fields = BrandChanges {
        status: None,
        ..changes.clone()
    };
    if status_change.is_none() || has_any(&other_fields) || request.owner_user_ids.is_some() {
        let event = AuditEvent::new("brand.updated", "brand", brand.id).changes(
            serde_json::to_value(&before).ok(),
            serde_json::to_value(&after).ok(),
        );
        audit::record(tx, ctx.tenant_id, &actor, event).await?;
    }
    if let Some(status) = &status_change {
        let event = AuditEvent::new("brand.status_changed", "brand", brand.id).changes(
            Some(serde_json::json!({ "status": brand.status })),
            Some(serde_json::json!({ "status": status })),
        );
        audit::record(tx, ctx.tenant_id, &actor, event).await?;
    }
    if scope.is_all() {
        Ok(after)
    } else {
        Ok(super::representation::one(tx, updated, false).await?)
    }
}

fn has_any(changes: &BrandChanges) -> bool {
    changes.name.is_some()
        || changes.slug.is_some()
        || changes.coupon_prefix.is_some()
        || changes.vtex_brand_id.is_some()
        || changes.description.is_some()
        || changes.logo_document_id.is_some()
}

/// The system transition `active → paused` of every active campaign of a deactivated brand.
async fn pause_campaigns(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &Actor,
    brand_id: Uuid,
) -> Result<(), UseCaseError> {
    let campaigns = afiliados_db::campaigns::of_brand_with_status(
        tx,
        brand_id,
        CampaignStatus::Active.as_str(),
    )
    .await?;
    for campaign in campaigns {
        transition(
            tx,
            ctx,
            user,
            &campaign,
            Transition {
                to: CampaignStatus::Paused,
                reason: Some("brand_inactive"),
            },
        )
        .await?;
    }
    Ok(())
}
