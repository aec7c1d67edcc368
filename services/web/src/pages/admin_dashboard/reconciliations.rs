//! The 10 latest reconciliation runs (`recentReconciliations`): type, status, times,
//! discrepancies, those waiting for a person and the auto-reconciled ratio as a percentage. The
//! web has no run page yet, so rows are plain text.

use afiliados_api_types::admin_dashboard::RecentReconciliation;

use crate::format::stamp;
use crate::i18n::I18n;
use crate::percent::ratio_as_percent;

/// One run.
pub(crate) struct RunRow {
    pub(crate) run_type: String,
    pub(crate) status: &'static str,
    pub(crate) status_label: String,
    pub(crate) started_at: String,
    pub(crate) finished_at: String,
    pub(crate) discrepancies: i32,
    pub(crate) pending_manual: i32,
    /// `99,50 %`, or "—" until the run finishes.
    pub(crate) ratio: String,
}

impl RunRow {
    pub(crate) fn new(i18n: I18n, run: &RecentReconciliation) -> RunRow {
        RunRow {
            run_type: i18n.label("admin_dashboard.run_type", run.run_type),
            status: run.status.as_str(),
            status_label: i18n.label("admin_dashboard.run_status", run.status),
            started_at: stamp(Some(run.started_at)),
            finished_at: stamp(run.finished_at),
            discrepancies: run.discrepancies_found,
            pending_manual: run.pending_manual_count,
            ratio: run
                .auto_reconciled_ratio
                .map_or_else(|| "—".to_owned(), |r| ratio_as_percent(i18n.locale, r)),
        }
    }
}
