use super::*;
use crate::commission::eligibility::Scope;
use crate::commission::fixture::{cetaphil_rules, fixture_lines, fixture_shipping, money};

fn pct(raw: &str) -> Percent {
    Percent::parse(raw).unwrap()
}

fn pricing(basis: CommissionBasis, include_shipping: bool, rate: &str) -> PricingRules {
    PricingRules {
        basis,
        include_shipping,
        rate: pct(rate),
    }
}

fn single_line(net: &str, tax: &str) -> OrderLine {
    let mut line = fixture_lines().remove(0);
    line.quantity = 1;
    line.line_net = money(net);
    line.line_tax = money(tax);
    line
}

/// §5.8.4 example 1: one line of 250 000.00 at 10 %, pre_tax, no shipping → 25 000.00.
#[test]
fn example_1_seed_campaign_25_000() {
    let calc = calculate_commission(
        &[single_line("250000.00", "47500.00")],
        Money::ZERO,
        &cetaphil_rules(),
        pricing(CommissionBasis::PreTax, false, "10"),
    );
    assert_eq!(calc.eligible_amount, money("250000.00"));
    assert_eq!(calc.commission_amount, money("25000.00"));
}

/// §5.8.4 example 2, case "pre_tax, no shipping, 10 %": 12 582.00 + 7 641.00 = 20 223.00.
#[test]
fn example_2_fixture_pre_tax_20_223() {
    let calc = calculate_commission(
        &fixture_lines(),
        fixture_shipping(),
        &cetaphil_rules(),
        pricing(CommissionBasis::PreTax, false, "10"),
    );
    let commissions: Vec<Money> = calc.lines.iter().map(|l| l.commission_amount).collect();
    assert_eq!(
        commissions,
        vec![
            money("12582.00"),
            money("7641.00"),
            Money::ZERO,
            Money::ZERO
        ]
    );
    assert_eq!(calc.eligible_amount, money("202230.00"));
    assert_eq!(calc.commission_amount, money("20223.00"));
    assert_eq!(
        calc.lines
            .iter()
            .map(|l| l.ineligibility_reason)
            .collect::<Vec<_>>(),
        vec![
            None,
            None,
            Some(IneligibilityReason::BrandMismatch),
            Some(IneligibilityReason::CategoryNotInScope)
        ]
    );
    // Without include_shipping no line carries a share (the fixture's case, ADR 0030).
    assert!(calc.lines.iter().all(|l| l.shipping_share.is_zero()));
    assert_eq!(
        calc.lines[0].formula(calc.rate).unwrap(),
        "125820.00 × 10.00 / 100 = 12582.00 (half-up)"
    );
    assert_eq!(calc.lines[2].formula(calc.rate), None);
    assert_eq!(calc.eligible_lines().count(), 2);
}

/// §5.8.4 example 2, case "post_tax, with shipping, 12 %": shares 4 630.98, 2 812.38, 3 496.61,
/// 1 060.03; lines 18 522.81 + 11 248.83 = 29 771.64 on eligible 248 097.06.
#[test]
fn example_2_fixture_post_tax_with_shipping_29_771_64() {
    let calc = calculate_commission(
        &fixture_lines(),
        fixture_shipping(),
        &cetaphil_rules(),
        pricing(CommissionBasis::PostTax, true, "12"),
    );
    let shares: Vec<Money> = calc.lines.iter().map(|l| l.shipping_share).collect();
    assert_eq!(
        shares,
        vec![
            money("4630.98"),
            money("2812.38"),
            money("3496.61"),
            money("1060.03")
        ]
    );
    assert_eq!(calc.lines[0].eligible_amount, money("154356.78"));
    assert_eq!(calc.lines[0].tax_counted, money("23905.80"));
    assert_eq!(calc.lines[0].commission_amount, money("18522.81"));
    assert_eq!(calc.lines[1].eligible_amount, money("93740.28"));
    assert_eq!(calc.lines[1].commission_amount, money("11248.83"));
    assert_eq!(calc.lines[2].eligible_amount, Money::ZERO);
    assert_eq!(calc.lines[3].commission_amount, Money::ZERO);
    assert_eq!(calc.eligible_amount, money("248097.06"));
    assert_eq!(calc.commission_amount, money("29771.64"));
    assert_eq!(
        calc.lines[0].formula(calc.rate).unwrap(),
        "154356.78 × 12.00 / 100 = 18522.81 (half-up)"
    );
}

/// §5.8.4 example 3: two lines of 10 000.05 at 10 % → 1 000.01 each → 2 000.02 (not 2 000.01).
#[test]
fn example_3_rounding_is_per_line_2_000_02() {
    let mut second = single_line("10000.05", "0.00");
    second.line_index = 1;
    let calc = calculate_commission(
        &[single_line("10000.05", "0.00"), second],
        Money::ZERO,
        &cetaphil_rules(),
        pricing(CommissionBasis::PreTax, false, "10"),
    );
    assert_eq!(calc.lines[0].commission_amount, money("1000.01"));
    assert_eq!(calc.commission_amount, money("2000.02"));
    assert_eq!(
        line_commission(money("20000.10"), pct("10")),
        money("2000.01"),
        "what rounding the order total once would give"
    );
}

/// §5.8.4 example 4: 150 000.00, shipping 5 000.00, tax 19 500.00, 12 %.
#[test]
fn example_4_basis_and_shipping_18_600_20_940_18_000() {
    let run = |basis, include_shipping| {
        calculate_commission(
            &[single_line("150000.00", "19500.00")],
            money("5000.00"),
            &cetaphil_rules(),
            pricing(basis, include_shipping, "12"),
        )
    };
    let pre_with = run(CommissionBasis::PreTax, true);
    assert_eq!(pre_with.eligible_amount, money("155000.00"));
    assert_eq!(pre_with.commission_amount, money("18600.00"));
    let post_with = run(CommissionBasis::PostTax, true);
    assert_eq!(post_with.eligible_amount, money("174500.00"));
    assert_eq!(post_with.commission_amount, money("20940.00"));
    let pre_without = run(CommissionBasis::PreTax, false);
    assert_eq!(pre_without.eligible_amount, money("150000.00"));
    assert_eq!(pre_without.commission_amount, money("18000.00"));
}

#[test]
fn nothing_eligible_gives_a_zero_commission_and_lines_in_index_order() {
    let mut lines = fixture_lines();
    lines.reverse();
    let rules = EligibilityRules {
        scope: Scope::Sku(vec!["nothing".into()]),
        ..cetaphil_rules()
    };
    let calc = calculate_commission(
        &lines,
        fixture_shipping(),
        &rules,
        pricing(CommissionBasis::PostTax, true, "12"),
    );
    assert_eq!(calc.commission_amount, Money::ZERO);
    assert_eq!(calc.eligible_amount, Money::ZERO);
    assert_eq!(
        calc.lines.iter().map(|l| l.line_index).collect::<Vec<_>>(),
        vec![0, 1, 2, 3]
    );
    assert_eq!(calc.lines[3].shipping_share, money("1060.03"));
}
