//! A commission's money, line by line (`commissions` + `commission_lines`, `domain.md` §3.6):
//! what returns, recalculations, settlement and the ledger read and change.

use super::commission_state::{CommissionState, ReversalReason, TransitionKind};
use crate::Money;

/// One `commission_lines` row with the unit counts last applied to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommissionLine {
    /// The order line.
    pub line_index: u32,
    /// Units ordered (`q`).
    pub quantity: u32,
    /// The line commission (`c`).
    pub commission_amount: Money,
    /// Units removed by edits, as last applied (never decreases).
    pub removed_quantity: u32,
    /// Units returned, as last applied (never decreases).
    pub returned_quantity: u32,
    /// Cumulative reverted amount of the line.
    pub reverted_amount: Money,
}

impl CommissionLine {
    /// A fresh line: nothing returned, nothing reverted.
    pub fn new(line_index: u32, quantity: u32, commission_amount: Money) -> CommissionLine {
        CommissionLine {
            line_index,
            quantity,
            commission_amount,
            removed_quantity: 0,
            returned_quantity: 0,
            reverted_amount: Money::ZERO,
        }
    }

    /// `commission_lines.reverted_quantity`: returned-or-removed units, capped at `q`.
    pub fn reverted_quantity(&self) -> u32 {
        self.removed_quantity
            .saturating_add(self.returned_quantity)
            .min(self.quantity)
    }

    /// Every unit returned or removed.
    pub fn fully_gone(&self) -> bool {
        self.reverted_quantity() == self.quantity
    }

    /// What is still owed on the line.
    pub fn net_amount(&self) -> Money {
        self.commission_amount - self.reverted_amount
    }
}

/// A commission's state and lines; the totals are the sums of the lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommissionMoney {
    /// `commissions.state`.
    pub state: CommissionState,
    /// The eligible lines.
    pub lines: Vec<CommissionLine>,
}

impl CommissionMoney {
    /// A new `estimated` commission over its lines.
    pub fn estimated(lines: Vec<CommissionLine>) -> CommissionMoney {
        CommissionMoney {
            state: CommissionState::Estimated,
            lines,
        }
    }

    /// `commission_amount` = Σ line commissions.
    pub fn commission_amount(&self) -> Money {
        self.lines.iter().map(|line| line.commission_amount).sum()
    }

    /// `reverted_amount` = Σ line reverted amounts.
    pub fn reverted_amount(&self) -> Money {
        self.lines.iter().map(|line| line.reverted_amount).sum()
    }

    /// `net_amount = commission_amount − reverted_amount`.
    pub fn net_amount(&self) -> Money {
        self.commission_amount() - self.reverted_amount()
    }

    /// The line of `line_index`.
    pub fn line(&self, line_index: u32) -> Option<&CommissionLine> {
        self.lines.iter().find(|line| line.line_index == line_index)
    }
}

/// One money movement of a commission, in the order it must be posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommissionMovement {
    /// `commission_recalculated` with a signed, non-zero delta (estimated only).
    Recalculated {
        /// New amount − old amount.
        delta: Money,
    },
    /// `commission_reverted` of a positive amount.
    Reverted {
        /// Amount taken back.
        amount: Money,
        /// From which state (estimated → reverted, or confirmed → reverted: a clawback).
        from: CommissionState,
        /// Why.
        reason: ReversalReason,
        /// `reverted` when the commission ends reverted, else `partially_reverted`.
        kind: TransitionKind,
    },
}

/// The result of applying an event to a commission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommissionUpdate {
    /// The commission after the event.
    pub after: CommissionMoney,
    /// The movements to post (possibly none).
    pub movements: Vec<CommissionMovement>,
    /// A confirmed commission whose recomputed amount is higher: not applied, to be flagged as a
    /// class C discrepancy for manual review (§5.9).
    pub increase_flagged: bool,
}

impl CommissionUpdate {
    /// Nothing changes.
    pub fn unchanged(current: &CommissionMoney) -> CommissionUpdate {
        CommissionUpdate {
            after: current.clone(),
            movements: Vec::new(),
            increase_flagged: false,
        }
    }

    /// Σ of the reverted amounts of the movements.
    pub fn reverted_total(&self) -> Money {
        self.movements
            .iter()
            .map(|movement| match movement {
                CommissionMovement::Reverted { amount, .. } => *amount,
                CommissionMovement::Recalculated { .. } => Money::ZERO,
            })
            .sum()
    }
}
