//! The small HTTP server next to the workers: `GET /metrics` (Prometheus text), `GET /health`
//! (liveness: the process serves HTTP) and `GET /ready` (readiness: Redis answers `PING` and the
//! api answers `GET /internal/v1/ping`, ADR 0062).

use std::net::{IpAddr, TcpListener};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, dev::Server, web};
use afiliados_api_client::InternalApi;
use afiliados_api_types::health::{ComponentHealth, ComponentStatus, HealthResponse, HealthStatus};
use afiliados_jobs::JobQueues;
use anyhow::Context as _;

/// Bound on each readiness check: a probe must answer well inside the kubelet's 3 s timeout.
const CHECK_TIMEOUT: Duration = Duration::from_secs(1);

/// What `/ready` checks: the worker can neither take jobs without Redis nor finish one without
/// the api.
#[derive(Clone)]
pub(crate) struct Probes {
    /// A connection of its own (lazy; reconnects), used only for `PING`.
    pub(crate) redis: JobQueues,
    /// `/internal/v1` with the service token (a wrong token answers 401: not ready either).
    pub(crate) api: InternalApi,
}

async fn health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Runs one check, bounded. The route is reachable inside the cluster only, but the answer still
/// holds a status word and never the error's text (which can name hosts and users): the log does.
async fn timed<E: std::fmt::Display>(
    component: &'static str,
    check: impl std::future::Future<Output = Result<(), E>>,
) -> ComponentHealth {
    let started = Instant::now();
    let (status, message) = match tokio::time::timeout(CHECK_TIMEOUT, check).await {
        Ok(Ok(())) => (ComponentStatus::Up, None),
        Ok(Err(error)) => {
            tracing::warn!(component, error = %error, "readiness check failed");
            (ComponentStatus::Down, Some("unavailable"))
        }
        Err(_) => {
            tracing::warn!(component, "readiness check timed out");
            (ComponentStatus::Down, Some("timeout"))
        }
    };
    ComponentHealth {
        status,
        latency_ms: (status == ComponentStatus::Up)
            .then(|| u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)),
        message: message.map(str::to_owned),
    }
}

/// 200 when Redis and the api both answer, else 503 with the failing one under `error`.
async fn ready(probes: web::Data<Probes>) -> HttpResponse {
    let (redis, api) = futures::join!(
        timed("redis", probes.redis.ping()),
        timed("api", probes.api.ping())
    );
    let mut body = HealthResponse {
        status: HealthStatus::Ok,
        info: Default::default(),
        error: Default::default(),
        details: Default::default(),
        service: Some("worker".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
    };
    for (name, health) in [("redis", redis), ("api", api)] {
        body.details.insert(name.into(), health.clone());
        if health.status == ComponentStatus::Up {
            body.info.insert(name.into(), health);
        } else {
            body.error.insert(name.into(), health);
        }
    }
    if body.error.is_empty() {
        HttpResponse::Ok().json(body)
    } else {
        body.status = HealthStatus::Error;
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// Binds `host:port` (port 0 picks a free one) and returns the server, not yet running, with the
/// bound port.
pub(crate) fn bind(host: IpAddr, port: u16, probes: Probes) -> anyhow::Result<(Server, u16)> {
    let listener = TcpListener::bind((host, port))
        .with_context(|| format!("binding the metrics server to {host}:{port}"))?;
    let port = listener.local_addr()?.port();
    let probes = web::Data::new(probes);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(probes.clone())
            .route(
                "/metrics",
                web::get().to(afiliados_telemetry::metrics_endpoint),
            )
            .route("/health", web::get().to(health))
            .route("/ready", web::get().to(ready))
    })
    .workers(1)
    // The worker owns signal handling and stops this server itself.
    .disable_signals()
    .shutdown_timeout(5)
    .listen(listener)?
    .run();
    Ok((server, port))
}
