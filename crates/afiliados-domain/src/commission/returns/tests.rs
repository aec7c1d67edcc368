use super::*;
use crate::commission::fixture::{money, post_tax_commission, pre_tax_commission};

#[test]
fn the_cumulative_formula() {
    let c = money("18522.81");
    assert_eq!(cumulative_reverted(c, 2, 0), Money::ZERO);
    assert_eq!(cumulative_reverted(c, 2, 1), money("9261.41"));
    assert_eq!(cumulative_reverted(c, 2, 2), c);
    assert_eq!(cumulative_reverted(c, 2, 5), c, "R is capped at q");
    assert_eq!(cumulative_reverted(c, 0, 0), c);
    // Thirds: 0.33, 0.67, 1.00 — every step is the formula, never a sum of rounded steps.
    let one = money("1.00");
    assert_eq!(cumulative_reverted(one, 3, 1), money("0.33"));
    assert_eq!(cumulative_reverted(one, 3, 2), money("0.67"));
    assert_eq!(cumulative_reverted(one, 3, 3), one);
}

/// §5.9 example 3: the whole order canceled while estimated (case "pre_tax, 10 %") → 20 223.00
/// moves from estimated to reverted.
#[test]
fn example_3_cancellation_while_estimated_reverts_20_223() {
    let commission = pre_tax_commission(CommissionState::Estimated);
    let update = revert_all(&commission, ReversalReason::OrderCanceled);
    assert_eq!(
        update.movements,
        vec![CommissionMovement::Reverted {
            amount: money("20223.00"),
            from: CommissionState::Estimated,
            reason: ReversalReason::OrderCanceled,
            kind: TransitionKind::Reverted,
        }]
    );
    assert_eq!(update.after.state, CommissionState::Reverted);
    assert_eq!(update.after.reverted_amount(), money("20223.00"));
    assert_eq!(update.after.net_amount(), Money::ZERO);
    assert_eq!(
        revert_all(&update.after, ReversalReason::OrderCanceled),
        CommissionUpdate::unchanged(&update.after),
        "reverted is final: a second cancellation changes nothing"
    );
}

#[test]
fn cancellation_after_a_partial_return_reverts_only_the_rest() {
    let mut commission = post_tax_commission(CommissionState::Confirmed);
    commission.lines[0].returned_quantity = 1;
    commission.lines[0].reverted_amount = money("9261.41");
    let update = revert_all(&commission, ReversalReason::OrderReturned);
    assert_eq!(update.reverted_total(), money("20510.23"));
    assert_eq!(update.after.reverted_amount(), money("29771.64"));
    assert!(matches!(
        update.movements[0],
        CommissionMovement::Reverted {
            from: CommissionState::Confirmed,
            ..
        }
    ));
}
