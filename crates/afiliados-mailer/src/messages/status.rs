//! Influencer status changes (`domain.md` §4.2): approved, rejected, suspended, reactivated.

use askama::Template;
use serde::Deserialize;

use super::{percent, string_or_number};
use crate::render::Locale;

/// `influencer_approved`: the registration was approved; lists the codes already assigned.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InfluencerApproved {
    first_name: String,
    /// The web's sign-in page.
    link: String,
    /// May be empty: codes can be assigned later.
    codes: Vec<ApprovedCode>,
}

/// One code in [`InfluencerApproved`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApprovedCode {
    code: String,
    campaign_name: String,
    /// `"15.00"`.
    #[serde(deserialize_with = "string_or_number")]
    discount_percent: String,
}

impl ApprovedCode {
    fn discount(&self, locale: Locale) -> String {
        percent(&self.discount_percent, locale)
    }
}

#[derive(Template)]
enum InfluencerApprovedParts<'a> {
    #[template(path = "influencer_approved/es/subject.txt")]
    EsSubject { m: &'a InfluencerApproved },
    #[template(path = "influencer_approved/es/body.txt")]
    EsText { m: &'a InfluencerApproved },
    #[template(path = "influencer_approved/es/body.html")]
    EsHtml { m: &'a InfluencerApproved },
    #[template(path = "influencer_approved/en/subject.txt")]
    EnSubject { m: &'a InfluencerApproved },
    #[template(path = "influencer_approved/en/body.txt")]
    EnText { m: &'a InfluencerApproved },
    #[template(path = "influencer_approved/en/body.html")]
    EnHtml { m: &'a InfluencerApproved },
}

render_in_locale!(InfluencerApproved, InfluencerApprovedParts);

/// `influencer_rejected`: the registration was not approved, with the reviewer's reason.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InfluencerRejected {
    first_name: String,
    reason: String,
}

#[derive(Template)]
enum InfluencerRejectedParts<'a> {
    #[template(path = "influencer_rejected/es/subject.txt")]
    EsSubject { m: &'a InfluencerRejected },
    #[template(path = "influencer_rejected/es/body.txt")]
    EsText { m: &'a InfluencerRejected },
    #[template(path = "influencer_rejected/es/body.html")]
    EsHtml { m: &'a InfluencerRejected },
    #[template(path = "influencer_rejected/en/subject.txt")]
    EnSubject { m: &'a InfluencerRejected },
    #[template(path = "influencer_rejected/en/body.txt")]
    EnText { m: &'a InfluencerRejected },
    #[template(path = "influencer_rejected/en/body.html")]
    EnHtml { m: &'a InfluencerRejected },
}

render_in_locale!(InfluencerRejected, InfluencerRejectedParts);

/// `influencer_suspended`: the account was suspended, with the reason; its codes stop working.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InfluencerSuspended {
    first_name: String,
    reason: String,
}

#[derive(Template)]
enum InfluencerSuspendedParts<'a> {
    #[template(path = "influencer_suspended/es/subject.txt")]
    EsSubject { m: &'a InfluencerSuspended },
    #[template(path = "influencer_suspended/es/body.txt")]
    EsText { m: &'a InfluencerSuspended },
    #[template(path = "influencer_suspended/es/body.html")]
    EsHtml { m: &'a InfluencerSuspended },
    #[template(path = "influencer_suspended/en/subject.txt")]
    EnSubject { m: &'a InfluencerSuspended },
    #[template(path = "influencer_suspended/en/body.txt")]
    EnText { m: &'a InfluencerSuspended },
    #[template(path = "influencer_suspended/en/body.html")]
    EnHtml { m: &'a InfluencerSuspended },
}

render_in_locale!(InfluencerSuspended, InfluencerSuspendedParts);

/// `influencer_reactivated`: a suspended account is approved again.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InfluencerReactivated {
    first_name: String,
    /// The web's sign-in page.
    link: String,
}

#[derive(Template)]
enum InfluencerReactivatedParts<'a> {
    #[template(path = "influencer_reactivated/es/subject.txt")]
    EsSubject { m: &'a InfluencerReactivated },
    #[template(path = "influencer_reactivated/es/body.txt")]
    EsText { m: &'a InfluencerReactivated },
    #[template(path = "influencer_reactivated/es/body.html")]
    EsHtml { m: &'a InfluencerReactivated },
    #[template(path = "influencer_reactivated/en/subject.txt")]
    EnSubject { m: &'a InfluencerReactivated },
    #[template(path = "influencer_reactivated/en/body.txt")]
    EnText { m: &'a InfluencerReactivated },
    #[template(path = "influencer_reactivated/en/body.html")]
    EnHtml { m: &'a InfluencerReactivated },
}

render_in_locale!(InfluencerReactivated, InfluencerReactivatedParts);
