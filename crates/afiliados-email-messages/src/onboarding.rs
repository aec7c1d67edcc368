//! Onboarding: the registration acknowledgement, bank account changes and newly assigned
//! discount codes.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `welcome_registration_received`: a registration arrived and waits for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WelcomeRegistrationReceived {
    /// Greeting name.
    pub first_name: String,
    /// Business days the review takes (3).
    pub review_days: u32,
    /// The web's sign-in page.
    pub link: String,
}

/// `bank_account_changed`: the payout account on the profile changed or was removed (security
/// notice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankAccountChanged {
    /// Greeting name.
    pub first_name: String,
    /// The new account, masked (`••••••7890`): only the masked number ever reaches a mail.
    /// `null` when the account was removed; the key itself is required, so a producer that
    /// forgets it hears about it (`deserialize_with` is what makes serde require it).
    #[serde(deserialize_with = "Option::deserialize")]
    pub account_number_masked: Option<String>,
    /// When it changed.
    pub changed_at: DateTime<Utc>,
}

/// `code_activated`: one of the influencer's codes became active (`domain.md` §5.17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeActivated {
    /// Greeting name.
    pub first_name: String,
    /// The code.
    pub code: String,
    /// Its campaign.
    pub campaign_name: String,
    /// The campaign's brand.
    pub brand_name: String,
    /// The discount, e.g. `15.00` (a string on the wire; a JSON number is read too).
    pub discount_percent: Decimal,
}
