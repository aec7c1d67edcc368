//! An OTLP/HTTP span exporter whose requests run on a small dedicated tokio runtime.
//!
//! The SDK's batch processor exports from its own thread with `futures_executor::block_on`, while
//! the async reqwest client needs a tokio reactor. Running each export on our own runtime keeps the
//! export independent of the application's runtime (actix's current-thread runtimes included) and
//! lets shutdown at exit finish without deadlocking.

use std::sync::Arc;
use std::time::Duration;

use opentelemetry_otlp::WithExportConfig as _;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

#[derive(Debug)]
pub(crate) struct TokioSpanExporter {
    inner: Arc<opentelemetry_otlp::SpanExporter>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl TokioSpanExporter {
    pub(crate) fn new(endpoint: &str) -> anyhow::Result<TokioSpanExporter> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("otlp-export")
            .enable_all()
            .build()?;
        // `with_endpoint` takes the full traces URL; accept the collector's base URL too.
        let endpoint = endpoint.trim_end_matches('/');
        let url = if endpoint.ends_with("/v1/traces") {
            endpoint.to_owned()
        } else {
            format!("{endpoint}/v1/traces")
        };
        let inner = {
            // The reqwest client is built here; entering the runtime keeps any tokio-aware setup happy.
            let _entered = runtime.enter();
            opentelemetry_otlp::SpanExporter::builder()
                .with_http()
                .with_endpoint(url)
                .with_timeout(Duration::from_secs(10))
                .build()?
        };
        Ok(TokioSpanExporter {
            inner: Arc::new(inner),
            runtime: Some(runtime),
        })
    }
}

impl SpanExporter for TokioSpanExporter {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let Some(runtime) = self.runtime.as_ref() else {
            return Err(OTelSdkError::AlreadyShutdown);
        };
        let inner = Arc::clone(&self.inner);
        let task = runtime.spawn(async move { inner.export(batch).await });
        match task.await {
            Ok(result) => result,
            Err(err) => Err(OTelSdkError::InternalFailure(format!(
                "OTLP export task failed: {err}"
            ))),
        }
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn set_resource(&mut self, resource: &Resource) {
        // The provider sets the resource once, before any export, while the Arc is still unique.
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.set_resource(resource);
        }
    }
}

impl Drop for TokioSpanExporter {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Never blocks, so dropping is safe even from inside another runtime.
            runtime.shutdown_background();
        }
    }
}
