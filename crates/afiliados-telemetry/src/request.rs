//! Request ids, the root span of every request, and the `X-Request-Id` echo.

use std::future::{Ready, ready};
use std::rc::Rc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{Error, FromRequest, HttpMessage as _, HttpRequest, HttpResponse, ResponseError};
use futures::future::LocalBoxFuture;
use opentelemetry::trace::TraceContextExt as _;
use tracing::Span;
use tracing::field::Empty;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder, TracingLogger};
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

/// The request-id header, read from the client and echoed on every response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

const MAX_REQUEST_ID_LEN: usize = 64;

/// The id of the current request, stored in the request extensions.
///
/// It is the incoming `X-Request-Id` when that is 1–64 printable ASCII characters, otherwise a new
/// UUID v4. It can also be taken as an extractor in handlers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromRequest for RequestId {
    type Error = Error;
    type Future = Ready<Result<RequestId, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(RequestId(
            request_id(req).unwrap_or_else(new_request_id),
        )))
    }
}

/// The current request's id, when [`RequestIdHeader`] or [`tracing_logger`] has run.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|id| id.0.clone())
}

fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn acceptable(raw: &str) -> bool {
    !raw.is_empty() && raw.len() <= MAX_REQUEST_ID_LEN && raw.bytes().all(|b| b.is_ascii_graphic())
}

/// Returns the request's id, choosing and storing it on first call.
fn ensure_request_id(req: &ServiceRequest) -> String {
    if let Some(existing) = req.extensions().get::<RequestId>() {
        return existing.0.clone();
    }
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|raw| acceptable(raw))
        .map_or_else(new_request_id, str::to_owned);
    req.extensions_mut().insert(RequestId(id.clone()));
    id
}

/// The root span of every request: `request_id`, `trace_id`, `http.method`, `http.route`,
/// `http.target`, `http.status_code`, `user.id` (recorded by the app once the caller is known,
/// with `tracing::Span::current().record("user.id", …)`), and the OpenTelemetry fields.
///
/// The parent trace comes from an incoming `traceparent` header.
#[derive(Debug)]
pub struct AfiliadosRootSpan;

impl RootSpanBuilder for AfiliadosRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = ensure_request_id(request);
        let method = request.method().as_str().to_owned();
        let route = crate::route_pattern(request)
            .map_or_else(|| "unmatched".to_owned(), |route| route.to_string());
        let span = tracing::info_span!(
            "HTTP request",
            request_id = %request_id,
            trace_id = Empty,
            http.method = %method,
            http.route = %route,
            http.target = %request.path(),
            http.status_code = Empty,
            user.id = Empty,
            otel.name = %format!("{method} {route}"),
            otel.kind = "server",
            otel.status_code = Empty,
            exception.message = Empty,
            exception.details = Empty,
        );
        let parent = opentelemetry::global::get_text_map_propagator(|propagator| {
            propagator.extract(&HeaderExtractor(request.headers()))
        });
        let remote = parent.span().span_context().clone();
        // Fails only when the OpenTelemetry layer is missing or the span is filtered out.
        let _ = span.set_parent(parent);
        let local = span.context().span().span_context().clone();
        let trace = if local.is_valid() {
            Some(local)
        } else {
            remote.is_valid().then_some(remote)
        };
        if let Some(trace) = trace {
            span.record(
                "trace_id",
                tracing::field::display(format_args!("{:032x}", trace.trace_id())),
            );
        }
        span
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

struct HeaderExtractor<'a>(&'a actix_web::http::header::HeaderMap);

impl opentelemetry::propagation::Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(HeaderName::as_str).collect()
    }
}

/// The tracing middleware with our root span. Wrap it together with [`RequestIdHeader`]:
///
/// ```ignore
/// App::new().wrap(afiliados_telemetry::tracing_logger()).wrap(afiliados_telemetry::RequestIdHeader)
/// ```
pub fn tracing_logger() -> TracingLogger<AfiliadosRootSpan> {
    TracingLogger::new()
}

/// Middleware that assigns the [`RequestId`] (if [`tracing_logger`] has not already) and echoes it
/// as `X-Request-Id` on every response, errors included.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestIdHeader;

impl<S, B> Transform<S, ServiceRequest> for RequestIdHeader
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = RequestIdHeaderMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RequestIdHeaderMiddleware {
            service: Rc::new(service),
        }))
    }
}

/// The service built by [`RequestIdHeader`].
#[derive(Debug)]
pub struct RequestIdHeaderMiddleware<S> {
    service: Rc<S>,
}

impl<S, B> Service<ServiceRequest> for RequestIdHeaderMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let id = ensure_request_id(&req);
        let service = Rc::clone(&self.service);
        Box::pin(async move {
            match service.call(req).await {
                Ok(mut response) => {
                    if let Ok(value) = HeaderValue::from_str(&id) {
                        response
                            .headers_mut()
                            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
                    }
                    Ok(response)
                }
                // Rare (handler errors already arrive as responses): the error's own response
                // gets the header when actix renders it.
                Err(error) => Err(WithRequestId { error, id }.into()),
            }
        })
    }
}

/// An error from an inner middleware, rendered with the `X-Request-Id` header added.
struct WithRequestId {
    error: Error,
    id: String,
}

impl std::fmt::Debug for WithRequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.error, f)
    }
}

impl std::fmt::Display for WithRequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.error, f)
    }
}

impl ResponseError for WithRequestId {
    fn status_code(&self) -> actix_web::http::StatusCode {
        self.error.as_response_error().status_code()
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let mut response = self.error.error_response();
        if let Ok(value) = HeaderValue::from_str(&self.id) {
            response
                .headers_mut()
                .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
        }
        response
    }
}
