//! The askama templates of every message: three parts in each locale, as variants of one enum
//! per message that wraps the shared payload struct from `afiliados-email-messages`, so that
//! adding a message stays in one place. What the templates compute from a payload (dates in
//! Bogota, percentages, labels) lives in small extension traits next to them. Grouped by area:
//! accounts and policies, onboarding, influencer status changes and ARCO.

use afiliados_email_messages::EmailMessage;
use rust_decimal::Decimal;

use crate::render::{Locale, RenderedEmail};

/// A payload struct that renders in each locale.
pub(crate) trait Render {
    /// Subject, text and HTML in `locale`.
    fn render(&self, locale: Locale) -> crate::Result<RenderedEmail>;
}

/// `impl Render for $message` whose templates are the six variants of `$parts`.
macro_rules! render_in_locale {
    ($message:ident, $parts:ident) => {
        impl $crate::messages::Render for $message {
            fn render(
                &self,
                locale: $crate::render::Locale,
            ) -> $crate::Result<$crate::render::RenderedEmail> {
                use $crate::render::{Locale, parts};
                use $parts as P;
                match locale {
                    Locale::Es => parts(
                        &P::EsSubject { m: self },
                        &P::EsText { m: self },
                        &P::EsHtml { m: self },
                    ),
                    Locale::En => parts(
                        &P::EnSubject { m: self },
                        &P::EnText { m: self },
                        &P::EnHtml { m: self },
                    ),
                }
            }
        }
    };
}

mod arco;
mod identity;
mod onboarding;
mod settlement;
mod status;
mod when;

/// Renders any message; the match is exhaustive, so a new variant without templates does not
/// compile.
pub(crate) fn render(message: &EmailMessage, locale: Locale) -> crate::Result<RenderedEmail> {
    match message {
        EmailMessage::UserInvitation(m) => m.render(locale),
        EmailMessage::PasswordReset(m) => m.render(locale),
        EmailMessage::TwoFactorEnabled(m) => m.render(locale),
        EmailMessage::PolicyUpdated(m) => m.render(locale),
        EmailMessage::WelcomeRegistrationReceived(m) => m.render(locale),
        EmailMessage::SetPassword(m) => m.render(locale),
        EmailMessage::InfluencerApproved(m) => m.render(locale),
        EmailMessage::InfluencerRejected(m) => m.render(locale),
        EmailMessage::InfluencerSuspended(m) => m.render(locale),
        EmailMessage::InfluencerReactivated(m) => m.render(locale),
        EmailMessage::BankAccountChanged(m) => m.render(locale),
        EmailMessage::EmailChanged(m) => m.render(locale),
        EmailMessage::ArcoRequestReceived(m) => m.render(locale),
        EmailMessage::ArcoRequestResolved(m) => m.render(locale),
        EmailMessage::CodeActivated(m) => m.render(locale),
        EmailMessage::SettlementSummary(m) => m.render(locale),
    }
}

/// A discount percentage for people: trailing zeros dropped and, in Spanish, a decimal comma
/// (`"12,5 %"`); English writes `"12.5%"`.
fn percent(value: Decimal, locale: Locale) -> String {
    let number = value.normalize().to_string();
    match locale {
        Locale::Es => format!("{} %", number.replace('.', ",")),
        Locale::En => format!("{number}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_naturally_in_each_locale() {
        assert_eq!(percent(Decimal::new(1500, 2), Locale::Es), "15 %");
        assert_eq!(percent(Decimal::new(1250, 2), Locale::Es), "12,5 %");
        assert_eq!(percent(Decimal::new(1250, 2), Locale::En), "12.5%");
        assert_eq!(percent(Decimal::new(20, 0), Locale::En), "20%");
        assert_eq!(percent(Decimal::new(1, 2), Locale::Es), "0,01 %");
        assert_eq!(percent(Decimal::new(100, 0), Locale::Es), "100 %");
    }
}
