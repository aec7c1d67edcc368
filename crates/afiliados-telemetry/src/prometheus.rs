//! The process-wide Prometheus recorder and its upkeep thread.

use std::sync::OnceLock;
use std::time::Duration;

use actix_web::HttpResponse;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Histogram buckets, in seconds, shared by every histogram (HTTP requests, jobs, backups).
pub const HISTOGRAM_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0,
    1800.0,
];

const UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The global Prometheus handle, installing the recorder on first use.
///
/// The recorder is built with `default-features = false` (no HTTP listener), so this also starts the
/// `metrics-upkeep` thread that calls [`PrometheusHandle::run_upkeep`] every 5 seconds; without it
/// histogram buffers would grow forever. Histograms use [`HISTOGRAM_BUCKETS`], so they render as
/// real Prometheus histograms (`_bucket`, `_sum`, `_count`).
///
/// If another global recorder was installed first, the handle still renders, but empty.
pub fn prometheus_handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let handle = build_and_install();
        let upkeep = handle.clone();
        let spawned = std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(UPKEEP_INTERVAL);
                    upkeep.run_upkeep();
                }
            });
        if let Err(err) = spawned {
            tracing::error!(error = %err, "could not start the metrics upkeep thread");
        }
        handle
    })
}

fn builder() -> PrometheusBuilder {
    match PrometheusBuilder::new().set_buckets(HISTOGRAM_BUCKETS) {
        Ok(builder) => builder,
        // Only an empty bucket list is refused, and ours is a non-empty constant.
        Err(_) => PrometheusBuilder::new(),
    }
}

fn build_and_install() -> PrometheusHandle {
    let recorder = builder().build_recorder();
    let handle = recorder.handle();
    if let Err(err) = metrics::set_global_recorder(recorder) {
        tracing::warn!(error = %err, "a global metrics recorder was already installed; /metrics will be empty");
    }
    handle
}

/// The current metrics in the Prometheus text exposition format.
pub fn render_metrics() -> String {
    prometheus_handle().render()
}

/// An actix handler answering with [`render_metrics`] (`text/plain; version=0.0.4`). Put any access
/// check (the api's `x-metrics-key`) in front of it.
pub async fn metrics_endpoint() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(render_metrics())
}
