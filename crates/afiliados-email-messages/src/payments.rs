//! Money out: a withdrawal paid (`domain.md` §5.14.3, §5.17).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `withdrawal_paid`: the influencer's withdrawal was paid; the gross left the balance, the
/// withholding went to the tax authority and the net to the influencer's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalPaid {
    /// Greeting name.
    pub first_name: String,
    /// Brand of the balance.
    pub brand_name: String,
    /// The approved amount taken from the balance (COP; a string on the wire).
    pub gross: Decimal,
    /// Percent withheld (0 under the profile's threshold).
    pub withholding_rate: Decimal,
    /// Withheld for the tax authority.
    pub withheld: Decimal,
    /// What reaches the account.
    pub net: Decimal,
    /// The value date.
    pub payment_date: NaiveDate,
    /// The transfer reference.
    pub reference: String,
    /// The web's payments page.
    pub link: String,
}
