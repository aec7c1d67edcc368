//! The public shapes of runs and discrepancies (`api.md` §1 **ReconciliationRun**,
//! **Discrepancy**), and who may read or act (`domain.md` §2.2: AD, GA, FI, AU read; FI, AD act;
//! admin_marca and influencers never reach reconciliation).

use afiliados_api_types::reconciliation::{
    ClassCounts, DiscrepancyDetails, DiscrepancyResponse, ReconciliationRunResponse, ReportLinks,
};
use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use afiliados_db::reconciliation_runs::ReconciliationRunRow;
use afiliados_domain::{
    DiscrepancyClass, DiscrepancyResolution, DiscrepancyStatus, Percent, ReconciliationSource,
    ReconciliationStatus, ReconciliationType, Role,
};

use crate::usecases::UseCaseError;
use crate::usecases::list_query::stored;

/// Who reads runs, discrepancies and reports.
pub const READERS: [Role; 4] = [
    Role::AdminDentsu,
    Role::GestorAfiliados,
    Role::Finance,
    Role::Auditor,
];

/// Who runs, records, reprocesses and accepts.
pub const ACTORS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// The run as the api shows it.
pub fn run(row: &ReconciliationRunRow) -> Result<ReconciliationRunResponse, UseCaseError> {
    let base = format!("/api/v1/vtex/reconciliations/{}", row.id);
    Ok(ReconciliationRunResponse {
        id: row.id.into(),
        run_type: stored(&row.run_type, ReconciliationType::parse)?,
        source: stored(&row.source, ReconciliationSource::parse)?,
        business_date: row.business_date,
        range_from: row.range_from,
        range_to: row.range_to,
        status: stored(&row.status, ReconciliationStatus::parse)?,
        triggered_by: row.triggered_by.clone(),
        started_at: row.started_at,
        finished_at: row.finished_at,
        tolerance_percent: Percent::from_decimal(row.tolerance_percent)
            .map_err(|_| UseCaseError::internal("stored tolerance out of range"))?,
        vtex_orders_count: row.vtex_orders_count,
        platform_orders_count: row.platform_orders_count,
        pages_fetched: row.pages_fetched,
        counts: ClassCounts {
            a: row.class_a_count,
            b: row.class_b_count,
            c: row.class_c_count,
            d: row.class_d_count,
            e: row.class_e_count,
        },
        discrepancies_found: row.discrepancies_found,
        auto_resolved_count: row.auto_resolved_count,
        pending_manual_count: row.pending_manual_count,
        auto_reconciled_ratio: row.auto_reconciled_ratio,
        alerts: row.alerts.clone(),
        summary: row.summary.clone(),
        report_url: row.report_url.clone(),
        reports: ReportLinks {
            json: format!("{base}/report.json"),
            csv: format!("{base}/report.csv"),
        },
        error: row.error.clone(),
    })
}

/// The discrepancy as the api shows it.
pub fn discrepancy(row: &DiscrepancyRow) -> Result<DiscrepancyResponse, UseCaseError> {
    Ok(DiscrepancyResponse {
        id: row.id.into(),
        class: stored(row.class.trim(), DiscrepancyClass::parse)?,
        status: stored(&row.status, DiscrepancyStatus::parse)?,
        auto_resolvable: row.auto_resolvable,
        vtex_order_id: row.vtex_order_id.clone(),
        order_id: row.order_id,
        brand_id: row.brand_id.map(Into::into),
        influencer_id: row.influencer_id.map(Into::into),
        details: details(row),
        first_run_id: row.first_run_id.into(),
        last_run_id: row.last_run_id.into(),
        occurrences: row.occurrences,
        first_detected_at: row.first_detected_at,
        attempts: row.attempts,
        last_error: row.last_error.clone(),
        resolution: row
            .resolution
            .as_deref()
            .map(|r| stored(r, DiscrepancyResolution::parse))
            .transpose()?,
        resolved_by: row.resolved_by.clone(),
        resolved_at: row.resolved_at,
        justification: row.justification.clone(),
        escalated_at: row.escalated_at,
    })
}

/// The stored `details` (a row written before its shape settled reads as empty, never a 500).
pub fn details(row: &DiscrepancyRow) -> DiscrepancyDetails {
    serde_json::from_value(row.details.clone()).unwrap_or_default()
}

/// Each row's public shape.
pub fn discrepancies(rows: &[DiscrepancyRow]) -> Result<Vec<DiscrepancyResponse>, UseCaseError> {
    rows.iter().map(discrepancy).collect()
}
