//! Reconciliation: the summary of a finished run, and the escalation of a discrepancy left open.

use afiliados_email_messages::{DiscrepancyEscalated, ReconciliationSummary};
use askama::Template;

use super::when::InBogota as _;
use crate::render::Locale;

#[derive(Template)]
enum ReconciliationSummaryParts<'a> {
    #[template(path = "reconciliation_summary/es/subject.txt")]
    EsSubject { m: &'a ReconciliationSummary },
    #[template(path = "reconciliation_summary/es/body.txt")]
    EsText { m: &'a ReconciliationSummary },
    #[template(path = "reconciliation_summary/es/body.html")]
    EsHtml { m: &'a ReconciliationSummary },
    #[template(path = "reconciliation_summary/en/subject.txt")]
    EnSubject { m: &'a ReconciliationSummary },
    #[template(path = "reconciliation_summary/en/body.txt")]
    EnText { m: &'a ReconciliationSummary },
    #[template(path = "reconciliation_summary/en/body.html")]
    EnHtml { m: &'a ReconciliationSummary },
}

render_in_locale!(ReconciliationSummary, ReconciliationSummaryParts);

#[derive(Template)]
enum DiscrepancyEscalatedParts<'a> {
    #[template(path = "discrepancy_escalated/es/subject.txt")]
    EsSubject { m: &'a DiscrepancyEscalated },
    #[template(path = "discrepancy_escalated/es/body.txt")]
    EsText { m: &'a DiscrepancyEscalated },
    #[template(path = "discrepancy_escalated/es/body.html")]
    EsHtml { m: &'a DiscrepancyEscalated },
    #[template(path = "discrepancy_escalated/en/subject.txt")]
    EnSubject { m: &'a DiscrepancyEscalated },
    #[template(path = "discrepancy_escalated/en/body.txt")]
    EnText { m: &'a DiscrepancyEscalated },
    #[template(path = "discrepancy_escalated/en/body.html")]
    EnHtml { m: &'a DiscrepancyEscalated },
}

render_in_locale!(DiscrepancyEscalated, DiscrepancyEscalatedParts);

/// The class of a discrepancy as words (`domain.md` §5.16.2); an unknown class is shown as is.
trait ClassName {
    fn class_name(&self, locale: Locale) -> String;
}

impl ClassName for String {
    fn class_name(&self, locale: Locale) -> String {
        let (es, en) = match self.as_str() {
            "A" => ("A — falta en la plataforma", "A — missing in the platform"),
            "B" => ("B — estado distinto", "B — status divergence"),
            "C" => ("C — monto distinto", "C — amount difference"),
            "D" => ("D — cupón no reconocido", "D — unrecognised coupon"),
            "E" => ("E — falta en VTEX", "E — missing in VTEX"),
            other => return other.to_owned(),
        };
        match locale {
            Locale::Es => es.to_owned(),
            Locale::En => en.to_owned(),
        }
    }
}
