//! The two campaign cases of `fixtures/vtex/oms-order-with-coupon.expected.json`, read from the
//! file itself: attribution, every line's eligibility, shipping share, eligible amount and
//! commission, the totals, and the ledger entry with the balance after it.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected data")]

use afiliados_domain::commission::{
    AttributionInput, Buckets, CampaignRules, FrozenRate, MatchedCode, OrderLine, RateSource,
    RuleSnapshot, SelfReferralInput, attribute, calculate_commission, observe_vtex_state,
    post_estimated, self_referral,
};
use afiliados_domain::{
    CampaignStatus, CommissionBasis, DocumentNumber, DocumentType, EligibleScopeType,
    InfluencerStatus, Money, Percent,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

const EXPECTED: &str = include_str!("../../../fixtures/vtex/oms-order-with-coupon.expected.json");

fn money(value: &Value) -> Money {
    serde_json::from_value(value.clone()).unwrap()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap().to_owned()
}

fn instant(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn date(value: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(value.as_str().unwrap(), "%Y-%m-%d").unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(text).collect()
}

fn lines(order: &Value) -> Vec<OrderLine> {
    order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| OrderLine {
            line_index: u32::try_from(line["lineIndex"].as_u64().unwrap()).unwrap(),
            sku_id: text(&line["skuId"]),
            ref_id: line["refId"].as_str().map(str::to_owned),
            brand_id: line["brandId"].as_str().map(str::to_owned),
            category_path: strings(&line["categoryPath"]),
            quantity: u32::try_from(line["quantity"].as_u64().unwrap()).unwrap(),
            removed_quantity: u32::try_from(line["removedQuantity"].as_u64().unwrap()).unwrap(),
            returned_quantity: u32::try_from(line["returnedQuantity"].as_u64().unwrap()).unwrap(),
            line_net: money(&line["lineNet"]),
            line_tax: money(&line["lineTax"]),
            is_gift: line["isGift"].as_bool().unwrap(),
            promotion_ids: strings(&line["promotionIds"]),
        })
        .collect()
}

#[test]
fn both_cases_of_the_expected_file() {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    let order = &expected["normalizedOrder"];
    let order_lines = lines(order);
    assert_eq!(
        observe_vtex_state(
            order["vtexStatus"].as_str().unwrap(),
            order["hasTracking"].as_bool().unwrap(),
            order["returnedByInputInvoice"].as_bool().unwrap()
        ),
        afiliados_domain::commission::ObservedStatus::Mapped(
            afiliados_domain::OrderStatus::parse(order["status"].as_str().unwrap()).unwrap()
        )
    );
    let cases = expected["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    for case in cases {
        let name = text(&case["name"]);
        let config = &case["config"];
        let campaign = &config["campaign"];
        let code_config = &config["discountCode"];
        let want = &case["expected"];

        let code = MatchedCode {
            code: text(&code_config["code"]),
            created_at: instant(&code_config["createdAt"]),
            disabled_at: None,
            starts_on: None,
            ends_on: None,
            influencer_status: InfluencerStatus::parse(
                config["influencer"]["statusAtPlacement"].as_str().unwrap(),
            ),
            campaign_status: CampaignStatus::parse(campaign["status"].as_str().unwrap()),
            campaign_start: date(&campaign["startDate"]),
            campaign_end: Some(date(&campaign["endDate"])),
            min_order_value: Some(money(&campaign["minOrderValue"])),
        };
        let net_items: Money = order_lines.iter().map(|line| line.line_net).sum();
        let attribution = attribute(&AttributionInput {
            placed_at: instant(&order["placedAt"]),
            coupon_code: order["couponCode"].as_str(),
            net_items_total: net_items,
            matched: Some(&code),
        });
        assert_eq!(
            attribution.attributed(),
            want["attribution"]["attributed"].as_bool().unwrap(),
            "{name}"
        );
        assert_eq!(
            net_items,
            money(&want["attribution"]["minOrderValueCheck"]["orderValue"])
        );
        let influencer = &config["influencer"];
        let document = DocumentNumber::parse(
            DocumentType::Cc,
            influencer["documentNumber"].as_str().unwrap(),
        )
        .unwrap();
        let matched = self_referral(&SelfReferralInput {
            customer_email: order["customerEmail"].as_str(),
            customer_document: order["customerDocument"].as_str(),
            influencer_email: influencer["email"].as_str().unwrap(),
            influencer_document: Some(&document),
        });
        assert_eq!(
            matched.is_some(),
            want["attribution"]["selfReferral"].as_bool().unwrap()
        );

        let tier = &config["tierAtPlacement"];
        let rate = FrozenRate {
            rate: serde_json::from_value::<Percent>(tier["commissionPercent"].clone()).unwrap(),
            tier_level: 0,
            tier_name: text(&tier["name"]),
            source: RateSource::TierAtPlacement,
        };
        let basis: CommissionBasis =
            serde_json::from_value(campaign["commissionBasis"].clone()).unwrap();
        let scope_type: EligibleScopeType =
            serde_json::from_value(campaign["eligibleScopeType"].clone()).unwrap();
        let snapshot = RuleSnapshot::freeze(
            CampaignRules {
                campaign_version: 1,
                basis,
                include_shipping: campaign["includeShipping"].as_bool().unwrap(),
                scope_type,
                scope_values: strings(&campaign["eligibleScopeValues"]),
                exclude_lines_with_other_discounts:
                    campaign["stackingRules"]["excludeLinesWithOtherDiscounts"]
                        .as_bool()
                        .unwrap(),
                campaign_promotion_ids: vec![
                    order_lines[0].promotion_ids[0].clone(), // the campaign's promotion
                ],
                confirmation_window_days: 15,
                min_order_value: code.min_order_value,
                brand_vtex_id: campaign["brand"]["vtexBrandId"].as_str().map(str::to_owned),
            },
            &rate,
        );
        assert_eq!(
            snapshot.rate,
            serde_json::from_value::<Percent>(want["commissionRate"].clone()).unwrap()
        );
        let calc = calculate_commission(
            &order_lines,
            money(&order["shippingTotal"]),
            &snapshot.eligibility(),
            snapshot.pricing(),
        );
        for (got, line) in calc.lines.iter().zip(want["lines"].as_array().unwrap()) {
            let reason = text(&line["reason"]);
            assert_eq!(
                got.ineligibility_reason
                    .map_or("eligible", |reason| reason.as_str()),
                reason,
                "{name} line {}",
                got.line_index
            );
            assert_eq!(got.shipping_share, money(&line["shippingShare"]), "{name}");
            assert_eq!(
                got.eligible_amount,
                money(&line["eligibleAmount"]),
                "{name}"
            );
            assert_eq!(
                got.commission_amount,
                money(&line["commissionAmount"]),
                "{name}"
            );
            if let Some(formula) = line["formula"].as_str() {
                assert_eq!(got.formula(calc.rate).as_deref(), Some(formula), "{name}");
            }
        }
        assert_eq!(
            calc.eligible_amount,
            money(&want["eligibleAmount"]),
            "{name}"
        );
        assert_eq!(
            calc.commission_amount,
            money(&want["commissionAmount"]),
            "{name}"
        );

        let posting = post_estimated(&Buckets::ZERO, calc.commission_amount).unwrap();
        let entry = &want["ledgerEntries"][0];
        assert_eq!(posting.entries.len(), 1);
        assert_eq!(
            posting.entries[0].entry_type.as_str(),
            entry["entryType"].as_str().unwrap()
        );
        assert_eq!(posting.entries[0].amount, money(&entry["amount"]));
        assert_eq!(
            posting.entries[0].deltas.estimated,
            money(&entry["deltas"]["estimated"])
        );
        let balance = &want["balanceAfter"];
        assert_eq!(posting.after.estimated, money(&balance["estimated"]));
        assert_eq!(posting.after.confirmed, money(&balance["confirmed"]));
        assert_eq!(posting.after.available(), money(&balance["available"]));
    }
    let shares: Vec<Money> = expected["shippingAllocation"]["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(money)
        .collect();
    let allocated = afiliados_domain::commission::allocate_shipping(
        money(&expected["shippingAllocation"]["shippingTotal"]),
        &order_lines
            .iter()
            .map(|line| line.line_net)
            .collect::<Vec<_>>(),
    );
    assert_eq!(allocated, shares);
}
