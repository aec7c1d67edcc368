//! Settlement: the summary of what a run confirmed.

use afiliados_email_messages::{BrandConfirmations, SettlementSummary};
use askama::Template;
use rust_decimal::Decimal;

use crate::render::Locale;

#[derive(Template)]
enum SettlementSummaryParts<'a> {
    #[template(path = "settlement_summary/es/subject.txt")]
    EsSubject { m: &'a SettlementSummary },
    #[template(path = "settlement_summary/es/body.txt")]
    EsText { m: &'a SettlementSummary },
    #[template(path = "settlement_summary/es/body.html")]
    EsHtml { m: &'a SettlementSummary },
    #[template(path = "settlement_summary/en/subject.txt")]
    EnSubject { m: &'a SettlementSummary },
    #[template(path = "settlement_summary/en/body.txt")]
    EnText { m: &'a SettlementSummary },
    #[template(path = "settlement_summary/en/body.html")]
    EnHtml { m: &'a SettlementSummary },
}

render_in_locale!(SettlementSummary, SettlementSummaryParts);

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

/// What the summary templates compute.
trait SummaryView {
    /// The brand's amount in the locale.
    fn amount(&self, locale: Locale) -> String;
}

impl SummaryView for BrandConfirmations {
    fn amount(&self, locale: Locale) -> String {
        pesos(self.amount, locale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
