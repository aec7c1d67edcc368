use super::*;
use crate::commission::fixture::{at, money};

fn date(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
}

/// The fixture's order: paid 2026-03-02 14:09:30Z, invoiced 2026-03-03 16:20:05Z, window 15 days.
fn fixture() -> SettlementCandidate {
    SettlementCandidate {
        state: CommissionState::Estimated,
        on_hold: false,
        order_status: OrderStatus::Invoiced,
        status_unmapped: false,
        paid_at: Some(at("2026-03-02T14:09:30.412Z")),
        invoiced_at: Some(at("2026-03-03T16:20:05.118Z")),
        snapshot_window_days: 15,
    }
}

/// A scheduled run at 02:00 Bogota of `day`.
fn scheduled(day: &str) -> DateTime<Utc> {
    business_day_start(date(day)) + Duration::hours(2)
}

/// §5.12 example 1: run 2026-03-16 02:00 Bogota → pending, `window_open`, due
/// 2026-03-18T16:20:05Z (the stored instant keeps VTEX's milliseconds).
#[test]
fn example_1_window_open_due_2026_03_18() {
    let decision = settle(&fixture(), scheduled("2026-03-16"), None);
    assert_eq!(
        decision,
        SettlementDecision::Pending(PendingReason::WindowOpen {
            due_at: at("2026-03-18T16:20:05.118Z")
        })
    );
    assert_eq!(
        confirmation_due_at(fixture().invoiced_at.unwrap(), 15)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        "2026-03-18T16:20:05Z"
    );
    let json = serde_json::to_value(PendingReason::WindowOpen {
        due_at: at("2026-03-18T16:20:05Z"),
    })
    .unwrap();
    assert_eq!(json["reason"], "window_open");
    assert_eq!(json["dueAt"], "2026-03-18T16:20:05Z");
}

/// §5.12 example 2: run 2026-04-01 02:00 Bogota → confirmed; 20 223.00 moves to confirmed.
#[test]
fn example_2_confirmed_on_april_1st() {
    let evaluation = scheduled("2026-04-01");
    assert_eq!(evaluation, at("2026-04-01T07:00:00Z"));
    assert_eq!(
        settle(&fixture(), evaluation, None),
        SettlementDecision::Confirm
    );
    let mut totals = SettlementTotals::default();
    totals.add(SettlementDecision::Confirm, money("20223.00"));
    assert_eq!(totals.confirmed_count, 1);
    assert_eq!(totals.confirmed_amount, money("20223.00"));
    // Running again: the commission is confirmed now, and settlement leaves it alone.
    let confirmed = SettlementCandidate {
        state: CommissionState::Confirmed,
        ..fixture()
    };
    assert_eq!(
        settle(&confirmed, evaluation, None),
        SettlementDecision::Untouched
    );
}

/// §5.12 example 3: manual run on 2026-03-04 with `waitingPeriodDays: 0` → confirmed at once.
#[test]
fn example_3_manual_run_with_waiting_period_0() {
    let now = at("2026-03-04T15:00:00Z");
    let evaluation =
        evaluation_instant(Some(EvaluationPoint::Date(date("2026-03-04"))), now).unwrap();
    assert_eq!(evaluation, at("2026-03-04T05:00:00Z"));
    let days = check_waiting_period(0).unwrap();
    assert_eq!(
        settle(&fixture(), evaluation, Some(days)),
        SettlementDecision::Confirm
    );
    // Without the override the snapshot's 15 days apply.
    assert!(matches!(
        settle(&fixture(), evaluation, None),
        SettlementDecision::Pending(PendingReason::WindowOpen { .. })
    ));
    // Evaluated before the invoice: the anchor is not reached even with 0 days.
    assert!(matches!(
        settle(&fixture(), at("2026-03-03T05:00:00Z"), Some(0)),
        SettlementDecision::Pending(PendingReason::WindowOpen { .. })
    ));
}

/// §5.12 example 4: an order still `created` 20 days after placement → `awaiting_payment`; a
/// self-referral commission → `on_hold`.
#[test]
fn example_4_awaiting_payment_and_on_hold() {
    let created = SettlementCandidate {
        order_status: OrderStatus::Created,
        paid_at: None,
        invoiced_at: None,
        ..fixture()
    };
    assert_eq!(
        settle(&created, at("2026-03-22T14:05:10Z"), Some(0)),
        SettlementDecision::Pending(PendingReason::AwaitingPayment)
    );
    let held = SettlementCandidate {
        on_hold: true,
        ..fixture()
    };
    assert_eq!(
        settle(&held, scheduled("2026-04-01"), None),
        SettlementDecision::Pending(PendingReason::OnHold)
    );
    let unmapped = SettlementCandidate {
        status_unmapped: true,
        ..fixture()
    };
    assert_eq!(
        settle(&unmapped, scheduled("2026-04-01"), None),
        SettlementDecision::Pending(PendingReason::StatusUnmapped)
    );
    assert_eq!(PendingReason::AwaitingPayment.as_str(), "awaiting_payment");
}

#[test]
fn safety_sweep_reverts_what_a_final_order_left_standing() {
    for (status, reason) in [
        (OrderStatus::Canceled, ReversalReason::OrderCanceled),
        (OrderStatus::Returned, ReversalReason::OrderReturned),
    ] {
        for state in [CommissionState::Estimated, CommissionState::Confirmed] {
            let candidate = SettlementCandidate {
                state,
                order_status: status,
                on_hold: true,
                ..fixture()
            };
            assert_eq!(
                settle(&candidate, scheduled("2026-04-01"), None),
                SettlementDecision::Revert(reason)
            );
        }
    }
    let reverted = SettlementCandidate {
        state: CommissionState::Reverted,
        order_status: OrderStatus::Canceled,
        ..fixture()
    };
    assert_eq!(
        settle(&reverted, scheduled("2026-04-01"), None),
        SettlementDecision::Untouched
    );
}

#[test]
fn paid_only_anchors_on_paid_at_and_inputs_are_checked() {
    let paid = SettlementCandidate {
        order_status: OrderStatus::Paid,
        invoiced_at: None,
        ..fixture()
    };
    assert_eq!(
        settle(&paid, at("2026-03-17T14:09:30.412Z"), None),
        SettlementDecision::Confirm
    );
    assert!(matches!(
        settle(&paid, at("2026-03-17T14:09:30.411Z"), None),
        SettlementDecision::Pending(PendingReason::WindowOpen { .. })
    ));
    assert_eq!(check_waiting_period(90), Ok(90));
    assert_eq!(check_waiting_period(91), Err(FieldCode::OutOfRange));
    assert_eq!(check_waiting_period(-1), Err(FieldCode::OutOfRange));
    let now = at("2026-03-04T15:00:00Z");
    assert_eq!(evaluation_instant(None, now), Ok(now));
    assert_eq!(
        evaluation_instant(Some(EvaluationPoint::Date(date("2026-03-05"))), now),
        Err(FieldCode::OutOfRange),
        "a future evaluation date is refused"
    );
    assert_eq!(
        evaluation_instant(Some(EvaluationPoint::Instant(now)), now),
        Ok(now)
    );
    let mut totals = SettlementTotals::default();
    totals.add(SettlementDecision::Untouched, money("5.00"));
    totals.add(
        SettlementDecision::Pending(PendingReason::OnHold),
        money("5.00"),
    );
    totals.add(
        SettlementDecision::Revert(ReversalReason::OrderCanceled),
        money("7.00"),
    );
    assert_eq!(
        (totals.pending_count, totals.pending_amount),
        (1, money("5.00"))
    );
    assert_eq!(
        (totals.reverted_count, totals.reverted_amount),
        (1, money("7.00"))
    );
    assert_eq!(totals.confirmed_count, 0);
}
