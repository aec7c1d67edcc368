use super::*;
use crate::commission::fixture::{at, money};
use crate::{Percent, tier_progress};

fn tier(name: &str, level: u32, threshold: i64, percent: &str, is_default: bool) -> TierSpec {
    TierSpec {
        name: name.into(),
        level,
        threshold: Money::from_units(threshold),
        commission_percent: Percent::parse(percent).unwrap(),
        is_default,
    }
}

/// Base 10 % at 0 (default), Avanzado 12 % at 500 000, Elite 15 % at 2 000 000.
fn seed() -> Vec<TierSpec> {
    vec![
        tier("Base", 1, 0, "10", true),
        tier("Avanzado", 2, 500_000, "12", false),
        tier("Elite", 3, 2_000_000, "15", false),
    ]
}

fn confirmed(at_instant: &str, eligible: &str) -> CommissionSales {
    CommissionSales {
        state: CommissionState::Confirmed,
        confirmed_at: Some(at(at_instant)),
        eligible_amount: money(eligible),
        commission_amount: money("100.00"),
        net_amount: money("100.00"),
    }
}

/// §5.11 example 1: evaluation 2026-03-16 02:30 Bogota, window from 2026-03-01 02:30 Bogota;
/// confirmed eligible sales 620 000.00 → Base → Avanzado (upgrade).
#[test]
fn example_1_upgrade_to_avanzado() {
    let evaluation = at("2026-03-16T07:30:00Z");
    let window = evaluation_window(evaluation, 15);
    assert_eq!(window, (at("2026-03-01T07:30:00Z"), evaluation));
    let sales = [
        confirmed("2026-03-01T07:30:00Z", "320000.00"), // first instant: inside
        confirmed("2026-03-16T07:29:59Z", "300000.00"),
        confirmed("2026-03-16T07:30:00Z", "999999.00"), // E itself: outside
        confirmed("2026-03-01T07:29:59Z", "999999.00"), // before the window
        CommissionSales {
            state: CommissionState::Estimated,
            confirmed_at: None,
            ..confirmed("2026-03-10T00:00:00Z", "999999.00")
        },
    ];
    let volume = sales_volume(&sales, window);
    assert_eq!(volume, money("620000.00"));
    let tiers = seed();
    let evaluation = evaluate_tier(&tiers, 1, volume);
    assert_eq!(evaluation.tier.unwrap().name, "Avanzado");
    assert_eq!(evaluation.change, TierChange::Upgrade);
}

/// §5.11 example 2: next evaluation 2026-03-31 02:30, volume 180 000.00 → Avanzado → Base.
#[test]
fn example_2_downgrade_to_base() {
    let tiers = seed();
    let evaluation = evaluate_tier(&tiers, 2, money("180000.00"));
    assert_eq!(evaluation.tier.unwrap().name, "Base");
    assert_eq!(evaluation.change, TierChange::Downgrade);
    assert_eq!(
        evaluate_tier(&seed(), 2, money("500000.00")).change,
        TierChange::Unchanged
    );
    assert_eq!(
        next_evaluation_on(NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(), 15),
        NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
    );
    assert_eq!(
        first_evaluation_on(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(), 15),
        NaiveDate::from_ymd_opt(2026, 2, 16).unwrap()
    );
}

/// §5.11 example 3: 2 150 000.00 → Elite; progress on 2026-03-20 with 620 000.00 in the live
/// window: Base → next Avanzado, remaining 0.00, 100 %; Avanzado → next Elite, remaining
/// 1 380 000.00, 31 %.
#[test]
fn example_3_elite_and_progress() {
    assert_eq!(
        evaluate_tier(&seed(), 2, money("2150000.00"))
            .tier
            .unwrap()
            .name,
        "Elite"
    );
    let tiers = seed();
    let base = tier_progress(&tiers, 1, money("620000.00"));
    assert_eq!(base.next.unwrap().name, "Avanzado");
    assert_eq!(base.remaining_to_next, Money::ZERO);
    assert_eq!(base.progress_percent, 100);
    let avanzado = tier_progress(&tiers, 2, money("620000.00"));
    assert_eq!(avanzado.next.unwrap().name, "Elite");
    assert_eq!(avanzado.remaining_to_next, money("1380000.00"));
    assert_eq!(avanzado.progress_percent, 31);
}

#[test]
fn volume_counts_what_stands_after_partial_returns_and_rounds_once() {
    let window = (at("2026-03-01T00:00:00Z"), at("2026-03-31T00:00:00Z"));
    // The fixture after §5.9 example 1: eligible 248 097.06, commission 29 771.64, net 20 510.23.
    let returned = CommissionSales {
        state: CommissionState::Confirmed,
        confirmed_at: Some(at("2026-03-18T16:20:05Z")),
        eligible_amount: money("248097.06"),
        commission_amount: money("29771.64"),
        net_amount: money("20510.23"),
    };
    // 248097.06 × 20510.23 / 29771.64 = 170918.6246… → 170 918.62.
    assert_eq!(sales_volume(&[returned], window), money("170918.62"));
    let zero = CommissionSales {
        commission_amount: Money::ZERO,
        net_amount: Money::ZERO,
        ..returned
    };
    assert_eq!(sales_volume(&[zero], window), money("248097.06"));
    // Three thirds of 0.01: exact terms summed then rounded (0.01), not rounded each (0.00).
    let third = CommissionSales {
        eligible_amount: money("0.01"),
        commission_amount: money("3.00"),
        net_amount: money("1.00"),
        ..returned
    };
    assert_eq!(sales_volume(&[third, third, third], window), money("0.01"));
}
