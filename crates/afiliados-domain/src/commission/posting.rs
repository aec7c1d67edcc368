//! The ledger entries a commission event posts on its influencer × brand balance (`domain.md`
//! §4.6 "ledger" column, §5.13): zero amounts post nothing, a reversal from confirmed goes
//! through the clawback rule.

use super::clawback::reverse_confirmed;
use super::commission_state::CommissionState;
use super::ledger_delta::{
    Buckets, Direction, LedgerEntryDraft, LedgerMovement, LedgerRefused, post,
};
use super::state::CommissionMovement;
use crate::Money;

/// The entries and the balance after them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Posting {
    /// Entries in insertion order.
    pub entries: Vec<LedgerEntryDraft>,
    /// The balance after the last one.
    pub after: Buckets,
    /// Whether a clawback adjustment must be opened for the last entry's amount.
    pub opens_clawback: bool,
}

fn single(
    balance: &Buckets,
    movement: LedgerMovement,
    amount: Money,
) -> Result<Posting, LedgerRefused> {
    if amount.is_zero() {
        return Ok(Posting {
            entries: Vec::new(),
            after: *balance,
            opens_clawback: false,
        });
    }
    let (entry, after) = post(balance, movement, amount)?;
    Ok(Posting {
        entries: vec![entry],
        after,
        opens_clawback: false,
    })
}

/// `commission_estimated` for a new commission (skipped when 0).
pub fn post_estimated(
    balance: &Buckets,
    commission_amount: Money,
) -> Result<Posting, LedgerRefused> {
    single(
        balance,
        LedgerMovement::CommissionEstimated,
        commission_amount,
    )
}

/// `commission_confirmed` for the confirmed commission's `net_amount` (skipped when 0).
pub fn post_confirmed(balance: &Buckets, net_amount: Money) -> Result<Posting, LedgerRefused> {
    single(balance, LedgerMovement::CommissionConfirmed, net_amount)
}

/// The entries of the movements of a [`super::state::CommissionUpdate`], in order.
pub fn post_movements(
    balance: &Buckets,
    movements: &[CommissionMovement],
) -> Result<Posting, LedgerRefused> {
    let mut posting = Posting {
        entries: Vec::new(),
        after: *balance,
        opens_clawback: false,
    };
    for movement in movements {
        let step = match *movement {
            CommissionMovement::Recalculated { delta } => {
                let direction = if delta.is_negative() {
                    Direction::Decrease
                } else {
                    Direction::Increase
                };
                let magnitude = if delta.is_negative() { -delta } else { delta };
                single(
                    &posting.after,
                    LedgerMovement::CommissionRecalculated(direction),
                    magnitude,
                )?
            }
            // A zero commission's reversal writes its transition but no entry.
            CommissionMovement::Reverted { amount, .. } if amount.is_zero() => Posting {
                after: posting.after,
                ..Posting::default()
            },
            CommissionMovement::Reverted {
                amount,
                from: CommissionState::Confirmed,
                ..
            } => {
                let reversal = reverse_confirmed(&posting.after, amount)?;
                Posting {
                    opens_clawback: reversal.opens_adjustment(),
                    entries: reversal.entries,
                    after: reversal.after,
                }
            }
            CommissionMovement::Reverted { amount, from, .. } => single(
                &posting.after,
                LedgerMovement::CommissionReverted { from },
                amount,
            )?,
        };
        posting.opens_clawback |= step.opens_clawback;
        posting.entries.extend(step.entries);
        posting.after = step.after;
    }
    Ok(posting)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commission::commission_state::{ReversalReason, TransitionKind};
    use crate::commission::fixture::{money, post_tax_commission, pre_tax_commission, same_prices};
    use crate::commission::ledger_delta::LedgerEntryType;
    use crate::commission::order_edits::apply_version;
    use crate::commission::returns::revert_all;

    /// The fixture's ledger: `commission_estimated` 20 223.00 → estimated 20 223.00, available 0.
    #[test]
    fn fixture_estimate_then_cancellation() {
        let commission = pre_tax_commission(CommissionState::Estimated);
        let estimated = post_estimated(&Buckets::ZERO, commission.commission_amount()).unwrap();
        assert_eq!(
            estimated.entries[0].entry_type,
            LedgerEntryType::CommissionEstimated
        );
        assert_eq!(estimated.after.estimated, money("20223.00"));
        assert_eq!(estimated.after.available(), Money::ZERO);
        // §5.9 example 3: nothing touches available.
        let update = revert_all(&commission, ReversalReason::OrderCanceled);
        let canceled = post_movements(&estimated.after, &update.movements).unwrap();
        assert_eq!(canceled.after.estimated, Money::ZERO);
        assert_eq!(canceled.after.reverted, money("20223.00"));
        assert_eq!(canceled.after.available(), Money::ZERO);
    }

    /// §5.9 example 1: `commission_reverted` 9 261.41 from confirmed; no clawback is needed.
    #[test]
    fn partial_return_after_confirmation() {
        let commission = post_tax_commission(CommissionState::Confirmed);
        let confirmed = post_confirmed(
            &post_estimated(&Buckets::ZERO, commission.commission_amount())
                .unwrap()
                .after,
            commission.net_amount(),
        )
        .unwrap();
        let update = apply_version(&commission, &same_prices(&commission, &[(0, 0, 1)]));
        let posting = post_movements(&confirmed.after, &update.movements).unwrap();
        assert_eq!(posting.entries.len(), 1);
        assert_eq!(
            posting.entries[0].entry_type,
            LedgerEntryType::CommissionReverted
        );
        assert_eq!(posting.entries[0].amount, money("9261.41"));
        assert_eq!(posting.after.confirmed, money("20510.23"));
        assert!(!posting.opens_clawback);
    }

    #[test]
    fn zero_amounts_post_nothing_and_recalculations_carry_the_sign() {
        assert!(
            post_estimated(&Buckets::ZERO, Money::ZERO)
                .unwrap()
                .entries
                .is_empty()
        );
        let zero_revert = [CommissionMovement::Reverted {
            amount: Money::ZERO,
            from: CommissionState::Estimated,
            reason: ReversalReason::PartialReturn,
            kind: TransitionKind::Reverted,
        }];
        assert!(
            post_movements(&Buckets::ZERO, &zero_revert)
                .unwrap()
                .entries
                .is_empty()
        );
        let start = post_estimated(&Buckets::ZERO, money("100.00"))
            .unwrap()
            .after;
        let down = post_movements(
            &start,
            &[CommissionMovement::Recalculated {
                delta: money("-30.00"),
            }],
        )
        .unwrap();
        assert_eq!(down.entries[0].amount, money("30.00"));
        assert_eq!(down.entries[0].deltas.estimated, money("-30.00"));
        assert_eq!(down.after.estimated, money("70.00"));
    }
}
