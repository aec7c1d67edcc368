//! The one clawback rule (`domain.md` §5.13.3): a reversal that takes `A` out of `confirmed`
//! reverts what the available balance covers and turns the paid-out rest into an explicit
//! `clawback` adjustment, counted exactly once in `available`. Every reversal from confirmed —
//! VTEX event, reconciliation, settlement sweep or staff revert — goes through [`reverse_confirmed`].

use super::commission_state::CommissionState;
use super::ledger_delta::{
    AdjustmentKind, Buckets, LedgerEntryDraft, LedgerMovement, LedgerRefused, post,
};
use crate::Money;

/// How a reversal of `A` splits against the available amount just before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClawbackSplit {
    /// `clamp(avail_before, 0, A)`: reverts normally.
    pub covered: Money,
    /// `A − covered`: becomes a clawback adjustment when > 0.
    pub uncovered: Money,
}

/// `covered = clamp(avail_before, 0, A)`, `uncovered = A − covered`.
pub fn clawback_split(avail_before: Money, amount: Money) -> ClawbackSplit {
    let covered = avail_before.max(Money::ZERO).min(amount);
    ClawbackSplit {
        covered,
        uncovered: amount - covered,
    }
}

/// The entries of a reversal from confirmed, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedReversal {
    /// The split against the available amount before it.
    pub split: ClawbackSplit,
    /// `commission_reverted` for `A`, then `adjustment_opened` (clawback) for `U` when `U > 0`.
    pub entries: Vec<LedgerEntryDraft>,
    /// The balance after both.
    pub after: Buckets,
}

impl ConfirmedReversal {
    /// Whether a clawback adjustment of `uncovered` must be opened (and the influencer told of
    /// the negative balance).
    pub fn opens_adjustment(&self) -> bool {
        self.split.uncovered.is_positive()
    }
}

/// Posts a reversal of `amount` out of `confirmed` on `balance`.
pub fn reverse_confirmed(
    balance: &Buckets,
    amount: Money,
) -> Result<ConfirmedReversal, LedgerRefused> {
    let split = clawback_split(balance.available(), amount);
    let (reverted, mut after) = post(
        balance,
        LedgerMovement::CommissionReverted {
            from: CommissionState::Confirmed,
        },
        amount,
    )?;
    let mut entries = vec![reverted];
    if split.uncovered.is_positive() {
        let (opened, next) = post(
            &after,
            LedgerMovement::AdjustmentOpened(AdjustmentKind::Clawback),
            split.uncovered,
        )?;
        entries.push(opened);
        after = next;
    }
    Ok(ConfirmedReversal {
        split,
        entries,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commission::fixture::money;

    #[test]
    fn split_clamps_the_available_amount() {
        let a = money("25000.00");
        assert_eq!(
            clawback_split(money("5000.00"), a),
            ClawbackSplit {
                covered: money("5000.00"),
                uncovered: money("20000.00")
            }
        );
        assert_eq!(clawback_split(money("30000.00"), a).uncovered, Money::ZERO);
        assert_eq!(clawback_split(money("-100.00"), a).covered, Money::ZERO);
        assert_eq!(clawback_split(money("-100.00"), a).uncovered, a);
    }

    /// §5.13.5 step 5: C 25 000, W 20 000 (available 5 000); the order is canceled: A = 25 000,
    /// covered 5 000, U = 20 000 → C 20 000, R 5 000, PA 20 000, available −20 000.
    #[test]
    fn worked_example_step_5() {
        let before = Buckets {
            confirmed: money("25000.00"),
            withdrawn: money("20000.00"),
            ..Buckets::ZERO
        };
        let reversal = reverse_confirmed(&before, money("25000.00")).unwrap();
        assert!(reversal.opens_adjustment());
        assert_eq!(reversal.entries.len(), 2);
        assert_eq!(reversal.entries[1].amount, money("20000.00"));
        assert_eq!(
            reversal.after,
            Buckets {
                confirmed: money("20000.00"),
                reverted: money("5000.00"),
                withdrawn: money("20000.00"),
                pending_adjustments: money("20000.00"),
                ..Buckets::ZERO
            }
        );
        assert_eq!(reversal.after.available(), money("-20000.00"));
        assert_eq!(reversal.entries[1].available_after, money("-20000.00"));
    }

    #[test]
    fn covered_reversal_opens_nothing() {
        // §5.9 example 1 after confirmation of 29 771.64: 9 261.41 reverts from confirmed.
        let before = Buckets {
            confirmed: money("29771.64"),
            ..Buckets::ZERO
        };
        let reversal = reverse_confirmed(&before, money("9261.41")).unwrap();
        assert!(!reversal.opens_adjustment());
        assert_eq!(reversal.entries.len(), 1);
        assert_eq!(reversal.after.confirmed, money("20510.23"));
        assert_eq!(reversal.after.reverted, money("9261.41"));
        assert_eq!(reversal.after.available(), money("20510.23"));
    }

    #[test]
    fn split_reversals_clawback_the_same_as_one() {
        // Sequential reversals of A1 and A2 leave the same balance as one of A1 + A2.
        let before = Buckets {
            confirmed: money("25000.00"),
            withdrawn: money("20000.00"),
            ..Buckets::ZERO
        };
        let first = reverse_confirmed(&before, money("3000.00")).unwrap();
        let second = reverse_confirmed(&first.after, money("22000.00")).unwrap();
        let once = reverse_confirmed(&before, money("25000.00")).unwrap();
        assert_eq!(second.after, once.after);
        assert_eq!(
            first.split.uncovered + second.split.uncovered,
            once.split.uncovered
        );
    }
}
