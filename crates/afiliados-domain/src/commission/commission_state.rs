//! The commission state machine (`domain.md` §4.6): `estimated → confirmed`, either of them →
//! `reverted` (final), holds as a flag on `estimated` commissions, and the transition kinds the
//! `commission_transitions` trail records.

use crate::text_enum::text_enum;

text_enum! {
    /// `commissions.state`.
    pub enum CommissionState {
        /// Computed, not yet confirmed by settlement.
        Estimated = "estimated",
        /// Credited to the wallet.
        Confirmed = "confirmed",
        /// Taken back; final.
        Reverted = "reverted",
    }
}

impl CommissionState {
    /// `reverted` admits no transition.
    pub fn is_final(self) -> bool {
        self == CommissionState::Reverted
    }
}

text_enum! {
    /// `commissions.hold_reason`.
    pub enum HoldReason {
        /// Placed at ingestion (§5.10).
        SelfReferral = "self_referral",
        /// Placed by FI/AD.
        FraudReview = "fraud_review",
        /// Placed by FI/AD.
        Manual = "manual",
    }
}

impl HoldReason {
    /// Whether staff may place a hold with this reason (`self_referral` is the system's).
    pub fn is_staff_reason(self) -> bool {
        !matches!(self, HoldReason::SelfReferral)
    }
}

text_enum! {
    /// `commission_transitions.kind`.
    pub enum TransitionKind {
        /// First ingestion of an attributed order.
        Created = "created",
        /// Amounts recomputed while estimated.
        Recalculated = "recalculated",
        /// Settlement confirmed it.
        Confirmed = "confirmed",
        /// Everything not yet reverted was reverted.
        Reverted = "reverted",
        /// Some units returned or removed, or a confirmed amount decreased.
        PartiallyReverted = "partially_reverted",
        /// A hold was placed.
        HoldPlaced = "hold_placed",
        /// A hold was released.
        HoldReleased = "hold_released",
    }
}

text_enum! {
    /// `commissions.reversal_reason` (and the reason of a partial reversal's transition).
    pub enum ReversalReason {
        /// The order became `canceled`.
        OrderCanceled = "order_canceled",
        /// The order became `returned`.
        OrderReturned = "order_returned",
        /// Units returned through a return invoice.
        PartialReturn = "partial_return",
        /// Units removed by an order edit.
        OrderEdited = "order_edited",
        /// A confirmed commission's recomputed amount is lower (ADR 0030).
        AmountDecreased = "amount_decreased",
        /// FI/AD reverted it (the free-text reason goes to the transition).
        StaffRevert = "staff_revert",
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
