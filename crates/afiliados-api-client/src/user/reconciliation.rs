//! Reconciliation against VTEX for staff (`api.md` §17, §19): the runs, starting an ad-hoc run,
//! the run's reports, the discrepancies (a run's and across runs, with their CSV export) and the
//! two manual acts, reprocess and accept. AD, GA, FI and AU read; FI and AD act.

use afiliados_api_types::Page;
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::reconciliation::{DiscrepancyResponse, ReconciliationRunResponse};
use afiliados_api_types::reconciliation_requests::{
    AcceptDiscrepancyRequest, ListDiscrepanciesQuery, ListReconciliationsQuery,
    ListRunDiscrepanciesQuery, RunReconciliationRequest,
};
use reqwest::Method;
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Download, Result, Transport};

/// The two renderings of a run's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// `report.json`: `{run, discrepancies}`.
    Json,
    /// `report.csv` (`domain.md` §5.16.3 columns).
    Csv,
}

impl UserApi {
    /// `GET /vtex/reconciliations`, newest start first.
    pub async fn list_reconciliations(
        &self,
        bearer: &str,
        query: &ListReconciliationsQuery,
    ) -> Result<Page<ReconciliationRunResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/vtex/reconciliations", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /vtex/reconciliations/run` (FI, AD): 202 with the run `running`; 409
    /// `reconciliation_in_progress` while a run of the same range is running.
    pub async fn run_reconciliation(
        &self,
        bearer: &str,
        body: &RunReconciliationRequest,
    ) -> Result<ReconciliationRunResponse> {
        Transport::json(self.with(
            Method::POST,
            "/api/v1/vtex/reconciliations/run",
            bearer,
            body,
        ))
        .await
    }

    /// `GET /vtex/reconciliations/{id}`.
    pub async fn get_reconciliation(
        &self,
        bearer: &str,
        id: Uuid,
    ) -> Result<ReconciliationRunResponse> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/vtex/reconciliations/{id}"),
            bearer,
        ))
        .await
    }

    /// `GET /vtex/reconciliations/{id}/report.{json,csv}`: the live report (audited); the CSV's
    /// headers follow `query.locale`.
    pub async fn download_reconciliation_report(
        &self,
        bearer: &str,
        id: Uuid,
        format: ReportFormat,
        query: &ExportLocaleQuery,
    ) -> Result<Download> {
        let extension = match format {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
        };
        let path = format!("/api/v1/vtex/reconciliations/{id}/report.{extension}");
        let builder = self.build(Method::GET, &path, bearer);
        let builder = match format {
            ReportFormat::Json => builder,
            ReportFormat::Csv => builder.query(query),
        };
        Transport::download(builder).await
    }

    /// `GET /vtex/reconciliations/{id}/discrepancies`: those the run found first or last.
    pub async fn list_run_discrepancies(
        &self,
        bearer: &str,
        id: Uuid,
        query: &ListRunDiscrepanciesQuery,
    ) -> Result<Page<DiscrepancyResponse>> {
        Transport::json(
            self.build(
                Method::GET,
                &format!("/api/v1/vtex/reconciliations/{id}/discrepancies"),
                bearer,
            )
            .query(query),
        )
        .await
    }

    /// `GET /vtex/reconciliations/discrepancies` across runs (`open,resolving` by default).
    pub async fn list_discrepancies(
        &self,
        bearer: &str,
        query: &ListDiscrepanciesQuery,
    ) -> Result<Page<DiscrepancyResponse>> {
        Transport::json(
            self.build(
                Method::GET,
                "/api/v1/vtex/reconciliations/discrepancies",
                bearer,
            )
            .query(query),
        )
        .await
    }

    /// `GET /exports/reconciliation-discrepancies.csv` (AD, FI, AU) with the list's filters.
    pub async fn export_discrepancies(
        &self,
        bearer: &str,
        query: &ListDiscrepanciesQuery,
        locale: &ExportLocaleQuery,
    ) -> Result<Download> {
        Transport::download(
            self.build(
                Method::GET,
                "/api/v1/exports/reconciliation-discrepancies.csv",
                bearer,
            )
            .query(query)
            .query(locale),
        )
        .await
    }

    /// `POST /vtex/reconciliations/discrepancies/{id}/reprocess` (FI, AD): 202, `resolving`.
    pub async fn reprocess_discrepancy(
        &self,
        bearer: &str,
        id: Uuid,
    ) -> Result<DiscrepancyResponse> {
        Transport::json(self.build(
            Method::POST,
            &format!("/api/v1/vtex/reconciliations/discrepancies/{id}/reprocess"),
            bearer,
        ))
        .await
    }

    /// `POST /vtex/reconciliations/discrepancies/{id}/accept` (FI, AD) with a justification of
    /// 20–1 000 characters.
    pub async fn accept_discrepancy(
        &self,
        bearer: &str,
        id: Uuid,
        body: &AcceptDiscrepancyRequest,
    ) -> Result<DiscrepancyResponse> {
        Transport::json(self.with(
            Method::POST,
            &format!("/api/v1/vtex/reconciliations/discrepancies/{id}/accept"),
            bearer,
            body,
        ))
        .await
    }
}
