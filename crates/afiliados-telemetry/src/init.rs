//! Installing the global `tracing` subscriber and the OpenTelemetry tracer provider.

use afiliados_config::{LogFormat, TelemetryConfig};
use anyhow::Context as _;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer as _};

use crate::json::JsonFormat;
use crate::otlp::TokioSpanExporter;

/// Keeps the tracer provider alive; on drop it flushes pending spans and shuts the exporter down.
#[must_use = "dropping the guard shuts tracing export down"]
#[derive(Debug)]
pub struct TelemetryGuard {
    provider: Option<SdkTracerProvider>,
    installed: bool,
}

impl TelemetryGuard {
    /// Whether this call installed the global subscriber (`false` when one was already installed,
    /// as happens when tests call [`init`] more than once).
    pub fn installed(&self) -> bool {
        self.installed
    }
}

impl Drop for TelemetryGuard {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take() {
            // Errors here mean spans were lost at exit; there is nowhere left to report them.
            let _ = provider.force_flush();
            let _ = provider.shutdown();
        }
    }
}

/// Installs logging and tracing for one service.
///
/// - Logs go to stdout as JSON lines ([`LogFormat::Json`], the default) or human-friendly
///   ([`LogFormat::Pretty`]), filtered by `cfg.log_level` (an `EnvFilter` directive such as
///   `info,afiliados_api=debug`). Every JSON line carries `timestamp`, `level`, `service`, `target`,
///   the fields of every span in scope (`request_id`, `trace_id`, `user.id`, …) and the event's fields.
/// - Spans always get OpenTelemetry ids (so `trace_id` appears in logs and `traceparent` is
///   propagated); they are exported over OTLP/HTTP only when `cfg.otlp_endpoint` is set.
/// - The global propagator is W3C Trace Context.
///
/// Calling it again in the same process does not panic: the first subscriber stays, and the guard
/// reports [`TelemetryGuard::installed`] `false`.
pub fn init(cfg: &TelemetryConfig) -> anyhow::Result<TelemetryGuard> {
    let filter = EnvFilter::try_new(&cfg.log_level)
        .with_context(|| format!("invalid log level directive {:?}", cfg.log_level))?;

    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());

    let resource = Resource::builder()
        .with_service_name(cfg.service_name.clone())
        .build();
    let mut builder = SdkTracerProvider::builder().with_resource(resource);
    if let Some(endpoint) = cfg.otlp_endpoint.as_deref() {
        let exporter =
            TokioSpanExporter::new(endpoint).context("building the OTLP span exporter")?;
        builder = builder.with_batch_exporter(exporter);
    }
    let provider = builder.build();
    let tracer = provider.tracer("afiliados-telemetry");

    let fmt_layer = match cfg.log_format {
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .fmt_fields(tracing_subscriber::fmt::format::JsonFields::new())
            .event_format(JsonFormat::new(&cfg.service_name))
            .with_writer(std::io::stdout)
            .boxed(),
        LogFormat::Pretty => tracing_subscriber::fmt::layer()
            .pretty()
            .with_writer(std::io::stdout)
            .boxed(),
    };
    let otel_layer = tracing_opentelemetry::layer().with_tracer(tracer);

    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(otel_layer)
        .with(fmt_layer)
        .try_init()
        .is_ok();
    if installed {
        opentelemetry::global::set_tracer_provider(provider.clone());
        tracing::info!(
            service = %cfg.service_name,
            otlp_export = cfg.otlp_endpoint.is_some(),
            "telemetry initialised for {}",
            cfg.service_name
        );
    }
    Ok(TelemetryGuard {
        provider: Some(provider),
        installed,
    })
}
