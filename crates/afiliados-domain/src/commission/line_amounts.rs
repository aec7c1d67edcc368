//! Per-line amounts (`domain.md` §5.8.2–5.8.4): eligible amount by basis and shipping, line
//! commission rounded once per line with `round_money`, order totals as plain sums.

use serde::Serialize;

use super::eligibility::{EligibilityRules, IneligibilityReason, line_eligibility};
use super::order_line::OrderLine;
use super::shipping::allocate_shipping;
use crate::{CommissionBasis, Money, Percent};

/// The pricing part of the frozen rule snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricingRules {
    /// `pre_tax` or `post_tax`.
    pub basis: CommissionBasis,
    /// Whether the line's shipping share counts.
    pub include_shipping: bool,
    /// The frozen rate.
    pub rate: Percent,
}

/// `eligible = line_net + (line_tax if post_tax) + (shipping_share if include_shipping)`.
pub fn eligible_amount(
    line_net: Money,
    line_tax: Money,
    shipping_share: Money,
    basis: CommissionBasis,
    include_shipping: bool,
) -> Money {
    let tax = match basis {
        CommissionBasis::PostTax => line_tax,
        CommissionBasis::PreTax => Money::ZERO,
    };
    let shipping = if include_shipping {
        shipping_share
    } else {
        Money::ZERO
    };
    line_net + tax + shipping
}

/// `round_money(eligible × rate / 100)`: the one rounding of a commission, per line.
pub fn line_commission(eligible: Money, rate: Percent) -> Money {
    Money::rounded(eligible.times_percent(rate))
}

/// One line's calculation, as the explain endpoint shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineCalculation {
    /// Position in the order.
    pub line_index: u32,
    /// The first failing rule; `None` when eligible.
    pub ineligibility_reason: Option<IneligibilityReason>,
    /// `line_net`.
    pub line_net: Money,
    /// `line_tax`.
    pub line_tax: Money,
    /// `order_lines.shipping_share`: the line's allocation when the campaign includes shipping,
    /// eligible or not (an ineligible line's share is simply not paid); 0 when it does not
    /// (the fixture's per-case `shippingShare`, ADR 0030).
    pub shipping_share: Money,
    /// The part of the eligible amount that is tax (0 when pre_tax or ineligible).
    pub tax_counted: Money,
    /// The eligible amount (0 when ineligible).
    pub eligible_amount: Money,
    /// The line commission (0 when ineligible).
    pub commission_amount: Money,
}

impl LineCalculation {
    /// Whether the line earns commission.
    pub fn is_eligible(&self) -> bool {
        self.ineligibility_reason.is_none()
    }

    /// `"125820.00 × 10.00 / 100 = 12582.00 (half-up)"` for an eligible line.
    pub fn formula(&self, rate: Percent) -> Option<String> {
        self.is_eligible().then(|| {
            format!(
                "{} × {} / 100 = {} (half-up)",
                self.eligible_amount, rate, self.commission_amount
            )
        })
    }
}

/// An order's commission calculation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommissionCalculation {
    /// The frozen rate used.
    pub rate: Percent,
    /// Every line of the order, by index.
    pub lines: Vec<LineCalculation>,
    /// Σ eligible amounts of eligible lines (not rounded again).
    pub eligible_amount: Money,
    /// Σ line commissions (not rounded again).
    pub commission_amount: Money,
}

impl CommissionCalculation {
    /// The eligible lines (those that get a `commission_lines` row).
    pub fn eligible_lines(&self) -> impl Iterator<Item = &LineCalculation> {
        self.lines.iter().filter(|line| line.is_eligible())
    }
}

/// Computes every line of an attributed order: eligibility, shipping share, eligible amount and
/// commission. `lines` may come in any order; the allocation follows `line_index`.
pub fn calculate_commission(
    lines: &[OrderLine],
    shipping_total: Money,
    eligibility: &EligibilityRules,
    pricing: PricingRules,
) -> CommissionCalculation {
    let mut ordered: Vec<&OrderLine> = lines.iter().collect();
    ordered.sort_by_key(|line| line.line_index);
    let nets: Vec<Money> = ordered.iter().map(|line| line.line_net).collect();
    let shares = allocate_shipping(shipping_total, &nets);
    let lines: Vec<LineCalculation> = ordered
        .iter()
        .zip(shares)
        .map(|(line, allocated)| {
            let shipping_share = if pricing.include_shipping {
                allocated
            } else {
                Money::ZERO
            };
            let verdict = line_eligibility(line, eligibility);
            let (tax_counted, eligible, commission) = match verdict {
                Ok(()) => {
                    let eligible = eligible_amount(
                        line.line_net,
                        line.line_tax,
                        shipping_share,
                        pricing.basis,
                        pricing.include_shipping,
                    );
                    let tax = eligible - line.line_net - shipping_share;
                    (tax, eligible, line_commission(eligible, pricing.rate))
                }
                Err(_) => (Money::ZERO, Money::ZERO, Money::ZERO),
            };
            LineCalculation {
                line_index: line.line_index,
                ineligibility_reason: verdict.err(),
                line_net: line.line_net,
                line_tax: line.line_tax,
                shipping_share,
                tax_counted,
                eligible_amount: eligible,
                commission_amount: commission,
            }
        })
        .collect();
    CommissionCalculation {
        rate: pricing.rate,
        eligible_amount: lines.iter().map(|line| line.eligible_amount).sum(),
        commission_amount: lines.iter().map(|line| line.commission_amount).sum(),
        lines,
    }
}

#[cfg(test)]
mod tests;
