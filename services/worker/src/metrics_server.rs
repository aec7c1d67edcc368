//! The small HTTP server next to the workers: `GET /metrics` (Prometheus text) and `GET /health`.

use std::net::{IpAddr, TcpListener};

use actix_web::{App, HttpResponse, HttpServer, dev::Server, web};
use anyhow::Context as _;

async fn health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Binds `host:port` (port 0 picks a free one) and returns the server, not yet running, with the
/// bound port.
pub(crate) fn bind(host: IpAddr, port: u16) -> anyhow::Result<(Server, u16)> {
    let listener = TcpListener::bind((host, port))
        .with_context(|| format!("binding the metrics server to {host}:{port}"))?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(|| {
        App::new()
            .route(
                "/metrics",
                web::get().to(afiliados_telemetry::metrics_endpoint),
            )
            .route("/health", web::get().to(health))
    })
    .workers(1)
    // The worker owns signal handling and stops this server itself.
    .disable_signals()
    .shutdown_timeout(5)
    .listen(listener)?
    .run();
    Ok((server, port))
}
