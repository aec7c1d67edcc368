//! Influencer status changes (`domain.md` §4.2): approved, rejected, suspended, reactivated.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `influencer_approved`: the registration was approved; lists the codes already active.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InfluencerApproved {
    /// Greeting name.
    pub first_name: String,
    /// The web's sign-in page.
    pub link: String,
    /// May be empty: codes can be assigned later.
    pub codes: Vec<ApprovedCode>,
}

/// One code in [`InfluencerApproved`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovedCode {
    /// The code.
    pub code: String,
    /// Its campaign.
    pub campaign_name: String,
    /// The discount, e.g. `15.00`.
    pub discount_percent: Decimal,
}

/// `influencer_rejected`: the registration was not approved, with the reviewer's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InfluencerRejected {
    /// Greeting name.
    pub first_name: String,
    /// Why.
    pub reason: String,
}

/// `influencer_suspended`: the account was suspended, with the reason; its codes stop working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InfluencerSuspended {
    /// Greeting name.
    pub first_name: String,
    /// Why.
    pub reason: String,
}

/// `influencer_reactivated`: a suspended account is approved again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InfluencerReactivated {
    /// Greeting name.
    pub first_name: String,
    /// The web's sign-in page.
    pub link: String,
}
