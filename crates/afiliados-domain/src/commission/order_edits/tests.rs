use super::*;
use crate::commission::fixture::{money, post_tax_commission, same_prices};

fn reverted(amount: &str, from: CommissionState, reason: ReversalReason) -> CommissionMovement {
    CommissionMovement::Reverted {
        amount: money(amount),
        from,
        reason,
        kind: TransitionKind::PartiallyReverted,
    }
}

/// §5.9 examples 1 and 2: one unit of line 0 returned after confirmation → 9 261.41, net
/// 20 510.23, still confirmed; the second unit later → 9 261.40 more.
#[test]
fn examples_1_and_2_partial_returns_9_261_41_then_9_261_40() {
    let commission = post_tax_commission(CommissionState::Confirmed);
    assert_eq!(commission.commission_amount(), money("29771.64"));
    let first = apply_version(&commission, &same_prices(&commission, &[(0, 0, 1)]));
    assert_eq!(
        first.movements,
        vec![reverted(
            "9261.41",
            CommissionState::Confirmed,
            ReversalReason::PartialReturn
        )]
    );
    assert_eq!(first.after.state, CommissionState::Confirmed);
    assert_eq!(first.after.net_amount(), money("20510.23"));
    assert!(!first.increase_flagged);

    let second = apply_version(&first.after, &same_prices(&first.after, &[(0, 0, 2)]));
    assert_eq!(
        second.movements,
        vec![reverted(
            "9261.40",
            CommissionState::Confirmed,
            ReversalReason::PartialReturn
        )]
    );
    assert_eq!(
        second.after.line(0).unwrap().reverted_amount,
        money("18522.81")
    );
    assert_eq!(
        second.after.state,
        CommissionState::Confirmed,
        "line 1 still stands"
    );

    let again = apply_version(&second.after, &same_prices(&second.after, &[(0, 0, 2)]));
    assert!(
        again.movements.is_empty(),
        "the same version twice changes nothing"
    );
}

#[test]
fn every_line_fully_gone_makes_it_reverted() {
    let commission = post_tax_commission(CommissionState::Estimated);
    let update = apply_version(
        &commission,
        &same_prices(&commission, &[(0, 0, 2), (1, 1, 0)]),
    );
    assert_eq!(update.after.state, CommissionState::Reverted);
    assert_eq!(update.after.net_amount(), Money::ZERO);
    assert_eq!(
        update.movements,
        vec![CommissionMovement::Reverted {
            amount: money("29771.64"),
            from: CommissionState::Estimated,
            reason: ReversalReason::PartialReturn,
            kind: TransitionKind::Reverted,
        }]
    );
    let edited = apply_version(&commission, &same_prices(&commission, &[(1, 1, 0)]));
    assert_eq!(
        edited.movements,
        vec![reverted(
            "11248.83",
            CommissionState::Estimated,
            ReversalReason::OrderEdited
        )]
    );
}

#[test]
fn counts_never_decrease() {
    let commission = post_tax_commission(CommissionState::Estimated);
    let removed = apply_version(&commission, &same_prices(&commission, &[(0, 1, 0)]));
    assert_eq!(removed.reverted_total(), money("9261.41"));
    // The edit is undone in VTEX (the unit re-added): nothing is un-reverted (ADR 0030).
    let readded = apply_version(&removed.after, &same_prices(&removed.after, &[(0, 0, 0)]));
    assert!(readded.movements.is_empty());
    assert_eq!(readded.after.line(0).unwrap().removed_quantity, 1);
}

#[test]
fn estimated_price_change_is_recalculated_with_the_signed_delta() {
    let commission = post_tax_commission(CommissionState::Estimated);
    let mut lines = same_prices(&commission, &[]);
    lines[1].commission_amount = money("10000.00");
    let update = apply_version(&commission, &lines);
    assert_eq!(
        update.movements,
        vec![CommissionMovement::Recalculated {
            delta: money("-1248.83")
        }]
    );
    assert_eq!(update.after.commission_amount(), money("28522.81"));
    lines[1].commission_amount = money("12000.00");
    let up = apply_version(&update.after, &lines);
    assert_eq!(
        up.movements,
        vec![CommissionMovement::Recalculated {
            delta: money("2000.00")
        }]
    );
    // A line that is no longer eligible: its commission goes to 0.
    let dropped = apply_version(&commission, &lines[..1]);
    assert_eq!(
        dropped.movements,
        vec![CommissionMovement::Recalculated {
            delta: money("-11248.83")
        }]
    );
    assert_eq!(dropped.after.net_amount(), money("18522.81"));
}

#[test]
fn estimated_repricing_never_un_reverts() {
    // c = 100.00 on 2 units, one returned (50.00 reverted); repriced to 80.00: the formula would
    // say 40.00 reverted, but 50.00 already moved, so it stays and the net is 30.00 (ADR 0030).
    let commission = CommissionMoney {
        state: CommissionState::Estimated,
        lines: vec![CommissionLine {
            returned_quantity: 1,
            reverted_amount: money("50.00"),
            ..CommissionLine::new(0, 2, money("100.00"))
        }],
    };
    let lines = [VersionLine {
        line_index: 0,
        quantity: 2,
        commission_amount: money("80.00"),
        removed_quantity: 0,
        returned_quantity: 1,
    }];
    let update = apply_version(&commission, &lines);
    assert_eq!(
        update.movements,
        vec![CommissionMovement::Recalculated {
            delta: money("-20.00")
        }]
    );
    assert_eq!(update.after.net_amount(), money("30.00"));
    // Repriced below what was already reverted: the line commission floors at it.
    let floor = apply_version(
        &commission,
        &[VersionLine {
            commission_amount: money("40.00"),
            ..lines[0]
        }],
    );
    assert_eq!(floor.after.commission_amount(), money("50.00"));
    assert_eq!(floor.after.net_amount(), Money::ZERO);
}

#[test]
fn confirmed_decrease_is_a_partial_reversal_and_an_increase_is_flagged() {
    let commission = post_tax_commission(CommissionState::Confirmed);
    let mut lines = same_prices(&commission, &[]);
    lines[1].commission_amount = money("10000.00");
    let lower = apply_version(&commission, &lines);
    assert_eq!(
        lower.movements,
        vec![reverted(
            "1248.83",
            CommissionState::Confirmed,
            ReversalReason::AmountDecreased
        )]
    );
    assert_eq!(
        lower.after.commission_amount(),
        money("29771.64"),
        "unchanged in place"
    );
    assert_eq!(lower.after.net_amount(), money("28522.81"));
    assert!(!lower.increase_flagged);

    // The same version again: nothing more.
    assert!(apply_version(&lower.after, &lines).movements.is_empty());

    // Then one unit of line 0 returned at the lower price: the formula on the confirmed amount.
    let mut returned = lines.clone();
    returned[0].returned_quantity = 1;
    let after_return = apply_version(&lower.after, &returned);
    assert_eq!(after_return.reverted_total(), money("9261.41"));
    assert_eq!(after_return.after.net_amount(), money("19261.40"));

    let mut higher = same_prices(&commission, &[]);
    higher[1].commission_amount = money("12000.00");
    let up = apply_version(&commission, &higher);
    assert!(up.increase_flagged);
    assert!(
        up.movements.is_empty(),
        "an increase is never applied automatically"
    );
    assert_eq!(up.after, commission);

    let mut new_line = same_prices(&commission, &[]);
    new_line.push(VersionLine {
        line_index: 3,
        quantity: 1,
        commission_amount: money("100.00"),
        removed_quantity: 0,
        returned_quantity: 0,
    });
    let added = apply_version(&commission, &new_line);
    assert!(added.increase_flagged);
    assert_eq!(added.after.lines.len(), 2);
}

#[test]
fn zero_commission_fully_returned_ends_reverted_without_money() {
    let commission = CommissionMoney::estimated(vec![CommissionLine::new(0, 1, Money::ZERO)]);
    let update = apply_version(&commission, &same_prices(&commission, &[(0, 0, 1)]));
    assert_eq!(update.after.state, CommissionState::Reverted);
    assert_eq!(
        update.movements,
        vec![CommissionMovement::Reverted {
            amount: Money::ZERO,
            from: CommissionState::Estimated,
            reason: ReversalReason::PartialReturn,
            kind: TransitionKind::Reverted,
        }]
    );
    let reverted = apply_version(&update.after, &same_prices(&commission, &[(0, 0, 1)]));
    assert!(reverted.movements.is_empty());
}
