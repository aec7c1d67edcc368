//! The client's Prometheus series (vtex.md §8), through the `metrics` facade.

use std::time::Duration;

/// Attempts, by `operation`, `status_class` (`2xx`, `4xx`, `5xx`, `timeout`, `network`) and
/// `outcome` (`success`, `retry`, `rotate`, `error`).
pub const REQUESTS_TOTAL: &str = "marketing_afiliados_vtex_requests_total";
/// Attempt duration, by `operation`.
pub const REQUEST_DURATION_SECONDS: &str = "marketing_afiliados_vtex_request_duration_seconds";
/// Retries, by `operation` and `reason` (`timeout`, `network`, `rate_limited`, `server_error`).
pub const RETRIES_TOTAL: &str = "marketing_afiliados_vtex_retries_total";
/// Moves to the next credential after a 401/403.
pub const CREDENTIAL_ROTATIONS_TOTAL: &str = "marketing_afiliados_vtex_credential_rotations_total";

pub(crate) fn attempt(
    operation: &'static str,
    status_class: &'static str,
    outcome: &'static str,
    took: Duration,
) {
    metrics::counter!(
        REQUESTS_TOTAL,
        "operation" => operation,
        "status_class" => status_class,
        "outcome" => outcome
    )
    .increment(1);
    metrics::histogram!(REQUEST_DURATION_SECONDS, "operation" => operation)
        .record(took.as_secs_f64());
}

pub(crate) fn retry(operation: &'static str, reason: &'static str) {
    metrics::counter!(RETRIES_TOTAL, "operation" => operation, "reason" => reason).increment(1);
}

pub(crate) fn rotation() {
    metrics::counter!(CREDENTIAL_ROTATIONS_TOTAL).increment(1);
}
