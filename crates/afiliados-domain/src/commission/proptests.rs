//! Properties of the commission core: cumulative returns in any split and any arrival order end
//! where one return of the total ends, and every ledger posting keeps the balance identity.

use proptest::prelude::*;

use super::commission_state::{CommissionState, ReversalReason};
use super::ledger_delta::{
    AdjustmentKind, Buckets, Direction, LedgerEntryDraft, LedgerMovement, Recovery, fold_deltas,
    post,
};
use super::order_edits::{VersionLine, apply_version};
use super::posting::{post_confirmed, post_estimated, post_movements};
use super::returns::{cumulative_reverted, revert_all};
use super::state::{CommissionLine, CommissionMoney, CommissionUpdate};
use crate::Money;

/// 1–4 lines of 1–6 units and 0.00–99 999.99 of commission.
fn commission_lines() -> impl Strategy<Value = Vec<CommissionLine>> {
    prop::collection::vec((1u32..=6, 0i64..10_000_000), 1..=4).prop_map(|lines| {
        lines
            .into_iter()
            .enumerate()
            .map(|(index, (quantity, cents))| {
                CommissionLine::new(
                    u32::try_from(index).unwrap_or(0),
                    quantity,
                    Money::from_cents(cents),
                )
            })
            .collect()
    })
}

/// Steps: (line pick, returned rather than removed, units 1–3).
fn steps() -> impl Strategy<Value = Vec<(usize, bool, u32)>> {
    prop::collection::vec((0usize..4, any::<bool>(), 1u32..=3), 0..12)
}

/// The successive versions' `(removed, returned)` per line; each step adds units, capped so that
/// removed + returned ≤ q.
fn versions(lines: &[CommissionLine], steps: &[(usize, bool, u32)]) -> Vec<Vec<(u32, u32)>> {
    let mut counts: Vec<(u32, u32)> = vec![(0, 0); lines.len()];
    let mut out = Vec::new();
    for (pick, returned, units) in steps {
        let index = pick % lines.len();
        let quantity = lines.get(index).map_or(0, |line| line.quantity);
        if let Some((removed, returned_units)) = counts.get_mut(index) {
            let room = quantity.saturating_sub(*removed + *returned_units);
            let add = (*units).min(room);
            if *returned {
                *returned_units += add;
            } else {
                *removed += add;
            }
        }
        out.push(counts.clone());
    }
    out
}

fn version_lines(lines: &[CommissionLine], counts: &[(u32, u32)]) -> Vec<VersionLine> {
    lines
        .iter()
        .zip(counts)
        .map(|(line, (removed, returned))| VersionLine {
            line_index: line.line_index,
            quantity: line.quantity,
            commission_amount: line.commission_amount,
            removed_quantity: *removed,
            returned_quantity: *returned,
        })
        .collect()
}

fn apply_all(start: &CommissionMoney, order: &[Vec<(u32, u32)>]) -> (CommissionMoney, Money) {
    let mut current = start.clone();
    let mut reverted = Money::ZERO;
    for counts in order {
        let update: CommissionUpdate =
            apply_version(&current, &version_lines(&start.lines, counts));
        assert!(!update.increase_flagged);
        reverted = reverted + update.reverted_total();
        current = update.after;
    }
    (current, reverted)
}

proptest! {
    /// Cumulative returns in any split — and with versions arriving in any order, duplicated —
    /// revert exactly what one return of the total reverts: `round_money(c × R / q)` per line.
    #[test]
    fn returns_in_any_split_equal_one_return_of_the_total(
        lines in commission_lines(),
        steps in steps(),
        confirmed in any::<bool>(),
        shuffle in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let state = if confirmed { CommissionState::Confirmed } else { CommissionState::Estimated };
        let start = CommissionMoney { state, lines: lines.clone() };
        let versions = versions(&lines, &steps);
        let Some(last) = versions.last().cloned() else { return Ok(()); };

        let (one_shot, one_shot_reverted) = apply_all(&start, std::slice::from_ref(&last));
        let (in_order, in_order_reverted) = apply_all(&start, &versions);
        // Out of order, with duplicates: picks among the versions, then the final one.
        let mut scrambled: Vec<Vec<(u32, u32)>> = shuffle
            .iter()
            .map(|pick| pick.get(&versions).clone())
            .collect();
        scrambled.push(last.clone());
        let (out_of_order, out_of_order_reverted) = apply_all(&start, &scrambled);

        prop_assert_eq!(&in_order, &one_shot);
        prop_assert_eq!(in_order_reverted, one_shot_reverted);
        prop_assert_eq!(&out_of_order, &one_shot);
        prop_assert_eq!(out_of_order_reverted, one_shot_reverted);
        for (line, (removed, returned)) in one_shot.lines.iter().zip(&last) {
            let expected = cumulative_reverted(line.commission_amount, line.quantity, removed + returned);
            prop_assert_eq!(line.reverted_amount, expected);
        }
        prop_assert_eq!(one_shot_reverted, one_shot.reverted_amount());
        let all_gone = one_shot.lines.iter().all(CommissionLine::fully_gone);
        prop_assert_eq!(one_shot.state == CommissionState::Reverted, all_gone);
        if all_gone {
            prop_assert_eq!(one_shot.reverted_amount(), start.commission_amount());
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Event {
    Return {
        pick: usize,
        units: u32,
    },
    Confirm,
    /// Reserve and pay this share (in %) of the available amount.
    Withdraw {
        percent: i64,
    },
    Cancel,
    ManualDebt {
        cents: i64,
    },
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(
        prop_oneof![
            (0usize..4, 1u32..=3).prop_map(|(pick, units)| Event::Return { pick, units }),
            Just(Event::Confirm),
            (1i64..=100).prop_map(|percent| Event::Withdraw { percent }),
            Just(Event::Cancel),
            (1i64..5_000_000).prop_map(|cents| Event::ManualDebt { cents }),
        ],
        0..10,
    )
}

fn record(
    entries: &mut Vec<LedgerEntryDraft>,
    balance: &mut Buckets,
    movement: LedgerMovement,
    amount: Money,
) -> Result<(), TestCaseError> {
    let (entry, after) =
        post(balance, movement, amount).map_err(|error| TestCaseError::fail(error.to_string()))?;
    entries.push(entry);
    *balance = after;
    Ok(())
}

proptest! {
    /// Any life of a commission on a balance — estimate, partial returns, confirmation,
    /// withdrawals, debts, cancellation through the clawback rule — keeps, after every entry,
    /// `available_after = confirmed − withdrawn − pending_withdrawal − pending_adjustments`; the
    /// fold of the entries equals the balance; estimated + confirmed + reverted equals the
    /// commission amount; and estimated is the commission's net while it is estimated.
    #[test]
    fn ledger_deltas_keep_the_balance_identity(lines in commission_lines(), events in events()) {
        let mut commission = CommissionMoney::estimated(lines);
        let first = post_estimated(&Buckets::ZERO, commission.commission_amount())
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let mut entries = first.entries;
        let mut balance = first.after;
        let mut counts: Vec<u32> = vec![0; commission.lines.len()];
        for event in events {
            match event {
                Event::Return { pick, units } => {
                    let index = pick % counts.len();
                    let quantity = commission.lines.get(index).map_or(0, |line| line.quantity);
                    if let Some(count) = counts.get_mut(index) {
                        *count = (*count + units).min(quantity);
                    }
                    let version: Vec<VersionLine> = commission
                        .lines
                        .iter()
                        .zip(&counts)
                        .map(|(line, returned)| VersionLine {
                            line_index: line.line_index,
                            quantity: line.quantity,
                            commission_amount: line.commission_amount,
                            removed_quantity: 0,
                            returned_quantity: *returned,
                        })
                        .collect();
                    let update = apply_version(&commission, &version);
                    let posting = post_movements(&balance, &update.movements)
                        .map_err(|error| TestCaseError::fail(error.to_string()))?;
                    entries.extend(posting.entries);
                    balance = posting.after;
                    commission = update.after;
                }
                Event::Confirm if commission.state == CommissionState::Estimated => {
                    let posting = post_confirmed(&balance, commission.net_amount())
                        .map_err(|error| TestCaseError::fail(error.to_string()))?;
                    entries.extend(posting.entries);
                    balance = posting.after;
                    commission.state = CommissionState::Confirmed;
                }
                Event::Confirm => {}
                Event::Withdraw { percent } => {
                    let amount = Money::rounded(
                        balance.available().amount() * rust_decimal::Decimal::from(percent)
                            / rust_decimal::Decimal::ONE_HUNDRED,
                    );
                    if amount.is_positive() {
                        record(&mut entries, &mut balance, LedgerMovement::WithdrawalReserved, amount)?;
                        record(&mut entries, &mut balance, LedgerMovement::Payment, amount)?;
                    }
                }
                Event::ManualDebt { cents } => {
                    let amount = Money::from_cents(cents);
                    record(
                        &mut entries,
                        &mut balance,
                        LedgerMovement::AdjustmentOpened(AdjustmentKind::Manual),
                        amount,
                    )?;
                    if cents % 2 == 0 {
                        record(
                            &mut entries,
                            &mut balance,
                            LedgerMovement::AdjustmentRecovered(AdjustmentKind::Manual, Recovery::Repayment),
                            amount,
                        )?;
                    }
                }
                Event::Cancel => {
                    let update = revert_all(&commission, ReversalReason::OrderCanceled);
                    let posting = post_movements(&balance, &update.movements)
                        .map_err(|error| TestCaseError::fail(error.to_string()))?;
                    entries.extend(posting.entries);
                    balance = posting.after;
                    commission = update.after;
                }
            }
            let mut running = Buckets::ZERO;
            for entry in &entries {
                prop_assert!(entry.amount.is_positive());
                running = running.plus(&entry.deltas);
                prop_assert_eq!(entry.available_after, running.available());
            }
            prop_assert_eq!(fold_deltas(&entries), balance);
            prop_assert_eq!(
                balance.estimated + balance.confirmed + balance.reverted,
                commission.commission_amount()
            );
            let expected_estimated = if commission.state == CommissionState::Estimated {
                commission.net_amount()
            } else {
                Money::ZERO
            };
            prop_assert_eq!(balance.estimated, expected_estimated);
        }
    }

    /// Any sequence of table movements keeps the identity entry by entry.
    #[test]
    fn any_movement_sequence_keeps_available_after(
        moves in prop::collection::vec((0usize..16, 1i64..10_000_000), 0..30)
    ) {
        use AdjustmentKind::{Clawback, Manual};
        use Recovery::{Netting, Repayment};
        let table = [
            LedgerMovement::CommissionEstimated,
            LedgerMovement::CommissionRecalculated(Direction::Increase),
            LedgerMovement::CommissionRecalculated(Direction::Decrease),
            LedgerMovement::CommissionConfirmed,
            LedgerMovement::CommissionReverted { from: CommissionState::Estimated },
            LedgerMovement::CommissionReverted { from: CommissionState::Confirmed },
            LedgerMovement::WithdrawalReserved,
            LedgerMovement::WithdrawalReleased,
            LedgerMovement::Payment,
            LedgerMovement::AdjustmentOpened(Manual),
            LedgerMovement::AdjustmentOpened(Clawback),
            LedgerMovement::AdjustmentRecovered(Manual, Netting),
            LedgerMovement::AdjustmentRecovered(Manual, Repayment),
            LedgerMovement::AdjustmentRecovered(Clawback, Netting),
            LedgerMovement::AdjustmentRecovered(Clawback, Repayment),
            LedgerMovement::WriteOff,
        ];
        let mut balance = Buckets::ZERO;
        let mut entries = Vec::new();
        for (pick, cents) in moves {
            let movement = table[pick % table.len()];
            record(&mut entries, &mut balance, movement, Money::from_cents(cents))?;
            prop_assert_eq!(entries.last().map(|entry| entry.available_after), Some(balance.available()));
        }
        prop_assert_eq!(fold_deltas(&entries), balance);
    }
}
