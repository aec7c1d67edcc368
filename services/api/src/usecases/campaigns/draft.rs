//! The full set of a campaign's configurable values, built from a create body or from the stored
//! row plus a PATCH body, and validated as a whole so cross-field rules always hold.

use afiliados_api_types::campaigns::{
    CreateCampaignRequest, StackingRules, TierInput, UpdateCampaignRequest,
};
use afiliados_db::campaign_tiers::{Tier, TierValues};
use afiliados_db::campaigns::Campaign;
use afiliados_domain::FieldCode;
use afiliados_domain::brand::CAMPAIGN_SLUG_MAX;
use afiliados_domain::{
    CampaignSettings, EligibleScopeType, Money, Percent, Slug, TierSpec, bounded_text,
    optional_text, validate_eligible_scope, validate_tiers,
};
use chrono::NaiveDate;

use crate::usecases::fields::{money, percent};
use crate::usecases::{Problems, UseCaseError};

/// Every configurable value of a campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Description.
    pub description: Option<String>,
    /// Start.
    pub start_date: NaiveDate,
    /// End.
    pub end_date: Option<NaiveDate>,
    /// Rate.
    pub base_commission_percent: Percent,
    /// Basis.
    pub commission_basis: String,
    /// Shipping.
    pub include_shipping: bool,
    /// Max discount.
    pub max_discount_percent: Percent,
    /// Max usage.
    pub max_usage: Option<i32>,
    /// Min order.
    pub min_order_value: Option<Money>,
    /// Window.
    pub confirmation_window_days: i32,
    /// Period.
    pub tier_evaluation_period_days: i32,
    /// Scope type.
    pub eligible_scope_type: String,
    /// Scope values.
    pub eligible_scope_values: Vec<String>,
    /// Stacking.
    pub stacking_rules: StackingRules,
    /// Tiers.
    pub tiers: Vec<TierValues>,
}

fn tier_values(input: &TierInput) -> TierValues {
    TierValues {
        name: input.name.trim().to_owned(),
        level: input.level,
        threshold: input.threshold.amount(),
        commission_percent: input.commission_percent.value(),
        is_default: input.is_default,
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// Stacking rules as stored (JSONB); unreadable values fall back to both false.
pub fn stacking_of(value: &serde_json::Value) -> StackingRules {
    serde_json::from_value(value.clone()).unwrap_or_default()
}

impl Draft {
    /// From a create body, with the documented defaults.
    pub fn from_create(request: &CreateCampaignRequest) -> Draft {
        Draft {
            name: request.name.clone(),
            slug: request.slug.clone(),
            description: request.description.clone(),
            start_date: request.start_date,
            end_date: request.end_date,
            base_commission_percent: request.base_commission_percent,
            commission_basis: request
                .commission_basis
                .clone()
                .unwrap_or_else(|| "pre_tax".into()),
            include_shipping: request.include_shipping,
            max_discount_percent: request.max_discount_percent.unwrap_or(Percent::HUNDRED),
            max_usage: request.max_usage,
            min_order_value: request.min_order_value,
            confirmation_window_days: request.confirmation_window_days.unwrap_or(15),
            tier_evaluation_period_days: request.tier_evaluation_period_days.unwrap_or(15),
            eligible_scope_type: request
                .eligible_scope_type
                .clone()
                .unwrap_or_else(|| "all".into()),
            eligible_scope_values: request.eligible_scope_values.clone(),
            stacking_rules: request.stacking_rules.unwrap_or_default(),
            tiers: request.tiers.iter().map(tier_values).collect(),
        }
    }

    /// From the stored row and tiers.
    pub fn from_row(row: &Campaign, tiers: &[Tier]) -> Draft {
        Draft {
            name: row.name.clone(),
            slug: row.slug.clone(),
            description: row.description.clone(),
            start_date: row.start_date,
            end_date: row.end_date,
            base_commission_percent: percent(row.base_commission_percent),
            commission_basis: row.commission_basis.to_string(),
            include_shipping: row.include_shipping,
            max_discount_percent: percent(row.max_discount_percent),
            max_usage: row.max_usage,
            min_order_value: row.min_order_value.map(money),
            confirmation_window_days: row.confirmation_window_days,
            tier_evaluation_period_days: row.tier_evaluation_period_days,
            eligible_scope_type: row.eligible_scope_type.to_string(),
            eligible_scope_values: row.eligible_scope_values.clone(),
            stacking_rules: stacking_of(&row.stacking_rules),
            tiers: tiers
                .iter()
                .map(|t| TierValues {
                    name: t.name.clone(),
                    level: t.level,
                    threshold: money(t.threshold).amount(),
                    commission_percent: percent(t.commission_percent).value(),
                    is_default: t.is_default,
                })
                .collect(),
        }
    }

    /// Applies a PATCH body.
    pub fn apply(&mut self, request: &UpdateCampaignRequest) {
        set(&mut self.name, request.name.clone());
        set(&mut self.slug, request.slug.clone());
        set(&mut self.description, request.description.clone());
        set(&mut self.start_date, request.start_date);
        set(&mut self.end_date, request.end_date);
        set(
            &mut self.base_commission_percent,
            request.base_commission_percent,
        );
        set(&mut self.commission_basis, request.commission_basis.clone());
        set(&mut self.include_shipping, request.include_shipping);
        set(&mut self.max_discount_percent, request.max_discount_percent);
        set(&mut self.max_usage, request.max_usage);
        set(&mut self.min_order_value, request.min_order_value);
        set(
            &mut self.confirmation_window_days,
            request.confirmation_window_days,
        );
        set(
            &mut self.tier_evaluation_period_days,
            request.tier_evaluation_period_days,
        );
        set(
            &mut self.eligible_scope_type,
            request.eligible_scope_type.clone(),
        );
        set(
            &mut self.eligible_scope_values,
            request.eligible_scope_values.clone(),
        );
        set(&mut self.stacking_rules, request.stacking_rules);
        if let Some(tiers) = &request.tiers {
            self.tiers = tiers.iter().map(tier_values).collect();
        }
    }

    /// Validates and normalises every value (trimmed texts and scope values), reporting every
    /// problem at its camelCase field.
    pub fn validate(&mut self) -> Result<(), UseCaseError> {
        let mut problems = Problems::default();
        if let Some(name) = problems.check("name", bounded_text(&self.name, 3, 120)) {
            self.name = name;
        }
        if let Some(slug) = problems.check("slug", Slug::parse(&self.slug, CAMPAIGN_SLUG_MAX)) {
            self.slug = slug.into();
        }
        if let Some(description) = problems.check(
            "description",
            optional_text(self.description.as_deref(), 2000),
        ) {
            self.description = description;
        }
        if !["pre_tax", "post_tax"].contains(&self.commission_basis.as_str()) {
            problems.push("commissionBasis", FieldCode::InvalidEnum);
        }
        let scope = match self.eligible_scope_type.as_str() {
            "all" => Some(EligibleScopeType::All),
            "sku" => Some(EligibleScopeType::Sku),
            "category" => Some(EligibleScopeType::Category),
            _ => {
                problems.push("eligibleScopeType", FieldCode::InvalidEnum);
                None
            }
        };
        if let Some(scope) = scope
            && let Some(values) =
                problems.take(validate_eligible_scope(scope, &self.eligible_scope_values))
        {
            self.eligible_scope_values = values;
        }
        let settings = CampaignSettings {
            start_date: self.start_date,
            end_date: self.end_date,
            max_discount_percent: self.max_discount_percent,
            max_usage: self.max_usage,
            min_order_value: self.min_order_value,
            confirmation_window_days: self.confirmation_window_days,
            tier_evaluation_period_days: self.tier_evaluation_period_days,
        };
        problems.take(settings.validate());
        self.check_tiers(&mut problems);
        problems.finish()
    }

    fn check_tiers(&self, problems: &mut Problems) {
        let mut specs = Vec::with_capacity(self.tiers.len());
        for (index, tier) in self.tiers.iter().enumerate() {
            let Ok(level) = u32::try_from(tier.level) else {
                problems.push(format!("tiers[{index}].level"), FieldCode::OutOfRange);
                continue;
            };
            specs.push(TierSpec {
                name: tier.name.clone(),
                level,
                threshold: money(tier.threshold),
                commission_percent: percent(tier.commission_percent),
                is_default: tier.is_default,
            });
        }
        if specs.len() == self.tiers.len() {
            problems.take(validate_tiers(&specs));
        }
    }
}
