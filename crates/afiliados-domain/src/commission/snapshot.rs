//! `commissions.rule_snapshot` (`domain.md` §3.6, §5.8.3): everything the calculation used,
//! frozen at first ingestion, so recalculations and explanations never read the live campaign.

use serde::{Deserialize, Serialize};

use super::eligibility::{EligibilityRules, Scope};
use super::line_amounts::PricingRules;
use super::rate::FrozenRate;
use crate::{CommissionBasis, EligibleScopeType, Money};

/// The frozen rules of one commission (stored as JSON, camelCase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleSnapshot {
    /// `campaigns.version` at first ingestion.
    pub campaign_version: i32,
    /// The rate's percent.
    pub rate: crate::Percent,
    /// The tier's level (0: the campaign's base percent).
    pub tier_level: u32,
    /// The tier's name.
    pub tier_name: String,
    /// `pre_tax` or `post_tax`.
    pub basis: CommissionBasis,
    /// Whether shipping shares count.
    pub include_shipping: bool,
    /// The scope type.
    pub scope_type: EligibleScopeType,
    /// The scope values.
    pub scope_values: Vec<String>,
    /// `stacking_rules.excludeLinesWithOtherDiscounts`.
    pub exclude_lines_with_other_discounts: bool,
    /// The campaign's own VTEX promotion ids.
    pub campaign_promotion_ids: Vec<String>,
    /// `confirmation_window_days`.
    pub confirmation_window_days: u32,
    /// `min_order_value`, if any.
    pub min_order_value: Option<Money>,
    /// The brand's `vtex_brand_id`, if any.
    pub brand_vtex_id: Option<String>,
}

/// What the campaign says at first ingestion, besides the rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRules {
    /// `campaigns.version`.
    pub campaign_version: i32,
    /// `commission_basis`.
    pub basis: CommissionBasis,
    /// `include_shipping`.
    pub include_shipping: bool,
    /// `eligible_scope_type`.
    pub scope_type: EligibleScopeType,
    /// `eligible_scope_values`.
    pub scope_values: Vec<String>,
    /// `stacking_rules.excludeLinesWithOtherDiscounts`.
    pub exclude_lines_with_other_discounts: bool,
    /// The campaign's VTEX promotion ids.
    pub campaign_promotion_ids: Vec<String>,
    /// `confirmation_window_days`.
    pub confirmation_window_days: u32,
    /// `min_order_value`.
    pub min_order_value: Option<Money>,
    /// The brand's `vtex_brand_id`.
    pub brand_vtex_id: Option<String>,
}

impl RuleSnapshot {
    /// Freezes the campaign's rules with the rate at placement.
    pub fn freeze(campaign: CampaignRules, rate: &FrozenRate) -> RuleSnapshot {
        RuleSnapshot {
            campaign_version: campaign.campaign_version,
            rate: rate.rate,
            tier_level: rate.tier_level,
            tier_name: rate.tier_name.clone(),
            basis: campaign.basis,
            include_shipping: campaign.include_shipping,
            scope_type: campaign.scope_type,
            scope_values: campaign.scope_values,
            exclude_lines_with_other_discounts: campaign.exclude_lines_with_other_discounts,
            campaign_promotion_ids: campaign.campaign_promotion_ids,
            confirmation_window_days: campaign.confirmation_window_days,
            min_order_value: campaign.min_order_value,
            brand_vtex_id: campaign.brand_vtex_id,
        }
    }

    /// The line rules of the snapshot.
    pub fn eligibility(&self) -> EligibilityRules {
        let values = self.scope_values.clone();
        EligibilityRules {
            brand_vtex_id: self.brand_vtex_id.clone(),
            scope: match self.scope_type {
                EligibleScopeType::All => Scope::All,
                EligibleScopeType::Sku => Scope::Sku(values),
                EligibleScopeType::Category => Scope::Category(values),
            },
            exclude_lines_with_other_discounts: self.exclude_lines_with_other_discounts,
            campaign_promotion_ids: self.campaign_promotion_ids.clone(),
        }
    }

    /// The pricing rules of the snapshot.
    pub fn pricing(&self) -> PricingRules {
        PricingRules {
            basis: self.basis,
            include_shipping: self.include_shipping,
            rate: self.rate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Percent;
    use crate::commission::fixture::{
        CAMPAIGN_PROMOTION, cetaphil_rules, fixture_lines, fixture_shipping, money,
    };
    use crate::commission::line_amounts::calculate_commission;
    use crate::commission::rate::RateSource;

    fn avanzado() -> FrozenRate {
        FrozenRate {
            rate: Percent::parse("12").unwrap(),
            tier_level: 2,
            tier_name: "Avanzado".into(),
            source: RateSource::TierAtPlacement,
        }
    }

    fn cetaphil(basis: CommissionBasis, include_shipping: bool) -> CampaignRules {
        CampaignRules {
            campaign_version: 3,
            basis,
            include_shipping,
            scope_type: EligibleScopeType::Category,
            scope_values: vec!["3".into()],
            exclude_lines_with_other_discounts: false,
            campaign_promotion_ids: vec![CAMPAIGN_PROMOTION.into()],
            confirmation_window_days: 15,
            min_order_value: Some(money("150000.00")),
            brand_vtex_id: Some("2000050".into()),
        }
    }

    #[test]
    fn the_snapshot_recomputes_the_fixture_and_round_trips_as_json() {
        let snapshot = RuleSnapshot::freeze(cetaphil(CommissionBasis::PostTax, true), &avanzado());
        assert_eq!(snapshot.eligibility(), cetaphil_rules());
        let calc = calculate_commission(
            &fixture_lines(),
            fixture_shipping(),
            &snapshot.eligibility(),
            snapshot.pricing(),
        );
        assert_eq!(calc.commission_amount, money("29771.64"));
        let json = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(json["basis"], "post_tax");
        assert_eq!(json["scopeType"], "category");
        assert_eq!(json["tierName"], "Avanzado");
        assert_eq!(json["confirmationWindowDays"], 15);
        let back: RuleSnapshot = serde_json::from_value(json).unwrap();
        assert_eq!(back, snapshot);
    }

    #[test]
    fn scope_types_map_to_line_rules() {
        let mut rules = cetaphil(CommissionBasis::PreTax, false);
        rules.scope_type = EligibleScopeType::Sku;
        rules.scope_values = vec!["2001".into()];
        let sku = RuleSnapshot::freeze(rules.clone(), &avanzado());
        assert_eq!(sku.eligibility().scope, Scope::Sku(vec!["2001".into()]));
        rules.scope_type = EligibleScopeType::All;
        rules.scope_values = Vec::new();
        assert_eq!(
            RuleSnapshot::freeze(rules, &avanzado()).eligibility().scope,
            Scope::All
        );
    }
}
