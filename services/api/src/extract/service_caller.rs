//! `ServiceCaller`: the worker, proven by `INTERNAL_API_TOKEN` compared in constant time. A user
//! JWT is never accepted here.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use afiliados_config::ExposeSecret;

use crate::error::ApiError;
use crate::state::AppState;

/// Proof that the caller holds the service token.
#[derive(Debug, Clone, Copy)]
pub struct ServiceCaller;

impl FromRequest for ServiceCaller {
    type Error = ApiError;
    type Future = Ready<Result<ServiceCaller, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Err(ApiError::Internal(anyhow::anyhow!("state missing"))));
        };
        let presented = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        let expected = state.settings.internal_api_token.expose_secret();
        let ok = !expected.is_empty()
            && afiliados_crypto::constant_time_eq(presented.as_bytes(), expected.as_bytes());
        ready(if ok {
            Ok(ServiceCaller)
        } else {
            Err(ApiError::unauthenticated())
        })
    }
}
