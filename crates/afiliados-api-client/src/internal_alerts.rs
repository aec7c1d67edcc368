//! [`InternalApi`]'s operational alert calls (`api.md` §21.6): the checks tick, an alert the
//! worker detected itself, and the data retention tick. 422 (malformed body) is permanent for
//! the worker; 5xx and timeouts transient.

use std::time::Duration;

use afiliados_api_types::alerts::{
    AlertResponse, EvaluateAlertsRequest, EvaluateAlertsResponse, RaiseAlertRequest,
    RetentionRunRequest, RetentionRunResponse,
};
use reqwest::Method;

use crate::{InternalApi, Result, Transport};

impl InternalApi {
    /// `POST /internal/v1/alerts/evaluate` → 200 `{raised}`: the queues' state read from Redis;
    /// the api checks the rest itself.
    pub async fn evaluate_alerts(
        &self,
        request: &EvaluateAlertsRequest,
    ) -> Result<EvaluateAlertsResponse> {
        let builder = self.request(Method::POST, "/internal/v1/alerts/evaluate");
        Transport::json(Transport::with_body(builder, request)).await
    }

    /// `POST /internal/v1/alerts` → 201 Alert (`job_failed`, `vtex_auth`, `backup_failure`).
    pub async fn raise_alert(&self, request: &RaiseAlertRequest) -> Result<AlertResponse> {
        let builder = self.request(Method::POST, "/internal/v1/alerts");
        Transport::json(Transport::with_body(builder, request)).await
    }

    /// `POST /internal/v1/retention/run` → 200 with what was purged. `timeout` replaces the
    /// transport's bound: deleting stored objects can take a while.
    pub async fn run_retention(
        &self,
        request: &RetentionRunRequest,
        timeout: Duration,
    ) -> Result<RetentionRunResponse> {
        let builder = self
            .request(Method::POST, "/internal/v1/retention/run")
            .timeout(timeout);
        Transport::json(Transport::with_body(builder, request)).await
    }
}
