//! Line eligibility (`domain.md` §5.8.1): the five rules in order, the first failure is the line's
//! `ineligibility_reason`.

use super::order_line::OrderLine;
use crate::text_enum::text_enum;

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

text_enum! {
    /// `order_lines.ineligibility_reason`.
    pub enum IneligibilityReason {
        /// Rule 1.
        GiftItem = "gift_item",
        /// Rule 2.
        BrandMismatch = "brand_mismatch",
        /// Rule 3, scope `sku`.
        SkuNotInScope = "sku_not_in_scope",
        /// Rule 3, scope `category`.
        CategoryNotInScope = "category_not_in_scope",
        /// Rule 4.
        OtherPromotionApplied = "other_promotion_applied",
        /// Rule 5.
        ZeroAmount = "zero_amount",
        /// The order is not attributed, so no line earns (stored on every line of such an
        /// order, ADR 0031).
        NotAttributed = "not_attributed",
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
