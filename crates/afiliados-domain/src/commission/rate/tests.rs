use super::*;
use crate::Money;
use crate::commission::fixture::at;

fn tier(name: &str, level: u32, threshold: i64, percent: &str, is_default: bool) -> TierSpec {
    TierSpec {
        name: name.into(),
        level,
        threshold: Money::from_units(threshold),
        commission_percent: Percent::parse(percent).unwrap(),
        is_default,
    }
}

fn seed() -> Vec<TierSpec> {
    vec![
        tier("Base", 1, 0, "10", true),
        tier("Avanzado", 2, 500_000, "12", false),
        tier("Elite", 3, 2_000_000, "15", false),
    ]
}

/// §5.11 example 1: upgraded to Avanzado at 2026-03-16 02:30 Bogota (07:30Z).
fn history() -> Vec<TierPeriod> {
    let tiers = seed();
    vec![
        TierPeriod {
            effective_from: at("2026-02-01T05:00:00Z"),
            effective_to: Some(at("2026-03-16T07:30:00Z")),
            tier: tiers[0].clone(),
        },
        TierPeriod {
            effective_from: at("2026-03-16T07:30:00Z"),
            effective_to: None,
            tier: tiers[1].clone(),
        },
    ]
}

#[test]
fn tier_example_1_orders_keep_the_rate_of_their_placement() {
    let base = Percent::parse("8").unwrap();
    let after = rate_at_placement(&seed(), &history(), base, at("2026-03-16T15:00:00Z"));
    assert_eq!(
        after.rate,
        Percent::parse("12").unwrap(),
        "placed 2026-03-16 10:00 Bogota"
    );
    assert_eq!(after.tier_name, "Avanzado");
    assert_eq!(after.source, RateSource::TierAtPlacement);
    let before = rate_at_placement(&seed(), &history(), base, at("2026-03-15T15:00:00Z"));
    assert_eq!(
        before.rate,
        Percent::parse("10").unwrap(),
        "placed 2026-03-15"
    );
    let boundary = rate_at_placement(&seed(), &history(), base, at("2026-03-16T07:30:00Z"));
    assert_eq!(
        boundary.tier_level, 2,
        "effective_from ≤ placed_at < effective_to"
    );
}

#[test]
fn joined_after_ordering_gets_the_default_tier_and_no_tiers_the_base_percent() {
    let base = Percent::parse("8").unwrap();
    let early = rate_at_placement(&seed(), &history(), base, at("2026-01-15T12:00:00Z"));
    assert_eq!(early.source, RateSource::DefaultTier);
    assert_eq!(early.rate, Percent::parse("10").unwrap());
    let plain = rate_at_placement(&[], &[], base, at("2026-03-16T15:00:00Z"));
    assert_eq!(plain.source, RateSource::BaseCommission);
    assert_eq!(plain.rate, base);
    assert_eq!(plain.tier_level, 0);
    assert_eq!(plain.tier_name, "Base");
}
