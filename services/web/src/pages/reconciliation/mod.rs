//! `/conciliaciones`: reconciliation against VTEX (`api.md` §17, §19; ADR 0067). The runs with
//! the form that starts an ad-hoc run, a run's outcome (counts per class drawn as bars, its
//! reports, its discrepancies), the discrepancies across runs with their CSV, and one
//! discrepancy with platform and VTEX values side by side and the reprocess and accept acts.
//! AD, GA, FI and AU read; FI and AD act; admin_marca never reaches these pages (ADR 0057).

mod discrepancies_list;
mod discrepancy_acts;
mod discrepancy_detail;
mod reports;
mod run_detail;
mod run_start;
mod runs_list;

use actix_web::web;
use afiliados_api_types::reconciliation::{DiscrepancyResponse, ReconciliationRunResponse};
use afiliados_domain::{Money, Role, bogota_date};

use Role::{AdminDentsu as AD, Auditor as AU, Finance as FI, GestorAfiliados as GA};

use crate::format::{day, money, stamp};
use crate::i18n::I18n;

/// Read runs, discrepancies and reports.
const READERS: &[Role] = &[AD, GA, FI, AU];
/// Start runs, reprocess and accept discrepancies.
const ACTORS: &[Role] = &[AD, FI];
/// The discrepancy export (`api.md` §17: no GA).
const EXPORTERS: &[Role] = &[AD, FI, AU];

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    // The fixed paths first: `{id}` would otherwise swallow `discrepancias`.
    cfg.route("/conciliaciones", web::get().to(runs_list::list_runs))
        .route("/conciliaciones", web::post().to(run_start::submit_run))
        .route(
            "/conciliaciones/discrepancias",
            web::get().to(discrepancies_list::list_discrepancies),
        )
        .route(
            "/conciliaciones/discrepancias.csv",
            web::get().to(reports::download_discrepancies),
        )
        .route("/conciliaciones/{id}", web::get().to(run_detail::show_run))
        .route(
            "/conciliaciones/{id}/reporte.{format}",
            web::get().to(reports::download_report),
        )
        .route(
            "/conciliaciones/{run}/discrepancias/{id}",
            web::get().to(discrepancy_detail::show_discrepancy),
        )
        .route(
            "/conciliaciones/{run}/discrepancias/{id}/reprocesar",
            web::post().to(discrepancy_acts::submit_reprocess),
        )
        .route(
            "/conciliaciones/{run}/discrepancias/{id}/aceptar",
            web::post().to(discrepancy_acts::submit_accept),
        );
}

/// One run in a list.
pub(crate) struct RunRow {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) source: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) range: String,
    pub(crate) started_at: String,
    pub(crate) finished_at: String,
    pub(crate) found: i32,
    pub(crate) pending: i32,
    pub(crate) triggered_by: String,
}

impl RunRow {
    pub(crate) fn new(i18n: I18n, run: &ReconciliationRunResponse) -> RunRow {
        RunRow {
            id: run.id.to_string(),
            kind: i18n.label("reconciliation_type", run.run_type),
            source: i18n.label("reconciliation_source", run.source),
            status: run.status.as_str().to_owned(),
            status_label: i18n.label("reconciliation_status", run.status),
            range: range(run),
            started_at: stamp(Some(run.started_at)),
            finished_at: stamp(run.finished_at),
            found: run.discrepancies_found,
            pending: run.pending_manual_count,
            triggered_by: run.triggered_by.clone(),
        }
    }
}

/// The run's range as the business dates it covers (`from – to`, both included): the api stores
/// `[range_from, range_to)` as instants at the start of Bogotá days.
fn range(run: &ReconciliationRunResponse) -> String {
    let first = bogota_date(run.range_from);
    let last = bogota_date(run.range_to - chrono::Duration::milliseconds(1));
    if first == last {
        day(Some(first))
    } else {
        format!("{} – {}", day(Some(first)), day(Some(last)))
    }
}

/// One discrepancy in a list or on its page.
pub(crate) struct DiscrepancyRow {
    pub(crate) id: String,
    /// The run whose page holds it (the first that found it).
    pub(crate) run_id: String,
    pub(crate) last_run_id: String,
    pub(crate) class: String,
    pub(crate) class_label: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) vtex_order_id: String,
    pub(crate) order_id: String,
    pub(crate) brand_id: String,
    pub(crate) field: String,
    pub(crate) platform: String,
    pub(crate) vtex: String,
    pub(crate) difference: String,
    pub(crate) ratio: String,
    pub(crate) occurrences: i32,
    pub(crate) attempts: i32,
    pub(crate) first_detected_at: String,
    pub(crate) last_error: String,
    pub(crate) resolution: String,
    pub(crate) resolved_by: String,
    pub(crate) resolved_at: String,
    pub(crate) justification: String,
    pub(crate) escalated_at: String,
    pub(crate) auto_resolvable: bool,
    pub(crate) open: bool,
}

/// The fields whose values are amounts in pesos (shown as COP).
const AMOUNT_FIELDS: [&str; 3] = ["totalValue", "eligibleTotal", "netCommission"];

/// A value of `details`: amounts in the reader's COP notation, statuses by their label, anything
/// else (a coupon, presence) as the api wrote it.
fn value(i18n: I18n, field: &str, raw: Option<&str>) -> String {
    let Some(raw) = raw.filter(|raw| !raw.is_empty()) else {
        return "—".to_owned();
    };
    if AMOUNT_FIELDS.contains(&field) {
        return Money::parse(raw).map_or_else(|_| raw.to_owned(), |m| money(i18n.locale, m));
    }
    raw.to_owned()
}

impl DiscrepancyRow {
    pub(crate) fn new(i18n: I18n, d: &DiscrepancyResponse) -> DiscrepancyRow {
        let field = d.details.field.as_str();
        DiscrepancyRow {
            id: d.id.to_string(),
            run_id: d.first_run_id.to_string(),
            last_run_id: d.last_run_id.to_string(),
            class: d.class.as_str().to_owned(),
            class_label: i18n.label("discrepancy_class", d.class),
            status: d.status.as_str().to_owned(),
            status_label: i18n.label("discrepancy_status", d.status),
            vtex_order_id: d.vtex_order_id.clone(),
            order_id: d.order_id.map(|id| id.to_string()).unwrap_or_default(),
            brand_id: d.brand_id.map(|id| id.to_string()).unwrap_or_default(),
            field: if field.is_empty() {
                String::new()
            } else {
                i18n.label("discrepancy_field", field)
            },
            platform: value(i18n, field, d.details.platform.as_deref()),
            vtex: value(i18n, field, d.details.vtex.as_deref()),
            difference: value(i18n, field, d.details.difference.as_deref()),
            ratio: d
                .details
                .ratio_percent
                .as_deref()
                .map(|r| format!("{r} %"))
                .unwrap_or_default(),
            occurrences: d.occurrences,
            attempts: d.attempts,
            first_detected_at: stamp(Some(d.first_detected_at)),
            last_error: d.last_error.clone().unwrap_or_default(),
            resolution: d
                .resolution
                .map(|r| i18n.label("discrepancy_resolution", r))
                .unwrap_or_default(),
            resolved_by: d.resolved_by.clone().unwrap_or_default(),
            resolved_at: stamp(d.resolved_at),
            justification: d.justification.clone().unwrap_or_default(),
            escalated_at: stamp(d.escalated_at),
            auto_resolvable: d.auto_resolvable,
            open: d.status == afiliados_domain::DiscrepancyStatus::Open,
        }
    }
}

/// The class options of a filter, each with its label.
pub(crate) fn class_options(i18n: I18n) -> Vec<(&'static str, String)> {
    afiliados_domain::DiscrepancyClass::SPELLINGS
        .iter()
        .map(|c| (*c, i18n.label("discrepancy_class", c)))
        .collect()
}

/// The status options of a discrepancy filter.
pub(crate) fn status_options(i18n: I18n) -> Vec<(&'static str, String)> {
    afiliados_domain::DiscrepancyStatus::SPELLINGS
        .iter()
        .map(|s| (*s, i18n.label("discrepancy_status", s)))
        .collect()
}

/// A filter value that is one of `allowed` (anything else is dropped, never sent to the api).
pub(crate) fn one_of(value: Option<&String>, allowed: &[&str]) -> Option<String> {
    value
        .map(|v| v.trim().to_owned())
        .filter(|v| allowed.contains(&v.as_str()))
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Locale;

    use super::*;

    #[test]
    fn amounts_are_written_as_cop_and_other_values_as_given() {
        let es = I18n::new(Locale::Es);
        assert_eq!(value(es, "totalValue", Some("180000.00")), "$ 180.000,00");
        assert_eq!(
            value(I18n::new(Locale::En), "netCommission", Some("-4000.5")),
            "−$4,000.50"
        );
        assert_eq!(value(es, "coupon", Some("CETAPHIL-X")), "CETAPHIL-X");
        assert_eq!(value(es, "totalValue", None), "—");
    }

    #[test]
    fn only_known_filter_values_pass() {
        let allowed = ["A", "B"];
        assert_eq!(one_of(Some(&" A ".to_owned()), &allowed), Some("A".into()));
        assert_eq!(one_of(Some(&"A,B".to_owned()), &allowed), None);
        assert_eq!(one_of(None, &allowed), None);
    }
}
