//! The ledger's delta table (`domain.md` §5.13.1–5.13.2): which balance buckets each movement
//! changes and with which sign, and the balance formula
//! `available = confirmed − withdrawn − pending_withdrawal − pending_adjustments`.

use serde::{Deserialize, Serialize};

use super::commission_state::CommissionState;
use crate::Money;
use crate::text_enum::text_enum;

text_enum! {
    /// `ledger_entries.entry_type`.
    pub enum LedgerEntryType {
        /// A new commission.
        CommissionEstimated = "commission_estimated",
        /// An estimated commission's amount changed.
        CommissionRecalculated = "commission_recalculated",
        /// Settlement confirmed a commission.
        CommissionConfirmed = "commission_confirmed",
        /// A commission (or part of it) was taken back.
        CommissionReverted = "commission_reverted",
        /// A withdrawal request reserved an amount.
        WithdrawalReserved = "withdrawal_reserved",
        /// A rejected withdrawal released its reservation.
        WithdrawalReleased = "withdrawal_released",
        /// A withdrawal was paid.
        Payment = "payment",
        /// An adjustment (debt) was opened.
        AdjustmentOpened = "adjustment_opened",
        /// An adjustment was recovered.
        AdjustmentRecovered = "adjustment_recovered",
        /// An adjustment was written off.
        WriteOff = "write_off",
    }
}

text_enum! {
    /// `adjustments.kind`.
    pub enum AdjustmentKind {
        /// A debt recorded by finance.
        Manual = "manual",
        /// The paid-out part of a reversal after confirmation (§5.13.3).
        Clawback = "clawback",
    }
}

text_enum! {
    /// How an adjustment was recovered (`adjustments.recovery_method`).
    pub enum Recovery {
        /// Deducted from available commission.
        Netting = "netting",
        /// Paid back by the influencer.
        Repayment = "repayment",
    }
}

/// A recalculation's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// The amount grew.
    Increase,
    /// The amount shrank.
    Decrease,
}

/// One row of the delta table: the entry type plus what decides its signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerMovement {
    /// `commission_estimated`: estimated +A.
    CommissionEstimated,
    /// `commission_recalculated`: estimated ±A.
    CommissionRecalculated(Direction),
    /// `commission_confirmed`: estimated −A, confirmed +A.
    CommissionConfirmed,
    /// `commission_reverted` from estimated or from confirmed.
    CommissionReverted {
        /// The state the amount leaves (`estimated` or `confirmed`).
        from: CommissionState,
    },
    /// `withdrawal_reserved`: pending_withdrawal +A.
    WithdrawalReserved,
    /// `withdrawal_released`: pending_withdrawal −A.
    WithdrawalReleased,
    /// `payment`: pending_withdrawal −A, withdrawn +A.
    Payment,
    /// `adjustment_opened` of a kind.
    AdjustmentOpened(AdjustmentKind),
    /// `adjustment_recovered` of a kind, by netting or repayment.
    AdjustmentRecovered(AdjustmentKind, Recovery),
    /// `write_off` (either kind): pending_adjustments −A.
    WriteOff,
}

/// The six buckets of a balance (or six signed deltas of an entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Buckets {
    /// `estimated`.
    pub estimated: Money,
    /// `confirmed`.
    pub confirmed: Money,
    /// `reverted`.
    pub reverted: Money,
    /// `pending_withdrawal`.
    pub pending_withdrawal: Money,
    /// `withdrawn`.
    pub withdrawn: Money,
    /// `pending_adjustments`.
    pub pending_adjustments: Money,
}

impl Buckets {
    /// All zero (a new balance row).
    pub const ZERO: Buckets = Buckets {
        estimated: Money::ZERO,
        confirmed: Money::ZERO,
        reverted: Money::ZERO,
        pending_withdrawal: Money::ZERO,
        withdrawn: Money::ZERO,
        pending_adjustments: Money::ZERO,
    };

    /// `available = confirmed − withdrawn − pending_withdrawal − pending_adjustments` (may be
    /// negative).
    pub fn available(&self) -> Money {
        self.confirmed - self.withdrawn - self.pending_withdrawal - self.pending_adjustments
    }

    /// The balance after adding `deltas` bucket by bucket.
    pub fn plus(&self, deltas: &Buckets) -> Buckets {
        Buckets {
            estimated: self.estimated + deltas.estimated,
            confirmed: self.confirmed + deltas.confirmed,
            reverted: self.reverted + deltas.reverted,
            pending_withdrawal: self.pending_withdrawal + deltas.pending_withdrawal,
            withdrawn: self.withdrawn + deltas.withdrawn,
            pending_adjustments: self.pending_adjustments + deltas.pending_adjustments,
        }
    }
}

/// Why an entry cannot be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum LedgerRefused {
    /// `amount` must be > 0 (the deltas carry the sign).
    #[error("a ledger amount must be positive")]
    NotPositive,
    /// A reversal leaves `estimated` or `confirmed`, never `reverted`.
    #[error("a reversal cannot leave the reverted state")]
    RevertedFromReverted,
}

impl LedgerMovement {
    /// The stored entry type.
    pub fn entry_type(self) -> LedgerEntryType {
        match self {
            LedgerMovement::CommissionEstimated => LedgerEntryType::CommissionEstimated,
            LedgerMovement::CommissionRecalculated(_) => LedgerEntryType::CommissionRecalculated,
            LedgerMovement::CommissionConfirmed => LedgerEntryType::CommissionConfirmed,
            LedgerMovement::CommissionReverted { .. } => LedgerEntryType::CommissionReverted,
            LedgerMovement::WithdrawalReserved => LedgerEntryType::WithdrawalReserved,
            LedgerMovement::WithdrawalReleased => LedgerEntryType::WithdrawalReleased,
            LedgerMovement::Payment => LedgerEntryType::Payment,
            LedgerMovement::AdjustmentOpened(_) => LedgerEntryType::AdjustmentOpened,
            LedgerMovement::AdjustmentRecovered(..) => LedgerEntryType::AdjustmentRecovered,
            LedgerMovement::WriteOff => LedgerEntryType::WriteOff,
        }
    }

    /// The signed deltas for a positive `amount`, exactly as the table of §5.13.1.
    pub fn deltas(self, amount: Money) -> Result<Buckets, LedgerRefused> {
        if !amount.is_positive() {
            return Err(LedgerRefused::NotPositive);
        }
        let a = amount;
        let z = Money::ZERO;
        let d =
            |estimated, confirmed, reverted, pending_withdrawal, withdrawn, pending_adjustments| {
                Buckets {
                    estimated,
                    confirmed,
                    reverted,
                    pending_withdrawal,
                    withdrawn,
                    pending_adjustments,
                }
            };
        use AdjustmentKind::{Clawback, Manual};
        use Recovery::{Netting, Repayment};
        Ok(match self {
            LedgerMovement::CommissionEstimated => d(a, z, z, z, z, z),
            LedgerMovement::CommissionRecalculated(Direction::Increase) => d(a, z, z, z, z, z),
            LedgerMovement::CommissionRecalculated(Direction::Decrease) => d(-a, z, z, z, z, z),
            LedgerMovement::CommissionConfirmed => d(-a, a, z, z, z, z),
            LedgerMovement::CommissionReverted { from } => match from {
                CommissionState::Estimated => d(-a, z, a, z, z, z),
                CommissionState::Confirmed => d(z, -a, a, z, z, z),
                CommissionState::Reverted => return Err(LedgerRefused::RevertedFromReverted),
            },
            LedgerMovement::WithdrawalReserved => d(z, z, z, a, z, z),
            LedgerMovement::WithdrawalReleased => d(z, z, z, -a, z, z),
            LedgerMovement::Payment => d(z, z, z, -a, a, z),
            LedgerMovement::AdjustmentOpened(Manual) => d(z, z, z, z, z, a),
            LedgerMovement::AdjustmentOpened(Clawback) => d(z, a, -a, z, z, a),
            LedgerMovement::AdjustmentRecovered(Manual, Netting) => d(z, -a, z, z, z, -a),
            LedgerMovement::AdjustmentRecovered(Manual, Repayment) => d(z, z, z, z, z, -a),
            LedgerMovement::AdjustmentRecovered(Clawback, Netting) => d(z, -a, a, z, z, -a),
            LedgerMovement::AdjustmentRecovered(Clawback, Repayment) => d(z, -a, a, z, -a, -a),
            LedgerMovement::WriteOff => d(z, z, z, z, z, -a),
        })
    }
}

/// An entry ready to insert: its type, positive amount, deltas and `available_after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerEntryDraft {
    /// `entry_type`.
    pub entry_type: LedgerEntryType,
    /// `amount` (> 0).
    pub amount: Money,
    /// The six signed deltas.
    pub deltas: Buckets,
    /// The balance's available amount after the entry.
    pub available_after: Money,
}

/// Posts `movement` of `amount` on `balance`: the entry and the balance after it.
pub fn post(
    balance: &Buckets,
    movement: LedgerMovement,
    amount: Money,
) -> Result<(LedgerEntryDraft, Buckets), LedgerRefused> {
    let deltas = movement.deltas(amount)?;
    let after = balance.plus(&deltas);
    Ok((
        LedgerEntryDraft {
            entry_type: movement.entry_type(),
            amount,
            deltas,
            available_after: after.available(),
        },
        after,
    ))
}

/// Folds entries' deltas from zero: what verify recomputes (§5.13.4).
pub fn fold_deltas<'a>(entries: impl IntoIterator<Item = &'a LedgerEntryDraft>) -> Buckets {
    entries
        .into_iter()
        .fold(Buckets::ZERO, |balance, entry| balance.plus(&entry.deltas))
}

#[cfg(test)]
mod tests;
