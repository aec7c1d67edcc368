//! Money alerts about one commission (`domain.md` §5.9, §5.10, §5.13.3, §5.17): the influencer is
//! told when a commission is reverted (wholly or in part) and when a clawback leaves the brand
//! balance owing; the finance group is told when a commission is put on hold.

use afiliados_domain::commission::{HoldReason, ReversalReason};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `reversal_alert`: some or all of a commission of the influencer was reverted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReversalAlert {
    /// Greeting name.
    pub first_name: String,
    /// Brand of the order.
    pub brand_name: String,
    /// The VTEX order id the influencer can recognise.
    pub vtex_order_id: String,
    /// Why: the order was canceled or returned, some units returned or edited away, or a staff
    /// revert.
    pub reason: ReversalReason,
    /// Reverted by this change (COP, two decimals; a string on the wire).
    pub amount: Decimal,
    /// What still stands of the commission after it (0 when wholly reverted).
    pub remaining: Decimal,
    /// Whether nothing is left: the commission is now `reverted`.
    pub fully_reverted: bool,
    /// The web's commissions page.
    pub link: String,
}

/// `negative_balance`: a reversal after payout left the influencer owing on a brand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NegativeBalance {
    /// Greeting name.
    pub first_name: String,
    /// Brand of the balance.
    pub brand_name: String,
    /// The order whose reversal opened the debt.
    pub vtex_order_id: String,
    /// The uncovered part, opened as a clawback adjustment (positive).
    pub debt: Decimal,
    /// The brand balance's available amount after it (negative).
    pub available: Decimal,
    /// The web's commissions page.
    pub link: String,
}

/// `alert_commission_on_hold`: to the finance alert group, a commission was put on hold
/// (self-referral at ingestion, or a staff hold).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertCommissionOnHold {
    /// The influencer's full name.
    pub influencer_name: String,
    /// Brand of the order.
    pub brand_name: String,
    /// The VTEX order id.
    pub vtex_order_id: String,
    /// The commission's amount.
    pub amount: Decimal,
    /// `self_referral`, `fraud_review` or `manual`.
    pub reason: HoldReason,
    /// The web's commissions page.
    pub link: String,
}
