//! From a typed message, or an outbox row (template name, locale, JSON payload), to subject,
//! text and HTML.

use afiliados_email_messages::EmailMessage;
use serde_json::Value;

use crate::Result;

/// Every template this build can render (`email_outbox.template`).
pub const TEMPLATES: &[&str] = EmailMessage::TEMPLATES;

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

/// Renders a typed message in `locale`.
pub fn render_message(message: &EmailMessage, locale: Locale) -> Result<RenderedEmail> {
    crate::messages::render(message, locale)
}

/// Renders a stored row: `template` in the `locale` tag with the outbox `payload`. An unknown
/// template or a payload that does not fit it is a permanent [`crate::MailError`].
pub fn render(template: &str, locale: &str, payload: &Value) -> Result<RenderedEmail> {
    let message = EmailMessage::decode(template, payload)?;
    render_message(&message, Locale::from_tag(locale))
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
