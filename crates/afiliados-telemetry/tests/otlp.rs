//! With an OTLP endpoint, spans are exported and the guard shuts down promptly even when the collector
//! is unreachable and the caller runs on actix's current-thread runtime.

use std::time::{Duration, Instant};

use afiliados_config::{LogFormat, TelemetryConfig};

#[actix_web::test]
async fn guard_drop_is_prompt_with_an_unreachable_collector() -> anyhow::Result<()> {
    let cfg = TelemetryConfig {
        service_name: "marketing-afiliados-test".into(),
        log_format: LogFormat::Pretty,
        log_level: "info".into(),
        otlp_endpoint: Some("http://127.0.0.1:9/".into()),
    };
    let guard = afiliados_telemetry::init(&cfg)?;
    assert!(guard.installed());
    tracing::info_span!("exported")
        .in_scope(|| tracing::info!("inside a span that will be exported"));
    assert!(
        afiliados_telemetry::current_trace_id().is_none(),
        "no span is current here"
    );
    let started = Instant::now();
    drop(guard);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "shutdown took {:?}",
        started.elapsed()
    );
    Ok(())
}
