//! Influencer status changes (`domain.md` §4.2): approved, rejected, suspended, reactivated.

use afiliados_email_messages::{
    ApprovedCode, InfluencerApproved, InfluencerReactivated, InfluencerRejected,
    InfluencerSuspended,
};
use askama::Template;

use super::percent;
use crate::render::Locale;

/// What the approval templates compute for each code.
trait ApprovedCodeView {
    /// The discount for people (`15 %`, `12.5%`).
    fn discount(&self, locale: Locale) -> String;
}

impl ApprovedCodeView for ApprovedCode {
    fn discount(&self, locale: Locale) -> String {
        percent(self.discount_percent, locale)
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
