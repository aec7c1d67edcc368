//! The frozen rate (`domain.md` §5.8.3): the commission percent of the influencer's tier in the
//! campaign at placement, else the campaign's default tier, else its base percent.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::tier::{BASE_TIER_LEVEL, BASE_TIER_NAME};
use crate::{Percent, TierSpec};

/// One `tier_history` row of the membership, joined with its tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierPeriod {
    /// `effective_from` (inclusive).
    pub effective_from: DateTime<Utc>,
    /// `effective_to` (exclusive); `None` while open.
    pub effective_to: Option<DateTime<Utc>>,
    /// The tier of the period.
    pub tier: TierSpec,
}

/// Where the frozen rate came from (kept in `rule_snapshot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateSource {
    /// The membership's tier at placement.
    TierAtPlacement,
    /// No tier row at placement (joined after ordering): the campaign's default tier.
    DefaultTier,
    /// A campaign without tiers: `base_commission_percent`.
    BaseCommission,
}

/// The rate and tier frozen on a commission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrozenRate {
    /// The percent applied to every eligible line.
    pub rate: Percent,
    /// The tier's level (0 for the virtual base tier).
    pub tier_level: u32,
    /// The tier's name.
    pub tier_name: String,
    /// Where it came from.
    pub source: RateSource,
}

/// The rate for an order placed at `placed_at`.
pub fn rate_at_placement(
    tiers: &[TierSpec],
    history: &[TierPeriod],
    base_commission_percent: Percent,
    placed_at: DateTime<Utc>,
) -> FrozenRate {
    let frozen = |tier: &TierSpec, source| FrozenRate {
        rate: tier.commission_percent,
        tier_level: tier.level,
        tier_name: tier.name.clone(),
        source,
    };
    if tiers.is_empty() {
        return FrozenRate {
            rate: base_commission_percent,
            tier_level: BASE_TIER_LEVEL,
            tier_name: BASE_TIER_NAME.to_owned(),
            source: RateSource::BaseCommission,
        };
    }
    let at_placement = history.iter().find(|period| {
        period.effective_from <= placed_at && period.effective_to.is_none_or(|to| placed_at < to)
    });
    if let Some(period) = at_placement {
        return frozen(&period.tier, RateSource::TierAtPlacement);
    }
    match tiers.iter().find(|tier| tier.is_default) {
        Some(default) => frozen(default, RateSource::DefaultTier),
        // validate_tiers guarantees a default; a list without one falls back to the base percent.
        None => FrozenRate {
            rate: base_commission_percent,
            tier_level: BASE_TIER_LEVEL,
            tier_name: BASE_TIER_NAME.to_owned(),
            source: RateSource::BaseCommission,
        },
    }
}

#[cfg(test)]
mod tests;
