//! The worker's service token (`INTERNAL_API_TOKEN`), compared in constant time. [`guard`] wraps the
//! whole `/internal/v1` scope, so every internal request is refused with 401 before routing,
//! extraction or any handler runs, whether or not a handler remembers to ask; the
//! `ServiceCaller` extractor uses the same check as defence in depth. A user JWT is never accepted.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use afiliados_config::ExposeSecret;

use crate::error::ApiError;
use crate::state::AppState;

/// Whether `headers` carry `Authorization: Bearer <INTERNAL_API_TOKEN>`; an empty configured token
/// matches nothing.
pub fn presented(headers: &HeaderMap, state: &AppState) -> bool {
    let presented = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let expected = state.settings.internal_api_token.expose_secret();
    !expected.is_empty()
        && afiliados_crypto::constant_time_eq(presented.as_bytes(), expected.as_bytes())
}

/// Middleware of the `/internal/v1` scope: 401 `unauthenticated` (the error envelope) unless the
/// request carries the service token.
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let allowed = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| presented(req.headers(), state));
    if !allowed {
        let response = ApiError::unauthenticated().error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
