//! Fixed one-minute windows counted in Redis, shared by every api replica (domain.md §5.1.5).
//! Sign-in, refresh, password reset and registration count per client IP; everything else per
//! user (when the bearer token verifies) or per IP; the VTEX webhook counts only failed
//! authentications, per IP, in its handler (ADR 0032). When Redis is unreachable requests pass
//! and a warning is logged: availability over throttling.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError, web};

use crate::error::ApiError;
use crate::request_context::RequestContext;
use crate::state::AppState;

/// Counts requests per key and window.
#[derive(Clone)]
pub struct RateLimiter {
    redis: deadpool_redis::Pool,
    prefix: String,
}

/// The state of one window after counting a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The limit.
    pub limit: u32,
    /// Requests left.
    pub remaining: u32,
    /// Epoch second when the window ends.
    pub reset_at: u64,
    /// Over the limit.
    pub exceeded: bool,
}

impl RateLimiter {
    /// A limiter whose keys start with `prefix` (tests isolate themselves this way).
    pub fn new(redis: deadpool_redis::Pool, prefix: String) -> RateLimiter {
        RateLimiter { redis, prefix }
    }

    /// Counts one request of `key` under `scope`; `None` when Redis could not be asked.
    pub async fn hit(&self, scope: &str, key: &str, limit: u32, now: u64) -> Option<Window> {
        let window = now / 60;
        let redis_key = format!("{}ratelimit:{scope}:{key}:{window}", self.prefix);
        let count: redis::RedisResult<u64> = async {
            let mut conn = self.redis.get().await.map_err(|e| {
                redis::RedisError::from((redis::ErrorKind::Io, "pool", e.to_string()))
            })?;
            let (count,): (u64,) = redis::pipe()
                .atomic()
                .incr(&redis_key, 1)
                .ignore()
                .expire(&redis_key, 61)
                .ignore()
                .get(&redis_key)
                .query_async(&mut conn)
                .await?;
            Ok(count)
        }
        .await;
        match count {
            Ok(count) => Some(Window {
                limit,
                remaining: u32::try_from(u64::from(limit).saturating_sub(count)).unwrap_or(0),
                reset_at: (window + 1) * 60,
                exceeded: count > u64::from(limit),
            }),
            Err(error) => {
                tracing::warn!(rate_limit.scope = scope, error = %error, "rate limiter unavailable; letting the request through");
                None
            }
        }
    }
}

/// Whether requests to the route `pattern` (`/api/v1/users/{id}`, as the router and the OpenAPI
/// document spell it) are counted at all: everything but the worker's `/internal/*`, the health
/// probes and the metrics endpoint (the OpenAPI document declares 429 from this too).
pub fn is_limited(pattern: &str) -> bool {
    !(pattern.starts_with("/internal/")
        || pattern.starts_with("/api/v1/health")
        || pattern == "/api/v1/metrics")
}

/// The VTEX order webhook's route pattern.
pub const WEBHOOK_PATTERN: &str = "/api/v1/vtex/webhooks/orders";

/// Which limit applies to a request, and to whom it is counted; `None` for unlimited routes. The
/// class follows the matched route pattern (finding 3 of issue 9): an encoded spelling of a sign-in
/// route is still that route, counted per client IP whatever bearer token comes along.
fn classify(req: &ServiceRequest, state: &AppState) -> Option<(&'static str, String, u32)> {
    // The route pattern the router will match (`/api/v1/auth/login`, `/api/v1/users/{id}`): the
    // decoded path's, never the raw path's, found once per request and shared with the telemetry
    // middlewares.
    let pattern = afiliados_telemetry::route_pattern(req);
    let pattern = pattern.as_deref().unwrap_or_default();
    let limits = state.settings.rate_limits;
    // The VTEX webhook counts only its failed authentications, in its handler: authenticated
    // VTEX traffic is never refused for its volume (ADR 0032). Decided on the matched pattern,
    // so an encoded spelling of the path is the same route.
    if !is_limited(pattern) || pattern == WEBHOOK_PATTERN {
        return None;
    }
    let ip = req
        .extensions()
        .get::<RequestContext>()
        .and_then(|ctx| ctx.client_ip)
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into());
    let post = req.method() == actix_web::http::Method::POST;
    match pattern {
        // The second sign-in step counts with the first (ADR 0028).
        "/api/v1/auth/login" | "/api/v1/auth/login/2fa" if post => {
            Some(("login", ip, limits.login))
        }
        "/api/v1/auth/refresh" if post => Some(("refresh", ip, limits.refresh)),
        "/api/v1/auth/password/forgot" | "/api/v1/auth/password/reset" if post => {
            Some(("password_reset", ip, limits.password_reset))
        }
        "/api/v1/public/influencers" if post => Some((
            "registration",
            ip,
            state.settings.onboarding.registration_per_min,
        )),
        _ => {
            let user = req
                .headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .and_then(|token| state.jwt.verify(token, state.now().timestamp()).ok())
                .map(|claims| format!("user:{}", claims.sub));
            Some((
                "default",
                user.unwrap_or(format!("ip:{ip}")),
                limits.default,
            ))
        }
    }
}

/// Middleware: counts, refuses over the limit with 429 + `Retry-After`, and adds the
/// `X-RateLimit-*` headers to every limited response.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let Some((scope, key, limit)) = classify(&req, &state) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    // The api's clock, like every other rule (a test that pins the date pins the windows too).
    // A window's key still expires with Redis's TTL (61 s of the wall), so a window never
    // outlives its minute even when the injected clock stands still.
    let now = u64::try_from(state.now().timestamp()).unwrap_or(0);
    let window = state.rate_limiter.hit(scope, &key, limit, now).await;
    if let Some(window) = window.filter(|w| w.exceeded) {
        let mut response = ApiError::RateLimited {
            retry_after: window.reset_at.saturating_sub(now).max(1),
        }
        .error_response();
        add_headers(response.headers_mut(), window);
        return Ok(req.into_response(response).map_into_right_body());
    }
    let mut response = next.call(req).await?;
    if let Some(window) = window {
        add_headers(response.headers_mut(), window);
    }
    Ok(response.map_into_left_body())
}

fn add_headers(headers: &mut actix_web::http::header::HeaderMap, window: Window) {
    for (name, value) in [
        ("x-ratelimit-limit", window.limit.to_string()),
        ("x-ratelimit-remaining", window.remaining.to_string()),
        ("x-ratelimit-reset", window.reset_at.to_string()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
}
