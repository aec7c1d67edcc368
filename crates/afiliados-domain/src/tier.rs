//! Campaign tiers: configuration rules (`domain.md` §5.4.3) and selection by volume (§5.11).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::{FieldCode, FieldError, Money, Percent};

/// Most tiers a campaign may have.
pub const MAX_TIERS: usize = 10;
/// Level of the virtual tier of a campaign without tiers.
pub const BASE_TIER_LEVEL: u32 = 0;
/// Name of the virtual tier of a campaign without tiers.
pub const BASE_TIER_NAME: &str = "Base";

/// One tier of a campaign's list, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TierSpec {
    /// 1–40 characters.
    pub name: String,
    /// 1..n, contiguous.
    pub level: u32,
    /// Sales volume from which the tier applies; strictly increasing with level, 0 at level 1.
    pub threshold: Money,
    /// Commission rate of the tier.
    pub commission_percent: Percent,
    /// Exactly one tier is the default.
    pub is_default: bool,
}

/// Checks a whole tier list. An empty list is valid (the campaign has no tiers). Problems use the
/// paths `tiers` and `tiers[i].<field>` (`i` = position in the input):
/// more than 10 → `tiers` `too_long`; no default → `tiers` `required`; a second default →
/// `isDefault` `not_unique_in_list`; a repeated level or threshold → `not_unique_in_list`; a level
/// outside 1..n → `level` `out_of_range`; level 1 above 0, a negative threshold or one not above
/// the previous level's → `threshold` `out_of_range`; a bad name → `name` with its length code.
pub fn validate_tiers(tiers: &[TierSpec]) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if tiers.is_empty() {
        return Ok(());
    }
    if tiers.len() > MAX_TIERS {
        errors.push(FieldError::new("tiers", FieldCode::TooLong));
    }
    let path = |index: usize, field: &str| format!("tiers[{index}].{field}");
    let count = u32::try_from(tiers.len()).unwrap_or(u32::MAX);
    for (index, tier) in tiers.iter().enumerate() {
        let name_len = tier.name.trim().chars().count();
        if name_len == 0 {
            errors.push(FieldError::new(path(index, "name"), FieldCode::Required));
        } else if name_len > 40 {
            errors.push(FieldError::new(path(index, "name"), FieldCode::TooLong));
        }
        let earlier = tiers.get(..index).unwrap_or_default();
        if earlier.iter().any(|other| other.level == tier.level) {
            errors.push(FieldError::new(
                path(index, "level"),
                FieldCode::NotUniqueInList,
            ));
        } else if tier.level < 1 || tier.level > count {
            errors.push(FieldError::new(path(index, "level"), FieldCode::OutOfRange));
        }
        if earlier
            .iter()
            .any(|other| other.threshold == tier.threshold)
        {
            errors.push(FieldError::new(
                path(index, "threshold"),
                FieldCode::NotUniqueInList,
            ));
        } else if tier.threshold.is_negative() || (tier.level == 1 && !tier.threshold.is_zero()) {
            errors.push(FieldError::new(
                path(index, "threshold"),
                FieldCode::OutOfRange,
            ));
        } else if let Some(below) = tiers
            .iter()
            .filter(|other| other.level < tier.level)
            .max_by_key(|other| other.level)
            && below.threshold >= tier.threshold
        {
            errors.push(FieldError::new(
                path(index, "threshold"),
                FieldCode::OutOfRange,
            ));
        }
        if tier.is_default && earlier.iter().any(|other| other.is_default) {
            errors.push(FieldError::new(
                path(index, "isDefault"),
                FieldCode::NotUniqueInList,
            ));
        }
    }
    if !tiers.iter().any(|tier| tier.is_default) {
        errors.push(FieldError::new("tiers", FieldCode::Required));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The tier with the highest threshold ≤ `volume`; if none qualifies, the default tier. `None`
/// only for an empty list (the campaign uses the virtual `Base` tier).
pub fn select_tier(tiers: &[TierSpec], volume: Money) -> Option<&TierSpec> {
    tiers
        .iter()
        .filter(|tier| tier.threshold <= volume)
        .max_by_key(|tier| tier.threshold)
        .or_else(|| tiers.iter().find(|tier| tier.is_default))
}

/// Whether moving from `from_level` to `to_level` is an upgrade, a downgrade or no change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierChange {
    /// Higher level.
    Upgrade,
    /// Lower level.
    Downgrade,
    /// Same level: only `last_evaluated_at` changes.
    Unchanged,
}

impl TierChange {
    /// Compares two levels.
    pub fn between(from_level: u32, to_level: u32) -> TierChange {
        match to_level.cmp(&from_level) {
            std::cmp::Ordering::Greater => TierChange::Upgrade,
            std::cmp::Ordering::Less => TierChange::Downgrade,
            std::cmp::Ordering::Equal => TierChange::Unchanged,
        }
    }
}

/// The influencer dashboard's progress towards the next tier (§5.11 "Progress").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierProgress<'a> {
    /// The tier one level above the current one; `None` at the top.
    pub next: Option<&'a TierSpec>,
    /// `max(0, next.threshold − volume)`; zero at the top.
    pub remaining_to_next: Money,
    /// `min(100, floor(volume × 100 / next.threshold))`; 100 at the top.
    pub progress_percent: u32,
}

/// Progress of a membership on `current_level` with `volume` in the live window.
pub fn tier_progress(tiers: &[TierSpec], current_level: u32, volume: Money) -> TierProgress<'_> {
    let next = tiers
        .iter()
        .filter(|tier| tier.level > current_level)
        .min_by_key(|tier| tier.level);
    let Some(next) = next else {
        return TierProgress {
            next: None,
            remaining_to_next: Money::ZERO,
            progress_percent: 100,
        };
    };
    let remaining = next.threshold - volume;
    let remaining_to_next = if remaining.is_negative() {
        Money::ZERO
    } else {
        remaining
    };
    let progress_percent = if next.threshold.is_positive() {
        let ratio = (volume.amount() * Decimal::ONE_HUNDRED / next.threshold.amount()).floor();
        ratio
            .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
            .to_u32()
            .unwrap_or(0)
    } else {
        100
    };
    TierProgress {
        next: Some(next),
        remaining_to_next,
        progress_percent,
    }
}

#[cfg(test)]
mod tests;
