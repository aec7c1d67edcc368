//! Cancellations and the cumulative return formula (`domain.md` §5.9): a line's reverted amount is
//! always `round_money(c × R / q)` of its cumulative returned-or-removed units, so returning every
//! unit reverts exactly the line commission whatever the order of the returns.

use rust_decimal::Decimal;

use super::commission_state::{CommissionState, ReversalReason, TransitionKind};
use super::state::{CommissionMoney, CommissionMovement, CommissionUpdate};
use crate::Money;

/// `round_money(c × R / q)` with `R` capped at `q`; a line without units has nothing left to
/// keep, so it reverts whole.
pub fn cumulative_reverted(line_commission: Money, quantity: u32, gone: u32) -> Money {
    if quantity == 0 {
        return line_commission;
    }
    let gone = Decimal::from(gone.min(quantity));
    Money::rounded(line_commission.amount() * gone / Decimal::from(quantity))
}

/// The order became `canceled` or `returned` (or staff reverted it): everything not yet reverted
/// is reverted and the state becomes `reverted`. A reverted commission does not change. The
/// movement's amount may be 0 (a zero commission): the transition is written, no ledger entry.
pub fn revert_all(current: &CommissionMoney, reason: ReversalReason) -> CommissionUpdate {
    if current.state == CommissionState::Reverted {
        return CommissionUpdate::unchanged(current);
    }
    let amount = current.net_amount();
    let mut after = current.clone();
    after.state = CommissionState::Reverted;
    for line in &mut after.lines {
        line.reverted_amount = line.commission_amount;
    }
    CommissionUpdate {
        after,
        movements: vec![CommissionMovement::Reverted {
            amount,
            from: current.state,
            reason,
            kind: TransitionKind::Reverted,
        }],
        increase_flagged: false,
    }
}

#[cfg(test)]
mod tests;
