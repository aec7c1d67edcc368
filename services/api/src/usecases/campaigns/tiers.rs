//! Replacing a campaign's tier list by level (`domain.md` §5.4.3): kept levels keep their ids,
//! new levels are added, removed levels with current assignments are refused while the campaign
//! runs (409 `tier_in_use`); otherwise their members move to the default tier.

use std::collections::HashMap;

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaign_tiers::{Tier, TierValues};
use afiliados_db::campaigns::Campaign;
use afiliados_db::tier_assignments::TierPlacement;
use afiliados_domain::tier::{BASE_TIER_LEVEL, BASE_TIER_NAME};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::usecases::UseCaseError;

/// The tier a new member starts on: the default tier, or the virtual Base at the base rate.
#[derive(Debug, Clone)]
pub struct StartTier {
    /// Tier id (none for Base).
    pub id: Option<Uuid>,
    /// Level (0 for Base).
    pub level: i32,
    /// Name.
    pub name: String,
    /// Rate.
    pub commission_percent: Decimal,
}

/// The start tier of a campaign with these tiers.
pub fn start_tier(campaign: &Campaign, tiers: &[Tier]) -> StartTier {
    match tiers.iter().find(|t| t.is_default) {
        Some(tier) => StartTier {
            id: Some(tier.id),
            level: tier.level,
            name: tier.name.clone(),
            commission_percent: tier.commission_percent,
        },
        None => StartTier {
            id: None,
            level: i32::try_from(BASE_TIER_LEVEL).unwrap_or(0),
            name: BASE_TIER_NAME.to_owned(),
            commission_percent: campaign.base_commission_percent,
        },
    }
}

fn same(existing: &[Tier], new: &[TierValues]) -> bool {
    let mut current: Vec<TierValues> = existing
        .iter()
        .map(|t| TierValues {
            name: t.name.clone(),
            level: t.level,
            threshold: t.threshold.normalize(),
            commission_percent: t.commission_percent.normalize(),
            is_default: t.is_default,
        })
        .collect();
    let mut wanted: Vec<TierValues> = new
        .iter()
        .map(|t| TierValues {
            threshold: t.threshold.normalize(),
            commission_percent: t.commission_percent.normalize(),
            ..t.clone()
        })
        .collect();
    current.sort_by_key(|t| t.level);
    wanted.sort_by_key(|t| t.level);
    current == wanted
}

/// Replaces the list inside the caller's transaction; `false` when nothing changed.
pub async fn replace(
    tx: &mut AsyncPgConnection,
    campaign: &Campaign,
    new: &[TierValues],
    actor: &str,
    now: DateTime<Utc>,
) -> Result<bool, UseCaseError> {
    let existing = afiliados_db::campaign_tiers::of_campaigns(tx, &[campaign.id]).await?;
    if same(&existing, new) {
        return Ok(false);
    }
    let running = matches!(campaign.status.as_str(), "active" | "paused");
    let removed: Vec<&Tier> = existing
        .iter()
        .filter(|t| !new.iter().any(|n| n.level == t.level))
        .collect();
    for tier in &removed {
        if running && afiliados_db::campaign_tiers::has_assignments(tx, tier.id).await? {
            return Err(UseCaseError::conflict_with(
                ErrorCode::TierInUse,
                serde_json::json!({ "level": tier.level }),
            ));
        }
    }
    for tier in &existing {
        afiliados_db::campaign_tiers::park(tx, tier.id, tier.level).await?;
    }
    let by_level: HashMap<i32, Uuid> = existing.iter().map(|t| (t.level, t.id)).collect();
    for tier in new {
        match by_level.get(&tier.level) {
            Some(id) => afiliados_db::campaign_tiers::update(tx, *id, tier).await?,
            None => {
                afiliados_db::campaign_tiers::insert(tx, campaign.id, tier).await?;
            }
        }
    }
    let tiers = afiliados_db::campaign_tiers::of_campaigns(tx, &[campaign.id]).await?;
    let removed_ids: Vec<Uuid> = removed.iter().map(|t| t.id).collect();
    move_orphans(tx, campaign, &tiers, &removed_ids, actor, now).await?;
    for id in removed_ids {
        afiliados_db::campaign_tiers::delete(tx, id).await?;
    }
    Ok(true)
}

/// Members on a removed tier, on Base while tiers now exist, or on a tier while none exist any
/// more, move to the start tier with a history row.
async fn move_orphans(
    tx: &mut AsyncPgConnection,
    campaign: &Campaign,
    tiers: &[Tier],
    removed: &[Uuid],
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), UseCaseError> {
    let start = start_tier(campaign, tiers);
    let assignments = afiliados_db::tier_assignments::of_campaign(tx, campaign.id, None).await?;
    for assignment in assignments {
        let orphan = match assignment.tier_id {
            Some(id) => removed.contains(&id),
            None => start.id.is_some(),
        };
        if !orphan {
            continue;
        }
        let reason = if assignment.tier_id.is_some() {
            "tier_removed"
        } else {
            "upgrade"
        };
        afiliados_db::tier_assignments::place(
            tx,
            &TierPlacement {
                tenant_id: campaign.tenant_id,
                campaign_id: campaign.id,
                influencer_id: assignment.influencer_id,
                tier_id: start.id,
                tier_level: start.level,
                tier_name: &start.name,
                commission_percent: start.commission_percent,
                at: now,
                reason,
                triggered_by: actor,
                evaluation: None,
            },
        )
        .await?;
    }
    Ok(())
}
