//! Settlement: the summary of what a run confirmed.

use afiliados_email_messages::{BrandConfirmations, SettlementSummary};
use askama::Template;

use super::pesos;
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
