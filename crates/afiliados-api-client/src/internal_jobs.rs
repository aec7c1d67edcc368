//! [`InternalApi`]'s scheduled-work calls (`api.md` §21.6): job-run bookkeeping, the daily
//! maintenance, settlement and the due tier evaluations. 404 (unknown run), 409 (a finished run reported differently) and 422 (malformed
//! body) are permanent for the worker; 5xx and timeouts transient.

use afiliados_api_types::internal_jobs::{
    DailyMaintenanceReport, DailyMaintenanceRequest, FinishJobRun, JobRunStarted, StartJobRun,
};
use afiliados_api_types::settlements::{ScheduledSettlementRequest, SettlementRunResponse};
use afiliados_api_types::tiers::{EvaluateDueTiersRequest, TierEvaluationsResponse};
use std::time::Duration;

use reqwest::Method;
use uuid::Uuid;

use crate::{InternalApi, Result, Transport};

impl InternalApi {
    /// `POST /internal/v1/jobs/runs` → 201 `{runId}`: the run of `(jobName, scheduledAt)`, now
    /// `running` (the same run for every attempt of one tick).
    pub async fn start_job_run(&self, start: &StartJobRun) -> Result<JobRunStarted> {
        let builder = self.request(Method::POST, "/internal/v1/jobs/runs");
        Transport::json(Transport::with_body(builder, start)).await
    }

    /// `PATCH /internal/v1/jobs/runs/{id}` → 204: the attempt's outcome.
    pub async fn finish_job_run(&self, run_id: Uuid, finish: &FinishJobRun) -> Result<()> {
        let path = format!("/internal/v1/jobs/runs/{run_id}");
        Transport::empty(Transport::with_body(
            self.request(Method::PATCH, &path),
            finish,
        ))
        .await
    }

    /// `POST /internal/v1/maintenance/daily` → 200 with what it did for `date`. `timeout`
    /// replaces the transport's bound for this call: the maintenance walks every code.
    pub async fn run_daily_maintenance(
        &self,
        request: &DailyMaintenanceRequest,
        timeout: Duration,
    ) -> Result<DailyMaintenanceReport> {
        let builder = self
            .request(Method::POST, "/internal/v1/maintenance/daily")
            .timeout(timeout);
        Transport::json(Transport::with_body(builder, request)).await
    }

    /// `POST /internal/v1/settlements/run` → 200 SettlementRun (`source = schedule`); 409
    /// `settlement_in_progress` while another run holds the tenant's lock. `timeout` replaces
    /// the transport's bound: a run settles every due commission in one transaction.
    pub async fn run_settlement(
        &self,
        request: &ScheduledSettlementRequest,
        timeout: Duration,
    ) -> Result<SettlementRunResponse> {
        let builder = self
            .request(Method::POST, "/internal/v1/settlements/run")
            .timeout(timeout);
        Transport::json(Transport::with_body(builder, request)).await
    }

    /// `POST /internal/v1/tiers/evaluate-due` → 200 `{evaluations}`: every active campaign due
    /// on the request's date, evaluated at the api's now, its next date moved. `timeout`
    /// replaces the transport's bound: a campaign's evaluation reads its whole window.
    pub async fn evaluate_due_tiers(
        &self,
        request: &EvaluateDueTiersRequest,
        timeout: Duration,
    ) -> Result<TierEvaluationsResponse> {
        let builder = self
            .request(Method::POST, "/internal/v1/tiers/evaluate-due")
            .timeout(timeout);
        Transport::json(Transport::with_body(builder, request)).await
    }
}
