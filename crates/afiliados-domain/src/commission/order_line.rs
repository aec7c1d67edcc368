//! One line of a normalised order as the commission rules read it (`domain.md` §5.6,
//! `vtex.md` §4.4): the per-line amounts are already derived by normalisation.

use crate::Money;

/// The fields of `order_lines` that eligibility, amounts and returns use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    /// Position in the order (`items[]` index).
    pub line_index: u32,
    /// VTEX SKU id.
    pub sku_id: String,
    /// VTEX refId, if any.
    pub ref_id: Option<String>,
    /// VTEX brand id, if any.
    pub brand_id: Option<String>,
    /// Category ids from the root (`["3", "45"]`).
    pub category_path: Vec<String>,
    /// Units ordered (`q`).
    pub quantity: u32,
    /// Units removed by order edits.
    pub removed_quantity: u32,
    /// Units covered by return invoices.
    pub returned_quantity: u32,
    /// Line total after every discount.
    pub line_net: Money,
    /// Tax of the line (per-unit tax × quantity).
    pub line_tax: Money,
    /// VTEX `isGift`.
    pub is_gift: bool,
    /// Identifiers of the promotions that discounted the line.
    pub promotion_ids: Vec<String>,
}

impl OrderLine {
    /// Returned-or-removed units (`R` of §5.9), capped at the quantity.
    pub fn gone_quantity(&self) -> u32 {
        self.removed_quantity
            .saturating_add(self.returned_quantity)
            .min(self.quantity)
    }
}
