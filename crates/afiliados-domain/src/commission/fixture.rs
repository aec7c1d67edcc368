//! Test data shared by the commission tests: the order `1432120512345-01` of
//! `fixtures/vtex/oms-order-with-coupon.expected.json` and the seed campaign "Cetaphil
//! Lanzamiento" (scope category `3`, brand `2000050`).

use chrono::{DateTime, Utc};

use super::eligibility::{EligibilityRules, Scope};
use super::order_line::OrderLine;
use crate::Money;

pub(crate) fn money(raw: &str) -> Money {
    Money::parse(raw).unwrap()
}

pub(crate) fn at(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

pub(crate) const CAMPAIGN_PROMOTION: &str = "5f3c2a1e-8b7d-4c6e-9a10-2b3c4d5e6f70";

/// `(sku, refId, brand)`, path, quantity, `(net, tax)`, promotion ids.
fn line(
    index: u32,
    (sku, ref_id, brand): (&str, &str, &str),
    path: &[&str],
    quantity: u32,
    (net, tax): (&str, &str),
    promotions: &[&str],
) -> OrderLine {
    OrderLine {
        line_index: index,
        sku_id: sku.into(),
        ref_id: Some(ref_id.into()),
        brand_id: Some(brand.into()),
        category_path: path.iter().map(|segment| (*segment).to_owned()).collect(),
        quantity,
        removed_quantity: 0,
        returned_quantity: 0,
        line_net: money(net),
        line_tax: money(tax),
        is_gift: false,
        promotion_ids: promotions.iter().map(|id| (*id).to_owned()).collect(),
    }
}

/// The four lines of the fixture order.
pub(crate) fn fixture_lines() -> Vec<OrderLine> {
    let cetaphil = [CAMPAIGN_PROMOTION];
    let other = ["c0ffee11-2233-4455-8899-aabbccddeeff"];
    vec![
        line(
            0,
            ("2001", "CET-LIMP-473", "2000050"),
            &["3", "45"],
            2,
            ("125820.00", "23905.80"),
            &cetaphil,
        ),
        line(
            1,
            ("2002", "CET-HID-453", "2000050"),
            &["3", "47"],
            1,
            ("76410.00", "14517.90"),
            &cetaphil,
        ),
        line(
            2,
            ("3050", "LRP-ANTH-50", "2000060"),
            &["3", "52"],
            1,
            ("95000.00", "18050.00"),
            &[],
        ),
        line(
            3,
            ("2110", "CET-BABY-400", "2000050"),
            &["8", "81"],
            1,
            ("28800.00", "5472.00"),
            &other,
        ),
    ]
}

/// The fixture order's shipping total.
pub(crate) fn fixture_shipping() -> Money {
    money("12000.00")
}

/// "Cetaphil Lanzamiento": scope category `3`, brand `2000050`, no stacking exclusion.
pub(crate) fn cetaphil_rules() -> EligibilityRules {
    EligibilityRules {
        brand_vtex_id: Some("2000050".into()),
        scope: Scope::Category(vec!["3".into()]),
        exclude_lines_with_other_discounts: false,
        campaign_promotion_ids: vec![CAMPAIGN_PROMOTION.into()],
    }
}

/// The commission of case "post_tax, with shipping, 12 %" (29 771.64): line 0 = 2 units of
/// 18 522.81, line 1 = 1 unit of 11 248.83.
pub(crate) fn post_tax_commission(
    state: super::commission_state::CommissionState,
) -> super::state::CommissionMoney {
    super::state::CommissionMoney {
        state,
        lines: vec![
            super::state::CommissionLine::new(0, 2, money("18522.81")),
            super::state::CommissionLine::new(1, 1, money("11248.83")),
        ],
    }
}

/// The commission of case "pre_tax, 10 %" (20 223.00).
pub(crate) fn pre_tax_commission(
    state: super::commission_state::CommissionState,
) -> super::state::CommissionMoney {
    super::state::CommissionMoney {
        state,
        lines: vec![
            super::state::CommissionLine::new(0, 2, money("12582.00")),
            super::state::CommissionLine::new(1, 1, money("7641.00")),
        ],
    }
}

/// The version lines of a commission with unchanged prices and the given unit counts
/// `(line_index, removed, returned)`.
pub(crate) fn same_prices(
    commission: &super::state::CommissionMoney,
    counts: &[(u32, u32, u32)],
) -> Vec<super::order_edits::VersionLine> {
    commission
        .lines
        .iter()
        .map(|line| {
            let (removed, returned) = counts
                .iter()
                .find(|(index, _, _)| *index == line.line_index)
                .map_or((0, 0), |(_, removed, returned)| (*removed, *returned));
            super::order_edits::VersionLine {
                line_index: line.line_index,
                quantity: line.quantity,
                commission_amount: line.commission_amount,
                removed_quantity: removed,
                returned_quantity: returned,
            }
        })
        .collect()
}
