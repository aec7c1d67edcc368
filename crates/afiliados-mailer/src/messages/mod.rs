//! One payload struct per message (the outbox JSON, camelCase) and its askama templates: three
//! parts in each locale, as variants of one enum so that adding a message stays in one place.
//! Grouped by area: accounts and policies, onboarding, influencer status changes and ARCO.

use crate::render::Locale;

/// `render(&self, locale)` for a message whose templates are the six variants of `$parts`.
macro_rules! render_in_locale {
    ($message:ident, $parts:ident) => {
        impl $message {
            pub(crate) fn render(
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
mod status;
mod when;

pub(crate) use arco::{ArcoRequestReceived, ArcoRequestResolved};
pub(crate) use identity::{
    PasswordReset, PolicyUpdated, SetPassword, TwoFactorEnabled, UserInvitation,
};
pub(crate) use onboarding::{BankAccountChanged, CodeActivated, WelcomeRegistrationReceived};
pub(crate) use status::{
    InfluencerApproved, InfluencerReactivated, InfluencerRejected, InfluencerSuspended,
};

/// A discount percentage as the api serialises it (`"15.00"`), for people: trailing zeros
/// dropped and, in Spanish, a decimal comma (`"12,5 %"`); English writes `"12.5%"`. Anything
/// that is not a plain decimal is shown as it came.
fn percent(raw: &str, locale: Locale) -> String {
    let raw = raw.trim();
    let plain = raw.chars().any(|c| c.is_ascii_digit())
        && raw.chars().all(|c| c.is_ascii_digit() || c == '.')
        && raw.matches('.').count() <= 1;
    if !plain {
        return raw.to_owned();
    }
    let number = if raw.contains('.') {
        raw.trim_end_matches('0').trim_end_matches('.')
    } else {
        raw
    };
    match locale {
        Locale::Es => format!("{} %", number.replace('.', ",")),
        Locale::En => format!("{number}%"),
    }
}

/// Accepts a percentage as a JSON string (`"15.00"`, what `Decimal` serialises to) or a number,
/// so a caller writing `json!({"discountPercent": 15})` does not lose the e-mail.
fn string_or_number<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(match Raw::deserialize(deserializer)? {
        Raw::Text(text) => text,
        Raw::Number(number) => number.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_naturally_in_each_locale() {
        assert_eq!(percent("15.00", Locale::Es), "15 %");
        assert_eq!(percent("12.50", Locale::Es), "12,5 %");
        assert_eq!(percent("12.50", Locale::En), "12.5%");
        assert_eq!(percent("20", Locale::En), "20%");
        assert_eq!(percent("0.01", Locale::Es), "0,01 %");
        assert_eq!(percent("quince", Locale::Es), "quince");
    }
}
