//! From an outbox row (template name, locale, JSON payload) to subject, text and HTML.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{
    MailError, Result,
    messages::{
        ArcoRequestReceived, ArcoRequestResolved, BankAccountChanged, CodeActivated,
        InfluencerApproved, InfluencerReactivated, InfluencerRejected, InfluencerSuspended,
        PasswordReset, PolicyUpdated, SetPassword, TwoFactorEnabled, UserInvitation,
        WelcomeRegistrationReceived,
    },
};

/// Every template this build can render (`email_outbox.template`).
pub const TEMPLATES: &[&str] = &[
    "user_invitation",
    "password_reset",
    "two_factor_enabled",
    "policy_updated",
    "welcome_registration_received",
    "set_password",
    "influencer_approved",
    "influencer_rejected",
    "influencer_suspended",
    "influencer_reactivated",
    "bank_account_changed",
    "arco_request_received",
    "arco_request_resolved",
    "code_activated",
];

/// The languages templates exist in; Spanish is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// Spanish (default).
    Es,
    /// English.
    En,
}

impl Locale {
    /// `en`, `en-US`, … are English; anything else falls back to Spanish, the product's language,
    /// rather than failing a message over a locale tag.
    pub fn from_tag(tag: &str) -> Locale {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Locale::En
        } else {
            Locale::Es
        }
    }
}

/// A rendered message, ready for [`crate::Mailer::send`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    /// One line, no trailing whitespace.
    pub subject: String,
    /// The `text/plain` alternative.
    pub text: String,
    /// The `text/html` alternative.
    pub html: String,
}

/// Renders `template` in `locale` with the outbox `payload`. An unknown template or a payload
/// missing a field is a permanent [`MailError`].
pub fn render(template: &str, locale: &str, payload: &Value) -> Result<RenderedEmail> {
    let locale = Locale::from_tag(locale);
    match template {
        "user_invitation" => decode::<UserInvitation>(template, payload)?.render(locale),
        "password_reset" => decode::<PasswordReset>(template, payload)?.render(locale),
        "two_factor_enabled" => decode::<TwoFactorEnabled>(template, payload)?.render(locale),
        "policy_updated" => decode::<PolicyUpdated>(template, payload)?.render(locale),
        "welcome_registration_received" => {
            decode::<WelcomeRegistrationReceived>(template, payload)?.render(locale)
        }
        "set_password" => decode::<SetPassword>(template, payload)?.render(locale),
        "influencer_approved" => decode::<InfluencerApproved>(template, payload)?.render(locale),
        "influencer_rejected" => decode::<InfluencerRejected>(template, payload)?.render(locale),
        "influencer_suspended" => decode::<InfluencerSuspended>(template, payload)?.render(locale),
        "influencer_reactivated" => {
            decode::<InfluencerReactivated>(template, payload)?.render(locale)
        }
        "bank_account_changed" => decode::<BankAccountChanged>(template, payload)?.render(locale),
        "arco_request_received" => decode::<ArcoRequestReceived>(template, payload)?.render(locale),
        "arco_request_resolved" => decode::<ArcoRequestResolved>(template, payload)?.render(locale),
        "code_activated" => decode::<CodeActivated>(template, payload)?.render(locale),
        other => Err(MailError::UnknownTemplate(other.to_owned())),
    }
}

fn decode<T: DeserializeOwned>(template: &str, payload: &Value) -> Result<T> {
    T::deserialize(payload).map_err(|source| MailError::InvalidPayload {
        template: template.to_owned(),
        source,
    })
}

/// Renders the three parts of one message.
pub(crate) fn parts(
    subject: &impl askama::Template,
    text: &impl askama::Template,
    html: &impl askama::Template,
) -> Result<RenderedEmail> {
    // A header cannot span lines; templates end with a newline, and a name could carry one.
    let subject = subject
        .render()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(RenderedEmail {
        subject,
        text: text.render()?,
        html: html.render()?,
    })
}

#[cfg(test)]
mod tests;
