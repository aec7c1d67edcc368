//! The commission state machine (`domain.md` §4.6): `estimated → confirmed`, either of them →
//! `reverted` (final), holds as a flag on `estimated` commissions, and the transition kinds the
//! `commission_transitions` trail records.

use serde::{Deserialize, Serialize};

/// `commissions.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommissionState {
    /// Computed, not yet confirmed by settlement.
    Estimated,
    /// Credited to the wallet.
    Confirmed,
    /// Taken back; final.
    Reverted,
}

impl CommissionState {
    /// Every state.
    pub const ALL: [CommissionState; 3] = [
        CommissionState::Estimated,
        CommissionState::Confirmed,
        CommissionState::Reverted,
    ];

    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CommissionState::Estimated => "estimated",
            CommissionState::Confirmed => "confirmed",
            CommissionState::Reverted => "reverted",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(value: &str) -> Option<CommissionState> {
        CommissionState::ALL
            .into_iter()
            .find(|state| state.as_str() == value)
    }

    /// `reverted` admits no transition.
    pub fn is_final(self) -> bool {
        self == CommissionState::Reverted
    }
}

/// `commissions.hold_reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    /// Placed at ingestion (§5.10).
    SelfReferral,
    /// Placed by FI/AD.
    FraudReview,
    /// Placed by FI/AD.
    Manual,
}

impl HoldReason {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            HoldReason::SelfReferral => "self_referral",
            HoldReason::FraudReview => "fraud_review",
            HoldReason::Manual => "manual",
        }
    }

    /// Whether staff may place a hold with this reason (`self_referral` is the system's).
    pub fn is_staff_reason(self) -> bool {
        !matches!(self, HoldReason::SelfReferral)
    }
}

/// `commission_transitions.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransitionKind {
    /// First ingestion of an attributed order.
    Created,
    /// Amounts recomputed while estimated.
    Recalculated,
    /// Settlement confirmed it.
    Confirmed,
    /// Everything not yet reverted was reverted.
    Reverted,
    /// Some units returned or removed, or a confirmed amount decreased.
    PartiallyReverted,
    /// A hold was placed.
    HoldPlaced,
    /// A hold was released.
    HoldReleased,
}

impl TransitionKind {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionKind::Created => "created",
            TransitionKind::Recalculated => "recalculated",
            TransitionKind::Confirmed => "confirmed",
            TransitionKind::Reverted => "reverted",
            TransitionKind::PartiallyReverted => "partially_reverted",
            TransitionKind::HoldPlaced => "hold_placed",
            TransitionKind::HoldReleased => "hold_released",
        }
    }
}

/// `commissions.reversal_reason` (and the reason of a partial reversal's transition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReversalReason {
    /// The order became `canceled`.
    OrderCanceled,
    /// The order became `returned`.
    OrderReturned,
    /// Units returned through a return invoice.
    PartialReturn,
    /// Units removed by an order edit.
    OrderEdited,
    /// A confirmed commission's recomputed amount is lower (ADR 0030).
    AmountDecreased,
    /// FI/AD reverted it (the free-text reason goes to the transition).
    StaffRevert,
}

impl ReversalReason {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ReversalReason::OrderCanceled => "order_canceled",
            ReversalReason::OrderReturned => "order_returned",
            ReversalReason::PartialReturn => "partial_return",
            ReversalReason::OrderEdited => "order_edited",
            ReversalReason::AmountDecreased => "amount_decreased",
            ReversalReason::StaffRevert => "staff_revert",
        }
    }
}

/// Where a commission stands for the machine: its state and hold flag (`None` before it exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommissionPosition {
    /// `commissions.state`.
    pub state: CommissionState,
    /// `commissions.on_hold`.
    pub on_hold: bool,
}

/// Why the machine refuses a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum TransitionRefused {
    /// §4.6 has no such transition from this state (or the commission does not exist yet).
    #[error("the commission does not allow this transition in its state")]
    NotAllowed,
    /// Settlement never confirms a held commission.
    #[error("the commission is on hold")]
    OnHold,
    /// A hold is placed on a held commission, or released on one that is not held.
    #[error("the hold flag is already in that position")]
    HoldUnchanged,
}

/// The position after `kind` from `current` (`None`: the commission does not exist yet), or why
/// §4.6 forbids it. Holds only exist on `estimated` commissions; reverting a held one is allowed
/// and clears the hold.
pub fn apply_transition(
    current: Option<CommissionPosition>,
    kind: TransitionKind,
) -> Result<CommissionPosition, TransitionRefused> {
    use CommissionState::*;
    let Some(current) = current else {
        return match kind {
            TransitionKind::Created => Ok(CommissionPosition {
                state: Estimated,
                on_hold: false,
            }),
            _ => Err(TransitionRefused::NotAllowed),
        };
    };
    let at = |state, on_hold| Ok(CommissionPosition { state, on_hold });
    match (current.state, kind) {
        (_, TransitionKind::Created) | (Reverted, _) => Err(TransitionRefused::NotAllowed),
        (Estimated, TransitionKind::Recalculated) => at(Estimated, current.on_hold),
        (Estimated, TransitionKind::Confirmed) if current.on_hold => Err(TransitionRefused::OnHold),
        (Estimated, TransitionKind::Confirmed) => at(Confirmed, false),
        (Estimated | Confirmed, TransitionKind::Reverted) => at(Reverted, false),
        (state @ (Estimated | Confirmed), TransitionKind::PartiallyReverted) => {
            at(state, current.on_hold)
        }
        (Estimated, TransitionKind::HoldPlaced) if current.on_hold => {
            Err(TransitionRefused::HoldUnchanged)
        }
        (Estimated, TransitionKind::HoldPlaced) => at(Estimated, true),
        (Estimated, TransitionKind::HoldReleased) if !current.on_hold => {
            Err(TransitionRefused::HoldUnchanged)
        }
        (Estimated, TransitionKind::HoldReleased) => at(Estimated, false),
        (
            Confirmed,
            TransitionKind::Recalculated
            | TransitionKind::Confirmed
            | TransitionKind::HoldPlaced
            | TransitionKind::HoldReleased,
        ) => Err(TransitionRefused::NotAllowed),
    }
}

#[cfg(test)]
mod tests;
