//! Health, readiness, metrics and the OpenAPI document.

use std::time::{Duration, Instant};

use actix_web::{HttpRequest, HttpResponse, get, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::health::{ComponentHealth, ComponentStatus, HealthResponse, HealthStatus};
use afiliados_config::ExposeSecret;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Documented system routes.
pub fn documented(cfg: &mut ServiceConfig<'_>) {
    cfg.service(get_health).service(get_readiness);
}

const METRICS_PATH: &str = "/api/v1/metrics";
const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// The routes [`undocumented`] registers, as `(method, path)`: the OpenAPI document does not list
/// them, and the support runbooks' check (ADR 0066) must still know them.
pub const UNDOCUMENTED: &[(&str, &str)] = &[("get", METRICS_PATH), ("get", OPENAPI_PATH)];

/// Metrics and OpenAPI (not part of the document).
pub fn undocumented(cfg: &mut web::ServiceConfig) {
    cfg.route(METRICS_PATH, web::get().to(get_metrics))
        .route(OPENAPI_PATH, web::get().to(get_openapi));
}

/// Liveness: 200 while the process serves HTTP; checks nothing.
#[utoipa::path(tag = "system", responses((status = 200, body = HealthResponse)))]
#[get("/health")]
async fn get_health() -> web::Json<HealthResponse> {
    web::Json(HealthResponse {
        status: HealthStatus::Ok,
        info: Default::default(),
        error: Default::default(),
        details: Default::default(),
        service: Some("api".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
    })
}

/// Runs one readiness check. The endpoint is public, so a failure answers only a status word
/// (`unavailable` or `timeout`); the driver's text, which can name hosts, users and addresses,
/// goes to the log.
async fn timed<F: std::future::Future<Output = Result<(), String>>>(
    component: &'static str,
    check: F,
) -> ComponentHealth {
    let started = Instant::now();
    match tokio::time::timeout(Duration::from_secs(1), check).await {
        Ok(Ok(())) => ComponentHealth {
            status: ComponentStatus::Up,
            latency_ms: Some(u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)),
            message: None,
        },
        Ok(Err(error)) => {
            tracing::warn!(component, error = %error, "readiness check failed");
            ComponentHealth {
                status: ComponentStatus::Down,
                latency_ms: None,
                message: Some("unavailable".into()),
            }
        }
        Err(_) => {
            tracing::warn!(component, "readiness check timed out");
            ComponentHealth {
                status: ComponentStatus::Down,
                latency_ms: None,
                message: Some("timeout".into()),
            }
        }
    }
}

/// Readiness: PostgreSQL (`SELECT 1`) and Redis (`PING`), concurrently, 1 s each.
#[utoipa::path(tag = "system", responses((status = 200, body = HealthResponse), (status = 503, body = HealthResponse)))]
#[get("/health/ready")]
async fn get_readiness(state: web::Data<AppState>) -> HttpResponse {
    let database = timed("database", async {
        let mut conn = state.db.get().await.map_err(|e| e.to_string())?;
        diesel_async::RunQueryDsl::execute(diesel::sql_query("SELECT 1"), &mut conn)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let redis = timed("redis", async {
        let mut conn = state.redis.get().await.map_err(|e| e.to_string())?;
        redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let (database, redis) = futures::join!(database, redis);
    let mut body = HealthResponse {
        status: HealthStatus::Ok,
        info: Default::default(),
        error: Default::default(),
        details: Default::default(),
        service: Some("api".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
    };
    for (name, health) in [("database", database), ("redis", redis)] {
        body.details.insert(name.into(), health.clone());
        if health.status == ComponentStatus::Up {
            body.info.insert(name.into(), health);
        } else {
            body.error.insert(name.into(), health);
        }
    }
    // Only the database decides (ADR 0062): without Redis the api still takes webhooks and writes
    // (jobs wait in the job outbox), so a Redis outage answers 200 with redis `down` under `error`
    // instead of taking every pod out of service.
    if body.error.contains_key("database") {
        body.status = HealthStatus::Error;
        HttpResponse::ServiceUnavailable().json(body)
    } else {
        HttpResponse::Ok().json(body)
    }
}

/// Prometheus text, behind `x-metrics-key` (constant-time comparison).
async fn get_metrics(state: web::Data<AppState>, req: HttpRequest) -> ApiResult<HttpResponse> {
    let expected = state.settings.metrics_api_key.expose_secret();
    let presented = req
        .headers()
        .get("x-metrics-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !expected.is_empty()
        && !afiliados_crypto::constant_time_eq(presented.as_bytes(), expected.as_bytes())
    {
        return Err(ApiError::Unauthenticated(
            ApiErrorCode::MetricsKeyInvalid,
            Vec::new(),
        ));
    }
    crate::metrics::refresh_gauges(&state).await;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(afiliados_telemetry::render_metrics()))
}

async fn get_openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(crate::openapi::json())
}
