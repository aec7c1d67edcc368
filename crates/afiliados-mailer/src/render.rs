//! From an outbox row (template name, locale, JSON payload) to subject, text and HTML.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{
    MailError, Result,
    messages::{PasswordReset, PolicyUpdated, TwoFactorEnabled, UserInvitation},
};

/// Every template this build can render (`email_outbox.template`).
pub const TEMPLATES: &[&str] = &[
    "user_invitation",
    "password_reset",
    "two_factor_enabled",
    "policy_updated",
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
