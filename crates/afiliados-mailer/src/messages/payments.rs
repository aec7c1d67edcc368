//! Money out: a withdrawal paid, with gross, withholding and net in the locale's pesos.

use afiliados_email_messages::WithdrawalPaid;
use askama::Template;
use rust_decimal::Decimal;

use super::{percent, pesos};
use crate::render::Locale;

#[derive(Template)]
enum WithdrawalPaidParts<'a> {
    #[template(path = "withdrawal_paid/es/subject.txt")]
    EsSubject { m: &'a WithdrawalPaid },
    #[template(path = "withdrawal_paid/es/body.txt")]
    EsText { m: &'a WithdrawalPaid },
    #[template(path = "withdrawal_paid/es/body.html")]
    EsHtml { m: &'a WithdrawalPaid },
    #[template(path = "withdrawal_paid/en/subject.txt")]
    EnSubject { m: &'a WithdrawalPaid },
    #[template(path = "withdrawal_paid/en/body.txt")]
    EnText { m: &'a WithdrawalPaid },
    #[template(path = "withdrawal_paid/en/body.html")]
    EnHtml { m: &'a WithdrawalPaid },
}

render_in_locale!(WithdrawalPaid, WithdrawalPaidParts);

/// What the templates compute from the payload.
trait PaidView {
    /// An amount of the payload in the locale's pesos.
    fn cop(&self, value: &Decimal, locale: Locale) -> String;
    /// The withholding rate in the locale.
    fn rate(&self, locale: Locale) -> String;
    /// The value date in the locale (`10/03/2026`, `2026-03-10`).
    fn date(&self, locale: Locale) -> String;
}

impl PaidView for WithdrawalPaid {
    fn cop(&self, value: &Decimal, locale: Locale) -> String {
        pesos(*value, locale)
    }

    fn rate(&self, locale: Locale) -> String {
        percent(self.withholding_rate, locale)
    }

    fn date(&self, locale: Locale) -> String {
        match locale {
            Locale::Es => self.payment_date.format("%d/%m/%Y").to_string(),
            Locale::En => self.payment_date.format("%Y-%m-%d").to_string(),
        }
    }
}
