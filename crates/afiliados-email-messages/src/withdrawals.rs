//! Withdrawals (`domain.md` §5.14, §5.17): the influencer is told when a withdrawal is requested
//! (by them or by finance on their behalf), approved and rejected.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `withdrawal_requested`: a withdrawal of the influencer was registered and its amount
/// reserved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalRequested {
    /// Greeting name.
    pub first_name: String,
    /// The brand whose balance pays it.
    pub brand_name: String,
    /// Requested (COP, two decimals; a string on the wire).
    pub amount: Decimal,
    /// When it was registered.
    pub requested_at: DateTime<Utc>,
    /// The web's withdrawals page.
    pub link: String,
}

/// `withdrawal_approved`: finance approved the withdrawal; it is paid from `payable_from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalApproved {
    /// Greeting name.
    pub first_name: String,
    /// The brand whose balance pays it.
    pub brand_name: String,
    /// Approved amount (COP, two decimals).
    pub amount: Decimal,
    /// Payable from this instant (request + the brand's hold days).
    pub payable_from: DateTime<Utc>,
    /// The web's withdrawals page.
    pub link: String,
}

/// `withdrawal_rejected`: finance rejected the withdrawal; the amount is available again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalRejected {
    /// Greeting name.
    pub first_name: String,
    /// The brand whose balance it was asked from.
    pub brand_name: String,
    /// Amount released back to available (COP, two decimals).
    pub amount: Decimal,
    /// Why (the decider's words).
    pub reason: String,
    /// The web's withdrawals page.
    pub link: String,
}
