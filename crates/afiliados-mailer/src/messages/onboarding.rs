//! Onboarding: the registration acknowledgement, bank account changes and newly assigned
//! discount codes.

use afiliados_email_messages::{BankAccountChanged, CodeActivated, WelcomeRegistrationReceived};
use askama::Template;

use super::{percent, when::InBogota as _};
use crate::render::Locale;

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

/// What the welcome templates compute.
trait WelcomeView {
    /// `3 días hábiles` / `1 día hábil`.
    fn review_days_es(&self) -> String;
    /// `3 business days` / `1 business day`.
    fn review_days_en(&self) -> String;
}

impl WelcomeView for WelcomeRegistrationReceived {
    fn review_days_es(&self) -> String {
        match self.review_days {
            1 => "1 día hábil".to_owned(),
            days => format!("{days} días hábiles"),
        }
    }

    fn review_days_en(&self) -> String {
        match self.review_days {
            1 => "1 business day".to_owned(),
            days => format!("{days} business days"),
        }
    }
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

/// What the activation templates compute.
trait ActivationView {
    /// The discount for people (`15 %`, `12.5%`).
    fn discount(&self, locale: Locale) -> String;
}

impl ActivationView for CodeActivated {
    fn discount(&self, locale: Locale) -> String {
        percent(self.discount_percent, locale)
    }
}
