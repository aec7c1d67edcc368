//! The askama templates of every message: three parts in each locale, as variants of one enum
//! per message that wraps the shared payload struct from `afiliados-email-messages`, so that
//! adding a message stays in one place. What the templates compute from a payload (dates in
//! Bogota, percentages, labels) lives in small extension traits next to them. Grouped by area:
//! accounts and policies, onboarding, influencer status changes, ARCO, settlement, the money
//! alerts of one commission and withdrawals.

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
mod commissions;
mod identity;
mod onboarding;
mod operations;
mod payments;
mod reconciliation;
mod settlement;
mod status;
mod when;
mod withdrawals;

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
        EmailMessage::ReversalAlert(m) => m.render(locale),
        EmailMessage::NegativeBalance(m) => m.render(locale),
        EmailMessage::AlertCommissionOnHold(m) => m.render(locale),
        EmailMessage::WithdrawalRequested(m) => m.render(locale),
        EmailMessage::WithdrawalApproved(m) => m.render(locale),
        EmailMessage::WithdrawalRejected(m) => m.render(locale),
        EmailMessage::AlertAdjustmentRecorded(m) => m.render(locale),
        EmailMessage::WithdrawalPaid(m) => m.render(locale),
        EmailMessage::ReconciliationSummary(m) => m.render(locale),
        EmailMessage::OperationalAlert(m) => m.render(locale),
        EmailMessage::DiscrepancyEscalated(m) => m.render(locale),
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

/// An amount of pesos for people: `$20.223,00` in Spanish, `$20,223.00` in English.
fn pesos(value: Decimal, locale: Locale) -> String {
    let fixed = format!("{:.2}", value.round_dp(2));
    let (sign, digits) = fixed
        .strip_prefix('-')
        .map_or(("", fixed.as_str()), |rest| ("-", rest));
    let (whole, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    let (group, decimal) = match locale {
        Locale::Es => ('.', ','),
        Locale::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    format!("{sign}${grouped}{decimal}{cents}")
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

    #[test]
    fn amounts_read_naturally_in_each_locale() {
        assert_eq!(pesos(Decimal::new(2_022_300, 2), Locale::Es), "$20.223,00");
        assert_eq!(pesos(Decimal::new(2_022_300, 2), Locale::En), "$20,223.00");
        assert_eq!(pesos(Decimal::new(150_050, 2), Locale::Es), "$1.500,50");
        assert_eq!(pesos(Decimal::new(99, 2), Locale::En), "$0.99");
        assert_eq!(
            pesos(Decimal::new(123_456_789, 0), Locale::En),
            "$123,456,789.00"
        );
        assert_eq!(
            pesos(Decimal::new(-2_000_000, 2), Locale::Es),
            "-$20.000,00"
        );
    }
}
