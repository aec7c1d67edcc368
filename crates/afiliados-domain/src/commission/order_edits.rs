//! A new version of an attributed order applied to its commission (`domain.md` §5.9): returned
//! or removed units through the cumulative formula, and amount changes — recalculated while
//! `estimated`, reverted when lower and flagged when higher while `confirmed`. ADR 0030 records
//! the choices: unit counts and reverted amounts never decrease (what was taken back stays taken
//! back), and a line's commission never drops below what it already reverted.

use super::commission_state::{CommissionState, ReversalReason, TransitionKind};
use super::returns::cumulative_reverted;
use super::state::{CommissionLine, CommissionMoney, CommissionMovement, CommissionUpdate};
use crate::Money;

/// One eligible line of the new version, priced with the commission's frozen rate and snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionLine {
    /// The order line.
    pub line_index: u32,
    /// Units ordered.
    pub quantity: u32,
    /// The line commission recomputed from this version (`c'`).
    pub commission_amount: Money,
    /// Units removed by edits in this version.
    pub removed_quantity: u32,
    /// Units covered by return invoices in this version.
    pub returned_quantity: u32,
}

#[derive(Default)]
struct Totals {
    recalculated: Money,
    reverted_units: Money,
    reverted_decrease: Money,
    returned_grew: bool,
    removed_grew: bool,
    any_returned: bool,
    increase: bool,
}

/// Applies a version whose eligible lines are `lines` (a commission line missing from them is no
/// longer eligible: its new commission is 0). A `reverted` commission does not change.
pub fn apply_version(current: &CommissionMoney, lines: &[VersionLine]) -> CommissionUpdate {
    if current.state == CommissionState::Reverted {
        return CommissionUpdate::unchanged(current);
    }
    let confirmed = current.state == CommissionState::Confirmed;
    let mut totals = Totals::default();
    let mut after_lines: Vec<CommissionLine> = Vec::new();
    let mut indexes: Vec<u32> = current.lines.iter().map(|line| line.line_index).collect();
    indexes.extend(lines.iter().map(|line| line.line_index));
    indexes.sort_unstable();
    indexes.dedup();
    for index in indexes {
        let old = current.line(index);
        let new = lines.iter().find(|line| line.line_index == index);
        match (old, new) {
            (Some(old), new) => {
                after_lines.push(apply_line(old, new, confirmed, &mut totals));
            }
            (None, Some(new)) if confirmed => {
                // A line that became eligible after confirmation is an increase.
                totals.increase |= new.commission_amount.is_positive();
            }
            (None, Some(new)) => {
                let fresh = CommissionLine::new(index, new.quantity, Money::ZERO);
                after_lines.push(apply_line(&fresh, Some(new), false, &mut totals));
            }
            (None, None) => {}
        }
    }
    let mut after = CommissionMoney {
        state: current.state,
        lines: after_lines,
    };
    let fully_gone = !after.lines.is_empty() && after.lines.iter().all(CommissionLine::fully_gone);
    let mut movements = Vec::new();
    if !totals.recalculated.is_zero() {
        movements.push(CommissionMovement::Recalculated {
            delta: totals.recalculated,
        });
    }
    let units_reason = if totals.returned_grew {
        ReversalReason::PartialReturn
    } else if totals.removed_grew {
        ReversalReason::OrderEdited
    } else if totals.any_returned {
        ReversalReason::PartialReturn
    } else {
        ReversalReason::OrderEdited
    };
    for (amount, reason) in [
        (totals.reverted_units, units_reason),
        (totals.reverted_decrease, ReversalReason::AmountDecreased),
    ] {
        if amount.is_positive() {
            movements.push(CommissionMovement::Reverted {
                amount,
                from: current.state,
                reason,
                kind: TransitionKind::PartiallyReverted,
            });
        }
    }
    if fully_gone {
        after.state = CommissionState::Reverted;
        match movements
            .iter_mut()
            .rev()
            .find_map(|movement| match movement {
                CommissionMovement::Reverted { kind, .. } => Some(kind),
                CommissionMovement::Recalculated { .. } => None,
            }) {
            Some(kind) => *kind = TransitionKind::Reverted,
            // Every unit was already gone (a zero commission): the state still ends reverted.
            None => movements.push(CommissionMovement::Reverted {
                amount: Money::ZERO,
                from: current.state,
                reason: units_reason,
                kind: TransitionKind::Reverted,
            }),
        }
    }
    CommissionUpdate {
        after,
        movements,
        increase_flagged: totals.increase,
    }
}

fn apply_line(
    old: &CommissionLine,
    new: Option<&VersionLine>,
    confirmed: bool,
    totals: &mut Totals,
) -> CommissionLine {
    let mut line = old.clone();
    let repriced = new.map_or(Money::ZERO, |new| new.commission_amount);
    if let Some(new) = new {
        // Counts only grow: a unit once reverted stays reverted (ADR 0030).
        totals.returned_grew |= new.returned_quantity > old.returned_quantity;
        totals.removed_grew |= new.removed_quantity > old.removed_quantity;
        line.quantity = new.quantity;
        line.removed_quantity = old.removed_quantity.max(new.removed_quantity);
        line.returned_quantity = old.returned_quantity.max(new.returned_quantity);
    }
    totals.any_returned |= line.returned_quantity > 0;
    let gone = line.reverted_quantity();
    if confirmed {
        // The confirmed amount never changes in place: returned units revert through the
        // formula on the confirmed commission, then a lower repriced net reverts the difference.
        let units = old.reverted_amount.max(cumulative_reverted(
            old.commission_amount,
            line.quantity,
            gone,
        ));
        let target = repriced - cumulative_reverted(repriced, line.quantity, gone);
        let net = old.commission_amount - units;
        let decrease = if target < net {
            net - target
        } else {
            Money::ZERO
        };
        totals.increase |= target > net;
        totals.reverted_units = totals.reverted_units + (units - old.reverted_amount);
        totals.reverted_decrease = totals.reverted_decrease + decrease;
        line.reverted_amount = units + decrease;
    } else {
        let reverted = old
            .reverted_amount
            .max(cumulative_reverted(repriced, line.quantity, gone));
        let commission = repriced.max(reverted);
        totals.recalculated = totals.recalculated + (commission - old.commission_amount);
        totals.reverted_units = totals.reverted_units + (reverted - old.reverted_amount);
        line.commission_amount = commission;
        line.reverted_amount = reverted;
    }
    line
}

#[cfg(test)]
mod tests;
