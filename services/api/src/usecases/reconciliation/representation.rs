//! Stored runs and discrepancies as the api shows them (`api.md` §1 **ReconciliationRun**,
//! **Discrepancy**). Shared by the internal routes (the worker's `finish`/`fail`) and the public
//! ones.

use afiliados_api_types::reconciliation::{
    ClassCounts, DiscrepancyDetails, DiscrepancyResponse, ReconciliationRunResponse, ReportLinks,
};
use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use afiliados_db::reconciliation_runs::ReconciliationRunRow;
use afiliados_domain::ids::{BrandId, DiscrepancyId, InfluencerId, ReconciliationRunId};
use afiliados_domain::{
    DiscrepancyClass, DiscrepancyResolution, DiscrepancyStatus, Percent, ReconciliationSource,
    ReconciliationStatus, ReconciliationType,
};

use crate::usecases::UseCaseError;

fn vocabulary<T>(parsed: Option<T>, what: &str) -> Result<T, UseCaseError> {
    parsed.ok_or_else(|| UseCaseError::internal(format!("stored {what} unknown")))
}

/// A stored run.
pub fn run(row: &ReconciliationRunRow) -> Result<ReconciliationRunResponse, UseCaseError> {
    Ok(ReconciliationRunResponse {
        id: ReconciliationRunId::from(row.id),
        run_type: vocabulary(ReconciliationType::parse(&row.run_type), "run type")?,
        source: vocabulary(ReconciliationSource::parse(&row.source), "run source")?,
        business_date: row.business_date,
        range_from: row.range_from,
        range_to: row.range_to,
        status: vocabulary(ReconciliationStatus::parse(&row.status), "run status")?,
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
            json: format!("/api/v1/vtex/reconciliations/{}/report.json", row.id),
            csv: format!("/api/v1/vtex/reconciliations/{}/report.csv", row.id),
        },
        error: row.error.clone(),
    })
}

/// A stored discrepancy.
pub fn discrepancy(row: &DiscrepancyRow) -> Result<DiscrepancyResponse, UseCaseError> {
    Ok(DiscrepancyResponse {
        id: DiscrepancyId::from(row.id),
        class: vocabulary(DiscrepancyClass::parse(&row.class), "discrepancy class")?,
        status: vocabulary(DiscrepancyStatus::parse(&row.status), "discrepancy status")?,
        auto_resolvable: row.auto_resolvable,
        vtex_order_id: row.vtex_order_id.clone(),
        order_id: row.order_id,
        brand_id: row.brand_id.map(BrandId::from),
        influencer_id: row.influencer_id.map(InfluencerId::from),
        details: serde_json::from_value::<DiscrepancyDetails>(row.details.clone())
            .unwrap_or_default(),
        first_run_id: ReconciliationRunId::from(row.first_run_id),
        last_run_id: ReconciliationRunId::from(row.last_run_id),
        occurrences: row.occurrences,
        first_detected_at: row.first_detected_at,
        attempts: row.attempts,
        last_error: row.last_error.clone(),
        resolution: row
            .resolution
            .as_deref()
            .map(|raw| vocabulary(DiscrepancyResolution::parse(raw), "resolution"))
            .transpose()?,
        resolved_by: row.resolved_by.clone(),
        resolved_at: row.resolved_at,
        justification: row.justification.clone(),
        escalated_at: row.escalated_at,
    })
}
