use super::*;
use crate::commission::fixture::{CAMPAIGN_PROMOTION, cetaphil_rules, fixture_lines, money};

#[test]
fn fixture_lines_0_1_eligible_2_brand_mismatch_3_category_not_in_scope() {
    let rules = cetaphil_rules();
    let got: Vec<_> = fixture_lines()
        .iter()
        .map(|line| line_eligibility(line, &rules))
        .collect();
    assert_eq!(
        got,
        vec![
            Ok(()),
            Ok(()),
            Err(IneligibilityReason::BrandMismatch),
            Err(IneligibilityReason::CategoryNotInScope),
        ]
    );
}

#[test]
fn rules_apply_in_order() {
    let rules = EligibilityRules {
        exclude_lines_with_other_discounts: true,
        ..cetaphil_rules()
    };
    let mut line = fixture_lines().remove(2); // La Roche-Posay
    line.is_gift = true;
    assert_eq!(
        line_eligibility(&line, &rules),
        Err(IneligibilityReason::GiftItem),
        "gift before brand"
    );
    line.is_gift = false;
    assert_eq!(
        line_eligibility(&line, &rules),
        Err(IneligibilityReason::BrandMismatch)
    );
    line.brand_id = None;
    assert_eq!(
        line_eligibility(&line, &rules),
        Err(IneligibilityReason::BrandMismatch),
        "a line without brand does not match a brand with a VTEX id"
    );
    let no_brand = EligibilityRules {
        brand_vtex_id: None,
        ..rules.clone()
    };
    assert_eq!(line_eligibility(&line, &no_brand), Ok(()));

    // Line 3: other promotion, out of scope → scope reported first.
    let baby = fixture_lines().remove(3);
    assert_eq!(
        line_eligibility(&baby, &rules),
        Err(IneligibilityReason::CategoryNotInScope)
    );
    let everything = EligibilityRules {
        scope: Scope::All,
        ..rules.clone()
    };
    assert_eq!(
        line_eligibility(&baby, &everything),
        Err(IneligibilityReason::OtherPromotionApplied)
    );
    let stacking_allowed = EligibilityRules {
        exclude_lines_with_other_discounts: false,
        ..everything.clone()
    };
    assert_eq!(line_eligibility(&baby, &stacking_allowed), Ok(()));
    // Only the campaign's own promotion: ⊆ holds.
    let own = fixture_lines().remove(0);
    assert_eq!(line_eligibility(&own, &everything), Ok(()));
    assert!(own.promotion_ids.contains(&CAMPAIGN_PROMOTION.to_owned()));

    let mut zero = fixture_lines().remove(0);
    zero.line_net = money("0.00");
    assert_eq!(
        line_eligibility(&zero, &rules),
        Err(IneligibilityReason::ZeroAmount)
    );
}

#[test]
fn sku_scope_matches_sku_exactly_and_ref_id_case_insensitively() {
    let line = fixture_lines().remove(0); // SKU 2001, refId CET-LIMP-473
    let scope = |values: &[&str]| EligibilityRules {
        scope: Scope::Sku(values.iter().map(|value| (*value).to_owned()).collect()),
        ..cetaphil_rules()
    };
    assert_eq!(line_eligibility(&line, &scope(&["2001"])), Ok(()));
    assert_eq!(line_eligibility(&line, &scope(&["cet-limp-473"])), Ok(()));
    assert_eq!(
        line_eligibility(&line, &scope(&["20011", "CET-HID-453"])),
        Err(IneligibilityReason::SkuNotInScope)
    );
}

#[test]
fn a_parent_category_includes_its_children() {
    let line = fixture_lines().remove(0); // path 3/45
    let scope = |values: &[&str]| EligibilityRules {
        scope: Scope::Category(values.iter().map(|value| (*value).to_owned()).collect()),
        ..cetaphil_rules()
    };
    assert_eq!(line_eligibility(&line, &scope(&["45"])), Ok(()));
    assert_eq!(line_eligibility(&line, &scope(&["8", "3"])), Ok(()));
    assert_eq!(
        line_eligibility(&line, &scope(&["4"])),
        Err(IneligibilityReason::CategoryNotInScope),
        "segments compare whole, not as prefixes"
    );
    assert_eq!(
        IneligibilityReason::CategoryNotInScope.as_str(),
        "category_not_in_scope"
    );
}
