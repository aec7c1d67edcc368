use super::CommissionState::*;
use super::*;

fn pos(state: CommissionState, on_hold: bool) -> Option<CommissionPosition> {
    Some(CommissionPosition { state, on_hold })
}

fn to(state: CommissionState, on_hold: bool) -> Result<CommissionPosition, TransitionRefused> {
    Ok(CommissionPosition { state, on_hold })
}

#[test]
fn the_table_of_section_4_6() {
    use TransitionKind as K;
    assert_eq!(apply_transition(None, K::Created), to(Estimated, false));
    assert_eq!(
        apply_transition(None, K::Confirmed),
        Err(TransitionRefused::NotAllowed)
    );
    assert_eq!(
        apply_transition(pos(Estimated, false), K::Created),
        Err(TransitionRefused::NotAllowed)
    );
    assert_eq!(
        apply_transition(pos(Estimated, false), K::Recalculated),
        to(Estimated, false)
    );
    assert_eq!(
        apply_transition(pos(Estimated, false), K::Confirmed),
        to(Confirmed, false)
    );
    assert_eq!(
        apply_transition(pos(Estimated, false), K::Reverted),
        to(Reverted, false)
    );
    assert_eq!(
        apply_transition(pos(Confirmed, false), K::Reverted),
        to(Reverted, false)
    );
    assert_eq!(
        apply_transition(pos(Estimated, true), K::PartiallyReverted),
        to(Estimated, true)
    );
    assert_eq!(
        apply_transition(pos(Confirmed, false), K::PartiallyReverted),
        to(Confirmed, false)
    );
    assert_eq!(
        apply_transition(pos(Confirmed, false), K::Recalculated),
        Err(TransitionRefused::NotAllowed),
        "a confirmed amount never changes in place (§5.9)"
    );
}

#[test]
fn holds_live_on_estimated_commissions_only() {
    use TransitionKind as K;
    assert_eq!(
        apply_transition(pos(Estimated, false), K::HoldPlaced),
        to(Estimated, true)
    );
    assert_eq!(
        apply_transition(pos(Estimated, true), K::HoldPlaced),
        Err(TransitionRefused::HoldUnchanged)
    );
    assert_eq!(
        apply_transition(pos(Estimated, true), K::Confirmed),
        Err(TransitionRefused::OnHold),
        "a held commission is never confirmed"
    );
    assert_eq!(
        apply_transition(pos(Estimated, true), K::HoldReleased),
        to(Estimated, false)
    );
    assert_eq!(
        apply_transition(pos(Estimated, false), K::HoldReleased),
        Err(TransitionRefused::HoldUnchanged)
    );
    assert_eq!(
        apply_transition(pos(Estimated, true), K::Reverted),
        to(Reverted, false),
        "reverting a held commission is allowed"
    );
    assert_eq!(
        apply_transition(pos(Confirmed, false), K::HoldPlaced),
        Err(TransitionRefused::NotAllowed)
    );
    assert!(HoldReason::FraudReview.is_staff_reason());
    assert!(HoldReason::Manual.is_staff_reason());
    assert!(!HoldReason::SelfReferral.is_staff_reason());
}

#[test]
fn reverted_is_final() {
    use TransitionKind as K;
    for kind in [
        K::Created,
        K::Recalculated,
        K::Confirmed,
        K::Reverted,
        K::PartiallyReverted,
        K::HoldPlaced,
        K::HoldReleased,
    ] {
        assert_eq!(
            apply_transition(pos(Reverted, false), kind),
            Err(TransitionRefused::NotAllowed),
            "{}",
            kind.as_str()
        );
    }
    assert!(Reverted.is_final());
    assert!(!Confirmed.is_final());
}

#[test]
fn spellings() {
    for state in CommissionState::ALL {
        assert_eq!(CommissionState::parse(state.as_str()), Some(state));
    }
    assert_eq!(
        serde_json::to_string(&TransitionKind::PartiallyReverted).unwrap(),
        "\"partially_reverted\""
    );
    assert_eq!(
        serde_json::to_string(&ReversalReason::OrderCanceled).unwrap(),
        "\"order_canceled\""
    );
    assert_eq!(ReversalReason::PartialReturn.as_str(), "partial_return");
    assert_eq!(HoldReason::SelfReferral.as_str(), "self_referral");
}
