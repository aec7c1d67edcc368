//! Settlement: what a real run confirmed for an influencer (`domain.md` §5.12).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `settlement_summary`: a settlement run confirmed commissions of the influencer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettlementSummary {
    /// Greeting name.
    pub first_name: String,
    /// Count and amount per brand, by brand name.
    pub brands: Vec<BrandConfirmations>,
    /// The web's commissions page.
    pub link: String,
}

/// The confirmations of one brand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandConfirmations {
    /// Brand name.
    pub brand_name: String,
    /// Commissions confirmed.
    pub count: u64,
    /// Σ their net amounts (COP, two decimals; a string on the wire).
    pub amount: Decimal,
}
