//! `PATCH /campaigns/{id}`: field edits (slug only in draft), tier replacement by level, rule
//! edits bumping `version` outside draft, promotion re-syncs on discount-relevant edits, and the
//! status transition last.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::campaigns::{CampaignResponse, UpdateCampaignRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaigns::CampaignChanges;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_domain::{Actor, CampaignStatus, FieldCode};
use uuid::Uuid;

use super::WRITERS;
use super::draft::Draft;
use super::representation::{View, one};
use super::status::{Transition, transition};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::codes::recompute::{SyncPolicy, recompute};
use crate::usecases::{UseCaseContext, UseCaseError};

fn changes_between(old: &Draft, new: &Draft) -> Result<CampaignChanges, UseCaseError> {
    let differs = |a: bool| a.then_some(());
    Ok(CampaignChanges {
        name: differs(old.name != new.name).map(|()| new.name.clone()),
        slug: differs(old.slug != new.slug).map(|()| new.slug.clone()),
        description: differs(old.description != new.description).map(|()| new.description.clone()),
        start_date: differs(old.start_date != new.start_date).map(|()| new.start_date),
        end_date: differs(old.end_date != new.end_date).map(|()| new.end_date),
        base_commission_percent: differs(
            old.base_commission_percent != new.base_commission_percent,
        )
        .map(|()| new.base_commission_percent.value()),
        commission_basis: differs(old.commission_basis != new.commission_basis)
            .map(|()| new.commission_basis.clone()),
        include_shipping: differs(old.include_shipping != new.include_shipping)
            .map(|()| new.include_shipping),
        max_discount_percent: differs(old.max_discount_percent != new.max_discount_percent)
            .map(|()| new.max_discount_percent.value()),
        max_usage: differs(old.max_usage != new.max_usage).map(|()| new.max_usage),
        min_order_value: differs(old.min_order_value != new.min_order_value)
            .map(|()| new.min_order_value.map(|m| m.amount())),
        confirmation_window_days: differs(
            old.confirmation_window_days != new.confirmation_window_days,
        )
        .map(|()| new.confirmation_window_days),
        tier_evaluation_period_days: differs(
            old.tier_evaluation_period_days != new.tier_evaluation_period_days,
        )
        .map(|()| new.tier_evaluation_period_days),
        eligible_scope_type: differs(old.eligible_scope_type != new.eligible_scope_type)
            .map(|()| new.eligible_scope_type.clone()),
        eligible_scope_values: differs(old.eligible_scope_values != new.eligible_scope_values)
            .map(|()| new.eligible_scope_values.clone()),
        stacking_rules: match old.stacking_rules != new.stacking_rules {
            true => Some(
                serde_json::to_value(new.stacking_rules)
                    .map_err(|error| UseCaseError::Internal(error.into()))?,
            ),
            false => None,
        },
        version: None,
        status: None,
        next_tier_evaluation_on: None,
    })
}

/// Rates, basis, shipping, scope, stacking, windows and minimum order: what a commission
/// snapshot records.
fn rules_changed(c: &CampaignChanges) -> bool {
    c.base_commission_percent.is_some()
        || c.commission_basis.is_some()
        || c.include_shipping.is_some()
        || c.eligible_scope_type.is_some()
        || c.eligible_scope_values.is_some()
        || c.stacking_rules.is_some()
        || c.confirmation_window_days.is_some()
        || c.tier_evaluation_period_days.is_some()
        || c.min_order_value.is_some()
}

/// What the VTEX promotion carries: dates, scope, stacking, campaign-wide uses.
fn discount_relevant(c: &CampaignChanges) -> bool {
    c.start_date.is_some()
        || c.end_date.is_some()
        || c.eligible_scope_type.is_some()
        || c.eligible_scope_values.is_some()
        || c.stacking_rules.is_some()
        || c.max_usage.is_some()
}

/// Applies the PATCH inside the caller's transaction (staff, or admin_marca for its brands).
#[tracing::instrument(skip_all, fields(actor.id = %user.user_id, campaign.id = %id))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &Actor,
    id: Uuid,
    request: &UpdateCampaignRequest,
) -> Result<CampaignResponse, UseCaseError> {
    let scope = resolve(tx, user, &WRITERS, true, false).await?;
    let target = request
        .status
        .as_deref()
        .map(super::status::parse)
        .transpose()?;
    let campaign = super::visible(tx, ctx.tenant_id, &scope, id, true).await?;
    let tiers = afiliados_db::campaign_tiers::of_campaigns(tx, &[campaign.id]).await?;
    let old = Draft::from_row(&campaign, &tiers);
    let mut new = old.clone();
    new.apply(request);
    new.validate()?;
    let mut changes = changes_between(&old, &new)?;
    if changes.slug.is_some() {
        if campaign.status != CampaignStatus::Draft {
            return Err(UseCaseError::invalid("slug", FieldCode::NotAllowed));
        }
        if afiliados_db::campaigns::slug_taken(tx, ctx.tenant_id, &new.slug, Some(campaign.id))
            .await?
        {
            return Err(UseCaseError::conflict(ErrorCode::SlugTaken));
        }
    }
    let before = one(tx, campaign.clone(), View::Staff).await?;
    let actor = super::actor_label(user);
    let tiers_changed = match &request.tiers {
        Some(_) => super::tiers::replace(tx, &campaign, &new.tiers, &actor, ctx.now()).await?,
        None => false,
    };
    let status = campaign.status;
    if status.edits_bump_version() && (rules_changed(&changes) || tiers_changed) {
        changes.version = Some(campaign.version + 1);
    }
    let fields_changed = changes != CampaignChanges::default() || tiers_changed;
    let mut updated = afiliados_db::campaigns::update(tx, campaign.id, &changes).await?;
    if let Some(slug) = &changes.slug {
        let slug = slug.clone();
        afiliados_db::campaign_promotions::rename(tx, campaign.id, |percent| {
            super::promotions::utm_campaign(&slug, percent)
        })
        .await?;
    }
    let status_change = target.filter(|to| to.as_str() != campaign.status.as_str());
    if status_change.is_none() {
        let today = ctx.today();
        // Coupons point at the promotion by utmCampaign: a slug edit re-syncs them all.
        let policy = if changes.slug.is_some() {
            SyncPolicy::Always
        } else {
            SyncPolicy::WhenChanged
        };
        if changes.slug.is_some() || changes.start_date.is_some() || changes.end_date.is_some() {
            recompute(
                tx,
                ctx.tenant_id,
                CodeSelection::Campaign(campaign.id),
                policy,
                today,
                &actor,
            )
            .await?;
        }
        if discount_relevant(&changes) || changes.slug.is_some() {
            super::promotions::resync(tx, campaign.id).await?;
        }
    }
    if fields_changed {
        let after = one(tx, updated.clone(), View::Staff).await?;
        let event = AuditEvent::new("campaign.updated", "campaign", campaign.id).changes(
            serde_json::to_value(&before).ok(),
            serde_json::to_value(&after).ok(),
        );
        audit::record(tx, ctx.tenant_id, &AuditActor::User(user), event).await?;
    }
    if let Some(to) = status_change {
        updated = transition(tx, ctx, user, &updated, Transition { to, reason: None }).await?;
    }
    Ok(one(tx, updated, View::Staff).await?)
}
