//! `init`, trace propagation and the root span's trace id.

use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::{App, HttpResponse, web};
use afiliados_config::{LogFormat, TelemetryConfig};
use afiliados_telemetry::{current_trace_id, init, inject_trace_headers, tracing_logger};

fn config(otlp_endpoint: Option<&str>) -> TelemetryConfig {
    TelemetryConfig {
        service_name: "marketing-afiliados-test".into(),
        log_format: LogFormat::Json,
        log_level: "info".into(),
        otlp_endpoint: otlp_endpoint.map(str::to_owned),
    }
}

#[test]
fn init_twice_does_not_panic() -> anyhow::Result<()> {
    let first = init(&config(None))?;
    let second = init(&config(Some("http://127.0.0.1:4318")))?;
    assert!(
        !(first.installed() && second.installed()),
        "only one global subscriber"
    );
    drop(second);
    drop(first);
    let mut bad = config(None);
    bad.log_level = "info,=[".into();
    assert!(
        init(&bad).is_err(),
        "an invalid filter is reported, not ignored"
    );
    Ok(())
}

async fn trace_id() -> HttpResponse {
    HttpResponse::Ok().body(current_trace_id().unwrap_or_default())
}

#[actix_web::test]
async fn root_span_joins_incoming_trace_and_outgoing_calls_carry_it() -> anyhow::Result<()> {
    let _guard = init(&config(None))?;
    let app = init_service(
        App::new()
            .wrap(tracing_logger())
            .route("/trace", web::get().to(trace_id)),
    )
    .await;

    let incoming = "4bf92f3577b34da6a3ce929d0e0e4736";
    let request = TestRequest::get()
        .uri("/trace")
        .insert_header(("traceparent", format!("00-{incoming}-00f067aa0ba902b7-01")))
        .to_request();
    let body = read_body(call_service(&app, request).await).await;
    assert_eq!(body, incoming.as_bytes());

    let body =
        read_body(call_service(&app, TestRequest::get().uri("/trace").to_request()).await).await;
    assert_eq!(body.len(), 32, "a new trace is started: {body:?}");

    let span = tracing::info_span!("outgoing");
    let request = span.in_scope(|| {
        inject_trace_headers(reqwest::Client::new().get("http://api.invalid/x")).build()
    })?;
    let traceparent = request
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let expected = span.in_scope(current_trace_id).unwrap_or_default();
    assert!(!expected.is_empty());
    assert!(
        traceparent.starts_with(&format!("00-{expected}-")),
        "{traceparent:?}"
    );
    Ok(())
}
