//! Reconciliation: the summary of a finished run.

use afiliados_email_messages::ReconciliationSummary;
use askama::Template;

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
