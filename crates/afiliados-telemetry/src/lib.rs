//! Logs, traces and metrics shared by the three services.
//!
//! - [`init`] installs the `tracing` subscriber (JSON lines on stdout, or pretty output), and the
//!   OpenTelemetry layer that exports spans over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
//!   Keep the returned [`TelemetryGuard`] alive until the process exits.
//! - [`prometheus_handle`] / [`render_metrics`] own the global Prometheus recorder and its upkeep.
//! - [`HttpMetrics`] records `<prefix>_request_duration_seconds{method,route,status_code}`.
//! - [`tracing_logger`], [`RequestIdHeader`] and [`request_id`] give every request a root span with
//!   `request_id`, `trace_id`, `http.route` and `user.id`, and echo `X-Request-Id`.
//! - [`route_pattern`] finds the route a request matches, once per request.
//! - [`client_address`] finds the client's address behind trusted reverse proxies.
//! - [`inject_trace_headers`] adds `traceparent` to outgoing reqwest calls so services join one trace.

pub mod client_address;
mod http_metrics;
mod init;
mod json;
mod otlp;
mod prometheus;
mod propagation;
mod request;
mod route;

pub use http_metrics::{HttpMetrics, HttpMetricsMiddleware};
pub use init::{TelemetryGuard, init};
pub use prometheus::{HISTOGRAM_BUCKETS, metrics_endpoint, prometheus_handle, render_metrics};
pub use propagation::{current_trace_id, inject_trace_headers};
pub use request::{
    AfiliadosRootSpan, REQUEST_ID_HEADER, RequestId, RequestIdHeader, RequestIdHeaderMiddleware,
    request_id, tracing_logger,
};
pub use route::route_pattern;
