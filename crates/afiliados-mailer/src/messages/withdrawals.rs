//! Withdrawals: requested, approved and rejected (to the influencer). Amounts are pesos in the
//! locale, instants Bogota dates.

use afiliados_email_messages::{WithdrawalApproved, WithdrawalRejected, WithdrawalRequested};
use askama::Template;
use rust_decimal::Decimal;

use super::pesos;
use super::when::InBogota;
use crate::render::Locale;

/// How templates show an amount of the payload (`{{ m.amount.cop(Locale::Es) }}`).
trait Cop {
    /// Pesos in the locale.
    fn cop(&self, locale: Locale) -> String;
}

impl Cop for Decimal {
    fn cop(&self, locale: Locale) -> String {
        pesos(*self, locale)
    }
}

#[derive(Template)]
enum WithdrawalRequestedParts<'a> {
    #[template(path = "withdrawal_requested/es/subject.txt")]
    EsSubject { m: &'a WithdrawalRequested },
    #[template(path = "withdrawal_requested/es/body.txt")]
    EsText { m: &'a WithdrawalRequested },
    #[template(path = "withdrawal_requested/es/body.html")]
    EsHtml { m: &'a WithdrawalRequested },
    #[template(path = "withdrawal_requested/en/subject.txt")]
    EnSubject { m: &'a WithdrawalRequested },
    #[template(path = "withdrawal_requested/en/body.txt")]
    EnText { m: &'a WithdrawalRequested },
    #[template(path = "withdrawal_requested/en/body.html")]
    EnHtml { m: &'a WithdrawalRequested },
}

render_in_locale!(WithdrawalRequested, WithdrawalRequestedParts);

#[derive(Template)]
enum WithdrawalApprovedParts<'a> {
    #[template(path = "withdrawal_approved/es/subject.txt")]
    EsSubject { m: &'a WithdrawalApproved },
    #[template(path = "withdrawal_approved/es/body.txt")]
    EsText { m: &'a WithdrawalApproved },
    #[template(path = "withdrawal_approved/es/body.html")]
    EsHtml { m: &'a WithdrawalApproved },
    #[template(path = "withdrawal_approved/en/subject.txt")]
    EnSubject { m: &'a WithdrawalApproved },
    #[template(path = "withdrawal_approved/en/body.txt")]
    EnText { m: &'a WithdrawalApproved },
    #[template(path = "withdrawal_approved/en/body.html")]
    EnHtml { m: &'a WithdrawalApproved },
}

render_in_locale!(WithdrawalApproved, WithdrawalApprovedParts);

#[derive(Template)]
enum WithdrawalRejectedParts<'a> {
    #[template(path = "withdrawal_rejected/es/subject.txt")]
    EsSubject { m: &'a WithdrawalRejected },
    #[template(path = "withdrawal_rejected/es/body.txt")]
    EsText { m: &'a WithdrawalRejected },
    #[template(path = "withdrawal_rejected/es/body.html")]
    EsHtml { m: &'a WithdrawalRejected },
    #[template(path = "withdrawal_rejected/en/subject.txt")]
    EnSubject { m: &'a WithdrawalRejected },
    #[template(path = "withdrawal_rejected/en/body.txt")]
    EnText { m: &'a WithdrawalRejected },
    #[template(path = "withdrawal_rejected/en/body.html")]
    EnHtml { m: &'a WithdrawalRejected },
}

render_in_locale!(WithdrawalRejected, WithdrawalRejectedParts);
