//! Operational routes: liveness, Prometheus metrics, and the 404 of unknown paths.

use actix_web::HttpResponse;
use actix_web::http::header::CONTENT_TYPE;

use crate::error::WebError;

/// `GET /health`: the process is up (it does not call the api, so a slow api never restarts us).
pub(crate) async fn health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// `GET /metrics`: Prometheus text format.
pub(crate) async fn metrics() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"))
        .body(afiliados_telemetry::render_metrics())
}

/// Any path without a route.
pub(crate) async fn not_found() -> Result<HttpResponse, WebError> {
    Err(WebError::NotFound)
}
