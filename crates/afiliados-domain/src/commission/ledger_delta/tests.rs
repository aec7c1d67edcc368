use super::*;
use crate::commission::fixture::money;

fn b(values: [&str; 6]) -> Buckets {
    let [
        estimated,
        confirmed,
        reverted,
        pending_withdrawal,
        withdrawn,
        pending_adjustments,
    ] = values.map(|value| Money::from_units(value.parse().unwrap()));
    Buckets {
        estimated,
        confirmed,
        reverted,
        pending_withdrawal,
        withdrawn,
        pending_adjustments,
    }
}

/// Every row of the table of §5.13.1 with A = 1.
#[test]
fn the_delta_table() {
    use AdjustmentKind::*;
    use LedgerMovement as M;
    use Recovery::*;
    let one = Money::from_units(1);
    let rows = [
        (M::CommissionEstimated, ["1", "0", "0", "0", "0", "0"]),
        (
            M::CommissionRecalculated(Direction::Increase),
            ["1", "0", "0", "0", "0", "0"],
        ),
        (
            M::CommissionRecalculated(Direction::Decrease),
            ["-1", "0", "0", "0", "0", "0"],
        ),
        (M::CommissionConfirmed, ["-1", "1", "0", "0", "0", "0"]),
        (
            M::CommissionReverted {
                from: CommissionState::Estimated,
            },
            ["-1", "0", "1", "0", "0", "0"],
        ),
        (
            M::CommissionReverted {
                from: CommissionState::Confirmed,
            },
            ["0", "-1", "1", "0", "0", "0"],
        ),
        (M::WithdrawalReserved, ["0", "0", "0", "1", "0", "0"]),
        (M::WithdrawalReleased, ["0", "0", "0", "-1", "0", "0"]),
        (M::Payment, ["0", "0", "0", "-1", "1", "0"]),
        (M::AdjustmentOpened(Manual), ["0", "0", "0", "0", "0", "1"]),
        (
            M::AdjustmentOpened(Clawback),
            ["0", "1", "-1", "0", "0", "1"],
        ),
        (
            M::AdjustmentRecovered(Manual, Netting),
            ["0", "-1", "0", "0", "0", "-1"],
        ),
        (
            M::AdjustmentRecovered(Manual, Repayment),
            ["0", "0", "0", "0", "0", "-1"],
        ),
        (
            M::AdjustmentRecovered(Clawback, Netting),
            ["0", "-1", "1", "0", "0", "-1"],
        ),
        (
            M::AdjustmentRecovered(Clawback, Repayment),
            ["0", "-1", "1", "0", "-1", "-1"],
        ),
        (M::WriteOff, ["0", "0", "0", "0", "0", "-1"]),
    ];
    for (movement, expected) in rows {
        assert_eq!(movement.deltas(one), Ok(b(expected)), "{movement:?}");
    }
    assert_eq!(
        M::CommissionEstimated.deltas(Money::ZERO),
        Err(LedgerRefused::NotPositive)
    );
    assert_eq!(
        M::Payment.deltas(money("-5.00")),
        Err(LedgerRefused::NotPositive)
    );
    assert_eq!(
        M::CommissionReverted {
            from: CommissionState::Reverted
        }
        .deltas(one),
        Err(LedgerRefused::RevertedFromReverted)
    );
    assert_eq!(M::WriteOff.entry_type().as_str(), "write_off");
    assert_eq!(
        M::AdjustmentRecovered(Clawback, Netting)
            .entry_type()
            .as_str(),
        "adjustment_recovered"
    );
}

fn step(balance: Buckets, movement: LedgerMovement, amount: i64) -> Buckets {
    let (entry, after) = post(&balance, movement, Money::from_units(amount)).unwrap();
    assert_eq!(entry.available_after, after.available());
    after
}

/// The worked example of §5.13.5 (Isabela × Cetaphil, from zero), every row and branch.
#[test]
fn worked_example_5_13_5() {
    use LedgerMovement as M;
    let s1 = step(Buckets::ZERO, M::CommissionEstimated, 25_000);
    assert_eq!(s1, b(["25000", "0", "0", "0", "0", "0"]));
    assert_eq!(s1.available(), Money::ZERO);
    let s2 = step(s1, M::CommissionConfirmed, 25_000);
    assert_eq!(s2, b(["0", "25000", "0", "0", "0", "0"]));
    assert_eq!(s2.available(), Money::from_units(25_000));
    let s3 = step(s2, M::WithdrawalReserved, 20_000);
    assert_eq!(s3, b(["0", "25000", "0", "20000", "0", "0"]));
    assert_eq!(s3.available(), Money::from_units(5_000));
    let s4 = step(s3, M::Payment, 20_000);
    assert_eq!(s4, b(["0", "25000", "0", "0", "20000", "0"]));
    assert_eq!(s4.available(), Money::from_units(5_000));
    // Step 5 through the clawback rule.
    let reversal =
        crate::commission::clawback::reverse_confirmed(&s4, Money::from_units(25_000)).unwrap();
    let s5 = reversal.after;
    assert_eq!(s5, b(["0", "20000", "5000", "0", "20000", "20000"]));
    assert_eq!(s5.available(), Money::from_units(-20_000));
    // 6a: written off.
    let s6a = step(s5, M::WriteOff, 20_000);
    assert_eq!(s6a, b(["0", "20000", "5000", "0", "20000", "0"]));
    assert_eq!(s6a.available(), Money::ZERO);
    // 6b: a new commission of 30 000 confirms; 7b: the debt is recovered by netting.
    let s6b = step(
        step(s5, M::CommissionEstimated, 30_000),
        M::CommissionConfirmed,
        30_000,
    );
    assert_eq!(s6b, b(["0", "50000", "5000", "0", "20000", "20000"]));
    assert_eq!(s6b.available(), Money::from_units(10_000));
    let s7b = step(
        s6b,
        M::AdjustmentRecovered(AdjustmentKind::Clawback, Recovery::Netting),
        20_000,
    );
    assert_eq!(s7b, b(["0", "30000", "25000", "0", "20000", "0"]));
    assert_eq!(s7b.available(), Money::from_units(10_000));
    // 6c: the influencer repays by transfer.
    let s6c = step(
        s5,
        M::AdjustmentRecovered(AdjustmentKind::Clawback, Recovery::Repayment),
        20_000,
    );
    assert_eq!(s6c, b(["0", "0", "25000", "0", "0", "0"]));
    assert_eq!(s6c.available(), Money::ZERO);
}

/// §5.13.5 second example (manual debt) and third (reversal before confirmation).
#[test]
fn manual_debt_and_reversal_before_confirmation() {
    use LedgerMovement as M;
    let available_40k = b(["0", "40000", "0", "0", "0", "0"]);
    let debt = step(
        available_40k,
        M::AdjustmentOpened(AdjustmentKind::Manual),
        15_000,
    );
    assert_eq!(debt.pending_adjustments, Money::from_units(15_000));
    assert_eq!(debt.available(), Money::from_units(25_000));

    let estimated = step(Buckets::ZERO, M::CommissionEstimated, 25_000);
    let canceled = step(
        estimated,
        M::CommissionReverted {
            from: CommissionState::Estimated,
        },
        25_000,
    );
    assert_eq!(canceled, b(["0", "0", "25000", "0", "0", "0"]));
    assert_eq!(canceled.available(), Money::ZERO);
}

#[test]
fn verify_folds_the_entries() {
    use LedgerMovement as M;
    let mut balance = Buckets::ZERO;
    let mut entries = Vec::new();
    for (movement, amount) in [
        (M::CommissionEstimated, 100),
        (M::CommissionRecalculated(Direction::Decrease), 10),
        (M::CommissionConfirmed, 90),
        (M::WithdrawalReserved, 50),
        (M::WithdrawalReleased, 50),
    ] {
        let (entry, after) = post(&balance, movement, Money::from_units(amount)).unwrap();
        entries.push(entry);
        balance = after;
    }
    assert_eq!(fold_deltas(&entries), balance);
    assert_eq!(balance.available(), Money::from_units(90));
    let json = serde_json::to_value(LedgerEntryType::CommissionReverted).unwrap();
    assert_eq!(json, "commission_reverted");
}
