//! Operational routes: liveness, Prometheus metrics, and the 404 of unknown paths.

use actix_web::HttpResponse;
use actix_web::http::header::CONTENT_TYPE;

use crate::error::WebError;

/// `GET /health`: the process is up (it does not call the api, so a slow api never restarts us).
pub(crate) async fn health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Headers a reverse proxy adds; Prometheus, scraping the pod directly, sends none of them.
const PROXY_HEADERS: [&str; 3] = ["x-forwarded-for", "forwarded", "x-real-ip"];

/// `GET /metrics`: Prometheus text format, for scrapers inside the cluster only. A request that
/// came through the Ingress (or any proxy) gets the ordinary 404 page (ADR 0062): the Ingress
/// also routes the exact path elsewhere, and this holds should that rule be lost.
pub(crate) async fn metrics(request: actix_web::HttpRequest) -> Result<HttpResponse, WebError> {
    if PROXY_HEADERS
        .iter()
        .any(|name| request.headers().contains_key(*name))
    {
        return Err(WebError::NotFound);
    }
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"))
        .body(afiliados_telemetry::render_metrics()))
}

/// Any path without a route.
pub(crate) async fn not_found() -> Result<HttpResponse, WebError> {
    Err(WebError::NotFound)
}
