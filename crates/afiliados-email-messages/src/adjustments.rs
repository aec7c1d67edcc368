//! The finance alert of a manual adjustment (`operations.md` §6 "Manual reversals": recording an
//! adjustment e-mails `MAIL_ALERT_FINANCE`), so a second person in finance sees every debt
//! recorded by hand.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `alert_adjustment_recorded`: to the finance alert group, a manual debt was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertAdjustmentRecorded {
    /// The influencer's full name.
    pub influencer_name: String,
    /// Brand of the balance.
    pub brand_name: String,
    /// The debt (COP, two decimals; a string on the wire).
    pub amount: Decimal,
    /// Why, as finance typed it.
    pub reason: String,
    /// The brand balance's available amount after it (may be negative).
    pub available: Decimal,
    /// The e-mail of the staff user who recorded it.
    pub recorded_by: String,
    /// The web's adjustments page.
    pub link: String,
}
