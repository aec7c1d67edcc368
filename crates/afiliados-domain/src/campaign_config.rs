//! Campaign configuration rules (`domain.md` §3.4, §5.4.2) and code conditions (§5.5.2).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::text_enum::text_enum;
use crate::{FieldCode, FieldError, Money, Percent};

/// Most SKU values in a scope (VTEX's limit per promotion).
pub const MAX_SCOPE_SKUS: usize = 100;
/// Most category values in a scope.
pub const MAX_SCOPE_CATEGORIES: usize = 500;

text_enum! {
    /// `campaigns.commission_basis`.
    pub enum CommissionBasis {
        /// Line amounts before tax.
        PreTax = "pre_tax",
        /// Line amounts including tax.
        PostTax = "post_tax",
    }
}

text_enum! {
    /// `campaigns.eligible_scope_type`.
    pub enum EligibleScopeType {
        /// Every product (values must be empty).
        All = "all",
        /// VTEX SKU ids or refIds (1–60 characters, at most 100).
        Sku = "sku",
        /// VTEX category ids (digits, at most 500).
        Category = "category",
    }
}

/// Checks scope values for `scope` (field `eligibleScopeValues`): trimmed; `all` needs none
/// (`out_of_range`), the others at least one (`required`) and at most their limit (`too_long`);
/// a bad item → `eligibleScopeValues[i]`; a repeated one → `not_unique_in_list`.
pub fn validate_eligible_scope(
    scope: EligibleScopeType,
    values: &[String],
) -> Result<Vec<String>, Vec<FieldError>> {
    const FIELD: &str = "eligibleScopeValues";
    let values: Vec<String> = values.iter().map(|value| value.trim().to_owned()).collect();
    let (limit, item_ok): (usize, fn(&str) -> Option<FieldCode>) = match scope {
        EligibleScopeType::All if values.is_empty() => return Ok(values),
        EligibleScopeType::All => return Err(vec![FieldError::new(FIELD, FieldCode::OutOfRange)]),
        EligibleScopeType::Sku => (MAX_SCOPE_SKUS, |value| match value.chars().count() {
            0 => Some(FieldCode::Required),
            1..=60 => None,
            _ => Some(FieldCode::TooLong),
        }),
        EligibleScopeType::Category => (MAX_SCOPE_CATEGORIES, |value| {
            (value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()))
                .then_some(FieldCode::InvalidFormat)
        }),
    };
    let mut errors = Vec::new();
    if values.is_empty() {
        errors.push(FieldError::new(FIELD, FieldCode::Required));
    } else if values.len() > limit {
        errors.push(FieldError::new(FIELD, FieldCode::TooLong));
    }
    for (index, value) in values.iter().enumerate() {
        let code = item_ok(value).or_else(|| {
            values
                .get(..index)
                .is_some_and(|earlier| earlier.contains(value))
                .then_some(FieldCode::NotUniqueInList)
        });
        if let Some(code) = code {
            errors.push(FieldError::new(format!("{FIELD}[{index}]"), code));
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// The numeric and date settings of a campaign, as a create or update carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignSettings {
    /// First business date.
    pub start_date: NaiveDate,
    /// Last business date, if any.
    pub end_date: Option<NaiveDate>,
    /// Largest discount a code may give; 0.01–100.
    pub max_discount_percent: Percent,
    /// Campaign-wide uses; ≥ 1 when given.
    pub max_usage: Option<i32>,
    /// Smallest order value; ≥ 0 when given.
    pub min_order_value: Option<Money>,
    /// 0–120 days.
    pub confirmation_window_days: i32,
    /// 1–365 days.
    pub tier_evaluation_period_days: i32,
}

impl CampaignSettings {
    /// Every problem, at the camelCase field names (`date_order` on `endDate`, else
    /// `out_of_range`). The base commission is a [`Percent`], so 0–100 already holds.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |ok: bool, field: &str, code| {
            if !ok {
                errors.push(FieldError::new(field, code));
            }
        };
        check(
            self.end_date.is_none_or(|end| self.start_date <= end),
            "endDate",
            FieldCode::DateOrder,
        );
        check(
            self.max_discount_percent.value() >= Decimal::new(1, 2),
            "maxDiscountPercent",
            FieldCode::OutOfRange,
        );
        check(
            self.max_usage.is_none_or(|max| max >= 1),
            "maxUsage",
            FieldCode::OutOfRange,
        );
        check(
            self.min_order_value
                .is_none_or(|value| !value.is_negative()),
            "minOrderValue",
            FieldCode::OutOfRange,
        );
        check(
            (0..=120).contains(&self.confirmation_window_days),
            "confirmationWindowDays",
            FieldCode::OutOfRange,
        );
        check(
            (1..=365).contains(&self.tier_evaluation_period_days),
            "tierEvaluationPeriodDays",
            FieldCode::OutOfRange,
        );
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A code's `discountPercent`: 0.01 ≤ x ≤ the campaign's maximum (`out_of_range` below,
/// `exceeds_campaign_max` above); absent → the campaign's maximum.
pub fn check_code_discount(
    requested: Option<Percent>,
    campaign_max: Percent,
) -> Result<Percent, FieldCode> {
    let Some(discount) = requested else {
        return Ok(campaign_max);
    };
    if discount.value() < Decimal::new(1, 2) {
        Err(FieldCode::OutOfRange)
    } else if discount > campaign_max {
        Err(FieldCode::ExceedsCampaignMax)
    } else {
        Ok(discount)
    }
}

/// A code's optional `startsOn`/`endsOn`: inside the campaign's dates (`out_of_range` at the
/// failing field) and in order (`date_order` at `endsOn`).
pub fn check_code_dates(
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    campaign_start: NaiveDate,
    campaign_end: Option<NaiveDate>,
) -> Result<(), Vec<FieldError>> {
    let inside =
        |date: NaiveDate| date >= campaign_start && campaign_end.is_none_or(|end| date <= end);
    let mut errors = Vec::new();
    if starts_on.is_some_and(|date| !inside(date)) {
        errors.push(FieldError::new("startsOn", FieldCode::OutOfRange));
    }
    if ends_on.is_some_and(|date| !inside(date)) {
        errors.push(FieldError::new("endsOn", FieldCode::OutOfRange));
    } else if let (Some(start), Some(end)) = (starts_on, ends_on)
        && end < start
    {
        errors.push(FieldError::new("endsOn", FieldCode::DateOrder));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
