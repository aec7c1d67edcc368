use super::*;

fn tier(name: &str, level: u32, threshold: i64, percent: &str, is_default: bool) -> TierSpec {
    TierSpec {
        name: name.into(),
        level,
        threshold: Money::from_units(threshold),
        commission_percent: Percent::parse(percent).unwrap(),
        is_default,
    }
}

/// The seed tiers of §5.11.
fn seed() -> Vec<TierSpec> {
    vec![
        tier("Base", 1, 0, "10", true),
        tier("Avanzado", 2, 500_000, "12", false),
        tier("Elite", 3, 2_000_000, "15", false),
    ]
}

fn codes(tiers: &[TierSpec]) -> Vec<(String, FieldCode)> {
    validate_tiers(tiers)
        .unwrap_err()
        .into_iter()
        .map(|error| (error.field, error.code))
        .collect()
}

#[test]
fn seed_tiers_are_valid_and_order_does_not_matter() {
    assert_eq!(validate_tiers(&seed()), Ok(()));
    let mut shuffled = seed();
    shuffled.reverse();
    assert_eq!(validate_tiers(&shuffled), Ok(()));
    assert_eq!(validate_tiers(&[]), Ok(()));
}

#[test]
fn selection_spec_examples() {
    let tiers = seed();
    let level = |volume: i64| {
        select_tier(&tiers, Money::from_units(volume))
            .unwrap()
            .level
    };
    assert_eq!(level(620_000), 2);
    assert_eq!(level(180_000), 1);
    assert_eq!(level(2_150_000), 3);
    assert_eq!(level(500_000), 2);
    assert_eq!(
        select_tier(&tiers, -Money::from_units(1)).unwrap().name,
        "Base"
    );
    assert_eq!(select_tier(&[], Money::ZERO), None);
    assert_eq!(TierChange::between(1, 2), TierChange::Upgrade);
    assert_eq!(TierChange::between(2, 1), TierChange::Downgrade);
    assert_eq!(TierChange::between(2, 2), TierChange::Unchanged);
}

#[test]
fn progress_spec_examples() {
    let tiers = seed();
    let volume = Money::from_units(620_000);
    let base = tier_progress(&tiers, 1, volume);
    assert_eq!(base.next.map(|t| t.name.as_str()), Some("Avanzado"));
    assert_eq!(base.remaining_to_next, Money::ZERO);
    assert_eq!(base.progress_percent, 100);
    let advanced = tier_progress(&tiers, 2, volume);
    assert_eq!(advanced.next.map(|t| t.name.as_str()), Some("Elite"));
    assert_eq!(advanced.remaining_to_next.to_string(), "1380000.00");
    assert_eq!(advanced.progress_percent, 31);
    let top = tier_progress(&tiers, 3, volume);
    assert_eq!(top.next, None);
    assert_eq!(top.progress_percent, 100);
    let none = tier_progress(&[], BASE_TIER_LEVEL, volume);
    assert_eq!((none.next, none.progress_percent), (None, 100));
}

#[test]
fn structural_rules() {
    let mut gap = seed();
    gap[2].level = 4;
    assert_eq!(
        codes(&gap),
        vec![("tiers[2].level".into(), FieldCode::OutOfRange)]
    );

    let mut duplicate_level = seed();
    duplicate_level[2].level = 2;
    assert!(
        codes(&duplicate_level).contains(&("tiers[2].level".into(), FieldCode::NotUniqueInList))
    );

    let mut not_increasing = seed();
    not_increasing[2].threshold = Money::from_units(400_000);
    assert_eq!(
        codes(&not_increasing),
        vec![("tiers[2].threshold".into(), FieldCode::OutOfRange)]
    );

    let mut same_threshold = seed();
    same_threshold[2].threshold = Money::from_units(500_000);
    assert_eq!(
        codes(&same_threshold),
        vec![("tiers[2].threshold".into(), FieldCode::NotUniqueInList)]
    );

    let mut first_not_zero = seed();
    first_not_zero[0].threshold = Money::from_units(1);
    assert_eq!(
        codes(&first_not_zero),
        vec![("tiers[0].threshold".into(), FieldCode::OutOfRange)]
    );
}

#[test]
fn defaults_names_and_count() {
    let mut no_default = seed();
    no_default[0].is_default = false;
    assert_eq!(
        codes(&no_default),
        vec![("tiers".into(), FieldCode::Required)]
    );

    let mut two_defaults = seed();
    two_defaults[1].is_default = true;
    assert_eq!(
        codes(&two_defaults),
        vec![("tiers[1].isDefault".into(), FieldCode::NotUniqueInList)]
    );

    let mut names = seed();
    names[0].name = " ".into();
    names[1].name = "x".repeat(41);
    assert_eq!(
        codes(&names),
        vec![
            ("tiers[0].name".into(), FieldCode::Required),
            ("tiers[1].name".into(), FieldCode::TooLong),
        ]
    );

    let eleven: Vec<TierSpec> = (1..=11)
        .map(|level| tier("T", level, i64::from(level - 1) * 1000, "10", level == 1))
        .collect();
    assert_eq!(codes(&eleven), vec![("tiers".into(), FieldCode::TooLong)]);
}

#[test]
fn json_shape() {
    let json = serde_json::to_string(&seed()[1]).unwrap();
    assert_eq!(
        json,
        r#"{"name":"Avanzado","level":2,"threshold":500000.00,"commissionPercent":12.00,"isDefault":false}"#
    );
}
