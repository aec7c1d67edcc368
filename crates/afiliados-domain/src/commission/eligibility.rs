//! Line eligibility (`domain.md` §5.8.1): the five rules in order, the first failure is the line's
//! `ineligibility_reason`.

use serde::{Deserialize, Serialize};

use super::order_line::OrderLine;

/// The campaign's eligible scope with its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every product.
    All,
    /// SKU ids or refIds.
    Sku(Vec<String>),
    /// Category ids (a parent includes its children).
    Category(Vec<String>),
}

/// What the campaign (frozen in the rule snapshot) says about lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityRules {
    /// The brand's `vtex_brand_id`, when set.
    pub brand_vtex_id: Option<String>,
    /// The eligible scope.
    pub scope: Scope,
    /// `stacking_rules.excludeLinesWithOtherDiscounts`.
    pub exclude_lines_with_other_discounts: bool,
    /// The campaign's own VTEX promotion ids.
    pub campaign_promotion_ids: Vec<String>,
}

/// `order_lines.ineligibility_reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IneligibilityReason {
    /// Rule 1.
    GiftItem,
    /// Rule 2.
    BrandMismatch,
    /// Rule 3, scope `sku`.
    SkuNotInScope,
    /// Rule 3, scope `category`.
    CategoryNotInScope,
    /// Rule 4.
    OtherPromotionApplied,
    /// Rule 5.
    ZeroAmount,
}

impl IneligibilityReason {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            IneligibilityReason::GiftItem => "gift_item",
            IneligibilityReason::BrandMismatch => "brand_mismatch",
            IneligibilityReason::SkuNotInScope => "sku_not_in_scope",
            IneligibilityReason::CategoryNotInScope => "category_not_in_scope",
            IneligibilityReason::OtherPromotionApplied => "other_promotion_applied",
            IneligibilityReason::ZeroAmount => "zero_amount",
        }
    }
}

fn in_scope(line: &OrderLine, scope: &Scope) -> Result<(), IneligibilityReason> {
    match scope {
        Scope::All => Ok(()),
        Scope::Sku(values) => {
            // SKU ids compare exactly; refIds case-insensitively.
            let by_sku = values.contains(&line.sku_id);
            let by_ref = line.ref_id.as_deref().is_some_and(|ref_id| {
                values
                    .iter()
                    .any(|value| value.eq_ignore_ascii_case(ref_id))
            });
            if by_sku || by_ref {
                Ok(())
            } else {
                Err(IneligibilityReason::SkuNotInScope)
            }
        }
        Scope::Category(values) => {
            // Any segment of the path: listing a parent includes its children.
            if line
                .category_path
                .iter()
                .any(|segment| values.contains(segment))
            {
                Ok(())
            } else {
                Err(IneligibilityReason::CategoryNotInScope)
            }
        }
    }
}

/// `Ok` when the line is eligible, else the first failing rule of §5.8.1.
pub fn line_eligibility(
    line: &OrderLine,
    rules: &EligibilityRules,
) -> Result<(), IneligibilityReason> {
    if line.is_gift {
        return Err(IneligibilityReason::GiftItem);
    }
    if let Some(brand) = &rules.brand_vtex_id
        && line.brand_id.as_ref() != Some(brand)
    {
        return Err(IneligibilityReason::BrandMismatch);
    }
    in_scope(line, &rules.scope)?;
    if rules.exclude_lines_with_other_discounts
        && !line
            .promotion_ids
            .iter()
            .all(|id| rules.campaign_promotion_ids.contains(id))
    {
        return Err(IneligibilityReason::OtherPromotionApplied);
    }
    if !line.line_net.is_positive() {
        return Err(IneligibilityReason::ZeroAmount);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
