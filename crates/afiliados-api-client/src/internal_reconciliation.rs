//! [`InternalApi`]'s reconciliation calls (`api.md` §21.5, §21.6): start a scheduled run, read a
//! run, submit the listed VTEX orders in chunks, compare, deep-check, finish or fail, and the
//! daily escalation of old discrepancies. 404 (unknown run), 409 (`reconciliation_in_progress`,
//! a finished run) and 422 (malformed body) are permanent for the worker; 5xx and timeouts
//! transient. Every call is idempotent on the api's side (a repeated chunk number replaces the
//! earlier chunk), so the worker may repeat any of them after a transient failure.

use std::time::Duration;

use afiliados_api_types::reconciliation::{
    CompareRequest, CompareResponse, DeepCheckRequest, FailReconciliation, ReconciliationJobView,
    ReconciliationRunResponse, ScheduledReconciliationStarted, StartScheduledReconciliation,
    VtexOrdersChunk,
};
use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{InternalApi, Result, Transport};

/// `POST /internal/v1/discrepancies/escalate` body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EscalateDiscrepancies {
    /// The instant the age of open discrepancies is measured at (the cron tick).
    pub now: DateTime<Utc>,
}

/// `200` of `POST /internal/v1/discrepancies/escalate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepanciesEscalated {
    /// Discrepancies escalated by this call.
    pub escalated: u64,
}

impl InternalApi {
    /// `POST /internal/v1/reconciliations` → 201 `{runId, rangeFrom, rangeTo}`; the api enqueues
    /// the run's `ReconcileVtexRange`. 409 `reconciliation_in_progress` while a run of the same
    /// type is running.
    pub async fn start_reconciliation(
        &self,
        request: &StartScheduledReconciliation,
    ) -> Result<ScheduledReconciliationStarted> {
        let builder = self.request(Method::POST, "/internal/v1/reconciliations");
        Transport::json(Transport::with_body(builder, request)).await
    }

    /// `GET /internal/v1/reconciliations/{id}`: the range, page size and status of a run.
    pub async fn get_reconciliation(&self, run_id: Uuid) -> Result<ReconciliationJobView> {
        let path = format!("/internal/v1/reconciliations/{run_id}");
        Transport::json(self.request(Method::GET, &path)).await
    }

    /// `POST /internal/v1/reconciliations/{id}/vtex-orders` → 204 (≤ 1 000 orders).
    pub async fn submit_vtex_orders(&self, run_id: Uuid, chunk: &VtexOrdersChunk) -> Result<()> {
        let path = format!("/internal/v1/reconciliations/{run_id}/vtex-orders");
        Transport::empty(Transport::with_body(
            self.request(Method::POST, &path),
            chunk,
        ))
        .await
    }

    /// `POST /internal/v1/reconciliations/{id}/compare` → the orders to deep-check. `timeout`
    /// replaces the transport's bound: the comparison reads the whole range on both sides.
    pub async fn compare_reconciliation(
        &self,
        run_id: Uuid,
        request: &CompareRequest,
        timeout: Duration,
    ) -> Result<CompareResponse> {
        let path = format!("/internal/v1/reconciliations/{run_id}/compare");
        let builder = self.request(Method::POST, &path).timeout(timeout);
        Transport::json(Transport::with_body(builder, request)).await
    }

    /// `POST /internal/v1/reconciliations/{id}/deep-check` → 204 (≤ 100 documents).
    pub async fn deep_check_reconciliation(
        &self,
        run_id: Uuid,
        request: &DeepCheckRequest,
    ) -> Result<()> {
        let path = format!("/internal/v1/reconciliations/{run_id}/deep-check");
        Transport::empty(Transport::with_body(
            self.request(Method::POST, &path),
            request,
        ))
        .await
    }

    /// `POST /internal/v1/reconciliations/{id}/finish` → the finished run. `timeout` replaces the
    /// transport's bound: finishing computes class D and stores the reports.
    pub async fn finish_reconciliation(
        &self,
        run_id: Uuid,
        timeout: Duration,
    ) -> Result<ReconciliationRunResponse> {
        let path = format!("/internal/v1/reconciliations/{run_id}/finish");
        let builder = self.request(Method::POST, &path).timeout(timeout);
        Transport::json(Transport::with_body(builder, &serde_json::json!({}))).await
    }

    /// `POST /internal/v1/reconciliations/{id}/fail` → the run, now `failed`.
    pub async fn fail_reconciliation(
        &self,
        run_id: Uuid,
        request: &FailReconciliation,
    ) -> Result<ReconciliationRunResponse> {
        let path = format!("/internal/v1/reconciliations/{run_id}/fail");
        Transport::json(Transport::with_body(
            self.request(Method::POST, &path),
            request,
        ))
        .await
    }

    /// `POST /internal/v1/discrepancies/escalate` → how many open discrepancies were escalated.
    pub async fn escalate_discrepancies(
        &self,
        request: &EscalateDiscrepancies,
    ) -> Result<DiscrepanciesEscalated> {
        let builder = self.request(Method::POST, "/internal/v1/discrepancies/escalate");
        Transport::json(Transport::with_body(builder, request)).await
    }
}
