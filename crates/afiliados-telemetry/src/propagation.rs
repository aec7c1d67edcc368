//! W3C Trace Context propagation for outgoing HTTP calls.

use std::collections::HashMap;

use opentelemetry::trace::TraceContextExt as _;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

/// Adds the current span's `traceparent` (and `tracestate`) to an outgoing request, so that web → api
/// and worker → api calls join the caller's trace. Does nothing outside a traced span.
pub fn inject_trace_headers(builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    let context = tracing::Span::current().context();
    let mut carrier: HashMap<String, String> = HashMap::new();
    opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.inject_context(&context, &mut carrier)
    });
    carrier.into_iter().fold(builder, |builder, (name, value)| {
        builder.header(name, value)
    })
}

/// The current span's trace id as 32 hex characters, when there is a valid one.
pub fn current_trace_id() -> Option<String> {
    let context = tracing::Span::current().context();
    let span = context.span();
    let span_context = span.span_context();
    span_context
        .is_valid()
        .then(|| format!("{:032x}", span_context.trace_id()))
}
