//! Onboarding: the registration acknowledgement, bank account changes and newly assigned
//! discount codes.

use askama::Template;
use serde::Deserialize;

use super::{percent, string_or_number, when::Instant};
use crate::render::Locale;

/// `welcome_registration_received`: a registration arrived and waits for review.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WelcomeRegistrationReceived {
    first_name: String,
    /// Business days the review takes (3).
    review_days: u32,
    /// The web's sign-in page.
    link: String,
}

#[derive(Template)]
enum WelcomeRegistrationReceivedParts<'a> {
    #[template(path = "welcome_registration_received/es/subject.txt")]
    EsSubject { m: &'a WelcomeRegistrationReceived },
    #[template(path = "welcome_registration_received/es/body.txt")]
    EsText { m: &'a WelcomeRegistrationReceived },
    #[template(path = "welcome_registration_received/es/body.html")]
    EsHtml { m: &'a WelcomeRegistrationReceived },
    #[template(path = "welcome_registration_received/en/subject.txt")]
    EnSubject { m: &'a WelcomeRegistrationReceived },
    #[template(path = "welcome_registration_received/en/body.txt")]
    EnText { m: &'a WelcomeRegistrationReceived },
    #[template(path = "welcome_registration_received/en/body.html")]
    EnHtml { m: &'a WelcomeRegistrationReceived },
}

render_in_locale!(
    WelcomeRegistrationReceived,
    WelcomeRegistrationReceivedParts
);

impl WelcomeRegistrationReceived {
    /// `3 días hábiles` / `1 día hábil`.
    fn review_days_es(&self) -> String {
        match self.review_days {
            1 => "1 día hábil".to_owned(),
            days => format!("{days} días hábiles"),
        }
    }

    /// `3 business days` / `1 business day`.
    fn review_days_en(&self) -> String {
        match self.review_days {
            1 => "1 business day".to_owned(),
            days => format!("{days} business days"),
        }
    }
}

/// `bank_account_changed`: the payout account on the profile changed (security notice).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BankAccountChanged {
    first_name: String,
    /// Only the masked number ever reaches a mail (`••••••7890`).
    account_number_masked: String,
    changed_at: Instant,
}

#[derive(Template)]
enum BankAccountChangedParts<'a> {
    #[template(path = "bank_account_changed/es/subject.txt")]
    EsSubject { m: &'a BankAccountChanged },
    #[template(path = "bank_account_changed/es/body.txt")]
    EsText { m: &'a BankAccountChanged },
    #[template(path = "bank_account_changed/es/body.html")]
    EsHtml { m: &'a BankAccountChanged },
    #[template(path = "bank_account_changed/en/subject.txt")]
    EnSubject { m: &'a BankAccountChanged },
    #[template(path = "bank_account_changed/en/body.txt")]
    EnText { m: &'a BankAccountChanged },
    #[template(path = "bank_account_changed/en/body.html")]
    EnHtml { m: &'a BankAccountChanged },
}

render_in_locale!(BankAccountChanged, BankAccountChangedParts);

/// `code_activated`: one of the influencer's codes became active (`domain.md` §5.17).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CodeActivated {
    first_name: String,
    code: String,
    campaign_name: String,
    brand_name: String,
    /// `"15.00"`.
    #[serde(deserialize_with = "string_or_number")]
    discount_percent: String,
}

#[derive(Template)]
enum CodeActivatedParts<'a> {
    #[template(path = "code_activated/es/subject.txt")]
    EsSubject { m: &'a CodeActivated },
    #[template(path = "code_activated/es/body.txt")]
    EsText { m: &'a CodeActivated },
    #[template(path = "code_activated/es/body.html")]
    EsHtml { m: &'a CodeActivated },
    #[template(path = "code_activated/en/subject.txt")]
    EnSubject { m: &'a CodeActivated },
    #[template(path = "code_activated/en/body.txt")]
    EnText { m: &'a CodeActivated },
    #[template(path = "code_activated/en/body.html")]
    EnHtml { m: &'a CodeActivated },
}

render_in_locale!(CodeActivated, CodeActivatedParts);

impl CodeActivated {
    fn discount(&self, locale: Locale) -> String {
        percent(&self.discount_percent, locale)
    }
}
