//! Tier evaluation (`domain.md` §5.11): the window `[E − P days, E)`, the sales volume still
//! standing after partial returns, and the tier it selects (through [`crate::select_tier`]).

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::commission_state::CommissionState;
use crate::{Money, TierChange, TierSpec, select_tier};

/// `[E − P days, E)`.
pub fn evaluation_window(
    evaluation: DateTime<Utc>,
    period_days: u32,
) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        evaluation - Duration::days(i64::from(period_days)),
        evaluation,
    )
}

/// One commission of the membership in the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommissionSales {
    /// `commissions.state`.
    pub state: CommissionState,
    /// `confirmed_at`.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// `eligible_amount`.
    pub eligible_amount: Money,
    /// `commission_amount`.
    pub commission_amount: Money,
    /// `net_amount`.
    pub net_amount: Money,
}

/// Σ over `confirmed` commissions with `confirmed_at` in the window of
/// `eligible × net / commission` (a zero commission counts its eligible amount), rounded once
/// with `round_money` after summing the exact terms (ADR 0030).
pub fn sales_volume(
    commissions: &[CommissionSales],
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Money {
    let (start, end) = window;
    let total: Decimal = commissions
        .iter()
        .filter(|sale| sale.state == CommissionState::Confirmed)
        .filter(|sale| sale.confirmed_at.is_some_and(|at| start <= at && at < end))
        .map(|sale| {
            if sale.commission_amount.is_zero() {
                sale.eligible_amount.amount()
            } else {
                sale.eligible_amount.amount() * sale.net_amount.amount()
                    / sale.commission_amount.amount()
            }
        })
        .sum();
    Money::rounded(total)
}

/// The outcome of evaluating a membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierEvaluation<'a> {
    /// The volume of the window.
    pub volume: Money,
    /// The selected tier (`None` only for a campaign without tiers).
    pub tier: Option<&'a TierSpec>,
    /// Upgrade, downgrade or unchanged against `current_level`.
    pub change: TierChange,
}

/// Selects the tier for `volume`: the highest threshold ≤ volume, else the default.
pub fn evaluate_tier(tiers: &[TierSpec], current_level: u32, volume: Money) -> TierEvaluation<'_> {
    let tier = select_tier(tiers, volume);
    let level = tier.map_or(current_level, |tier| tier.level);
    TierEvaluation {
        volume,
        tier,
        change: TierChange::between(current_level, level),
    }
}

/// The first evaluation date of a campaign: `start_date + P`.
pub fn first_evaluation_on(start_date: NaiveDate, period_days: u32) -> NaiveDate {
    start_date
        .checked_add_days(Days::new(u64::from(period_days)))
        .unwrap_or(start_date)
}

/// After an evaluation on `today`: `today + P`.
pub fn next_evaluation_on(today: NaiveDate, period_days: u32) -> NaiveDate {
    first_evaluation_on(today, period_days)
}

#[cfg(test)]
mod tests;
