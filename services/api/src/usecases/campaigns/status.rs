//! Campaign transitions (`domain.md` §4.3) and their effects: history, the first tier
//! evaluation date on activation, every code recomputed and re-synced (pause and end archive
//! every coupon), and every promotion re-synced.

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaigns::{Campaign, CampaignChanges};
use afiliados_db::discount_codes::CodeSelection;
use afiliados_db::status_history::StatusChange;
use afiliados_domain::{Actor, CampaignStatus, FieldCode};
use chrono::{Days, NaiveDate};

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::codes::recompute::{Recomputed, SyncPolicy, recompute};
use crate::usecases::{UseCaseContext, UseCaseError};

/// A requested transition.
#[derive(Debug, Clone, Copy)]
pub struct Transition<'a> {
    /// Target status.
    pub to: CampaignStatus,
    /// Why (system transitions: `brand_inactive`).
    pub reason: Option<&'a str>,
}

/// Parses a requested status (`status` → `invalid_enum`).
pub fn parse(raw: &str) -> Result<CampaignStatus, UseCaseError> {
    CampaignStatus::parse(raw)
        .ok_or_else(|| UseCaseError::invalid("status", FieldCode::InvalidEnum))
}

/// Who moves a campaign.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    /// A signed-in user (PATCH, brand deactivation).
    User(&'a Actor),
    /// A system job: `system:daily_maintenance` ends campaigns past their end date.
    System(&'a str),
}

/// Moves the campaign inside the caller's transaction and returns the stored row (a user's
/// request: codes are recomputed for Bogota's today).
#[tracing::instrument(skip_all, fields(actor.id = %user.user_id, campaign.id = %campaign.id, to = change.to.as_str()))]
pub async fn transition(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &Actor,
    campaign: &Campaign,
    change: Transition<'_>,
) -> Result<Campaign, UseCaseError> {
    let today = ctx.today();
    let (updated, _codes) = transition_by(tx, ctx, By::User(user), campaign, change, today).await?;
    Ok(updated)
}

/// [`transition`] by any actor, recomputing the campaign's codes for `today`. Records the
/// history with the actor's label and audits `campaign.status_changed`. Returns the stored row
/// and what the recomputation did to each code (all of them get a `SyncCoupon`).
pub async fn transition_by(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    by: By<'_>,
    campaign: &Campaign,
    change: Transition<'_>,
    today: NaiveDate,
) -> Result<(Campaign, Vec<Recomputed>), UseCaseError> {
    let from = campaign.status;
    if !from.can_become(change.to) {
        return Err(UseCaseError::conflict_with(
            ErrorCode::InvalidTransition,
            serde_json::json!({ "from": from.as_str(), "to": change.to.as_str() }),
        ));
    }
    if change.to == CampaignStatus::Active {
        let brand = afiliados_db::brands::find(tx, ctx.tenant_id, campaign.brand_id)
            .await?
            .ok_or(UseCaseError::NotFound)?;
        if brand.status != afiliados_domain::BrandStatus::Active {
            return Err(UseCaseError::conflict(ErrorCode::BrandInactive));
        }
    }
    let mut changes = CampaignChanges {
        status: Some(change.to.as_str().to_owned()),
        ..Default::default()
    };
    if change.to == CampaignStatus::Active && campaign.next_tier_evaluation_on.is_none() {
        changes.next_tier_evaluation_on = Some(Some(first_evaluation(campaign)));
    }
    let updated = afiliados_db::campaigns::update(tx, campaign.id, &changes).await?;
    let actor = match by {
        By::User(user) => super::actor_label(user),
        By::System(label) => label.to_owned(),
    };
    afiliados_db::status_history::record(
        tx,
        StatusChange {
            tenant_id: ctx.tenant_id,
            entity_type: "campaign",
            entity_id: campaign.id,
            from: Some(from.as_str()),
            to: change.to.as_str(),
            reason: change.reason,
            actor: &actor,
        },
    )
    .await?;
    let codes = recompute(
        tx,
        ctx.tenant_id,
        CodeSelection::Campaign(campaign.id),
        SyncPolicy::Always,
        today,
        &actor,
    )
    .await?;
    super::promotions::resync(tx, campaign.id).await?;
    let event = AuditEvent::new("campaign.status_changed", "campaign", campaign.id).changes(
        Some(serde_json::json!({ "status": from.as_str() })),
        Some(serde_json::json!({ "status": change.to.as_str(), "reason": change.reason })),
    );
    let audit_actor = match by {
        By::User(user) => AuditActor::User(user),
        By::System(label) => AuditActor::System(label),
    };
    audit::record(tx, ctx.tenant_id, &audit_actor, event).await?;
    Ok((updated, codes))
}

/// `start_date + tier_evaluation_period_days`.
pub fn first_evaluation(campaign: &Campaign) -> chrono::NaiveDate {
    let days = u64::try_from(campaign.tier_evaluation_period_days).unwrap_or(15);
    campaign
        .start_date
        .checked_add_days(Days::new(days))
        .unwrap_or(campaign.start_date)
}
