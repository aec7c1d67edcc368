//! `POST /campaigns`: a draft (or directly active) campaign with its tiers.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::campaigns::{CampaignResponse, CreateCampaignRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaigns::NewCampaign;
use afiliados_db::status_history::StatusChange;
use afiliados_domain::{Actor, CampaignStatus, FieldCode};

use super::WRITERS;
use super::draft::Draft;
use super::representation::{View, one};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Validates the body into a draft and the initial status (`draft` or `active`).
pub fn validate(request: &CreateCampaignRequest) -> Result<(Draft, CampaignStatus), UseCaseError> {
    let status = match request.status.as_deref() {
        None | Some("draft") => CampaignStatus::Draft,
        Some("active") => CampaignStatus::Active,
        Some(_) => return Err(UseCaseError::invalid("status", FieldCode::InvalidEnum)),
    };
    let mut draft = Draft::from_create(request);
    draft.validate()?;
    Ok((draft, status))
}

/// Creates the campaign inside the caller's transaction (staff, or admin_marca for its brands).
#[tracing::instrument(skip_all, fields(actor.id = %user.user_id, brand.id = %request.brand_id, campaign.id = tracing::field::Empty))]
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &Actor,
    request: &CreateCampaignRequest,
) -> Result<CampaignResponse, UseCaseError> {
    let scope = resolve(tx, user, &WRITERS, true, false).await?;
    let (draft, status) = validate(request)?;
    let brand = afiliados_db::brands::find(tx, ctx.tenant_id, request.brand_id.into())
        .await?
        .filter(|brand| scope.covers_brand(brand.id))
        .ok_or_else(|| UseCaseError::invalid("brandId", FieldCode::UnknownReference))?;
    if brand.status != afiliados_domain::BrandStatus::Active {
        return Err(UseCaseError::conflict(ErrorCode::BrandInactive));
    }
    if afiliados_db::campaigns::slug_taken(tx, ctx.tenant_id, &draft.slug, None).await? {
        return Err(UseCaseError::conflict(ErrorCode::SlugTaken));
    }
    let mut row = NewCampaign {
        id: afiliados_db::new_id(),
        tenant_id: ctx.tenant_id,
        brand_id: brand.id,
        name: draft.name.clone(),
        slug: draft.slug.clone(),
        description: draft.description.clone(),
        start_date: draft.start_date,
        end_date: draft.end_date,
        status: status.as_str().to_owned(),
        base_commission_percent: draft.base_commission_percent.value(),
        commission_basis: draft.commission_basis.clone(),
        include_shipping: draft.include_shipping,
        max_discount_percent: draft.max_discount_percent.value(),
        max_usage: draft.max_usage,
        min_order_value: draft.min_order_value.map(|m| m.amount()),
        confirmation_window_days: draft.confirmation_window_days,
        tier_evaluation_period_days: draft.tier_evaluation_period_days,
        eligible_scope_type: draft.eligible_scope_type.clone(),
        eligible_scope_values: draft.eligible_scope_values.clone(),
        stacking_rules: serde_json::to_value(draft.stacking_rules)
            .map_err(|error| UseCaseError::Internal(error.into()))?,
        next_tier_evaluation_on: None,
        created_by: Some(user.user_id),
    };
    let campaign = afiliados_db::campaigns::insert(tx, &row).await?;
    tracing::Span::current().record("campaign.id", tracing::field::display(campaign.id));
    if status == CampaignStatus::Active {
        row.next_tier_evaluation_on = Some(super::status::first_evaluation(&campaign));
    }
    let campaign = if row.next_tier_evaluation_on.is_some() {
        let changes = afiliados_db::campaigns::CampaignChanges {
            next_tier_evaluation_on: Some(row.next_tier_evaluation_on),
            ..Default::default()
        };
        afiliados_db::campaigns::update(tx, campaign.id, &changes).await?
    } else {
        campaign
    };
    for tier in &draft.tiers {
        afiliados_db::campaign_tiers::insert(tx, campaign.id, tier).await?;
    }
    let actor = super::actor_label(user);
    afiliados_db::status_history::record(
        tx,
        StatusChange {
            tenant_id: ctx.tenant_id,
            entity_type: "campaign",
            entity_id: campaign.id,
            from: None,
            to: status.as_str(),
            reason: None,
            actor: &actor,
        },
    )
    .await?;
    let response = one(tx, campaign, View::Staff).await?;
    let event = AuditEvent::new("campaign.created", "campaign", response.id)
        .changes(None, serde_json::to_value(&response).ok());
    audit::record(tx, ctx.tenant_id, &AuditActor::User(user), event).await?;
    Ok(response)
}
