//! `ServiceCaller`: the worker, proven by `INTERNAL_API_TOKEN` compared in constant time. A user
//! JWT is never accepted here. The `/internal/v1` scope's guard ([`crate::service_token::guard`])
//! already refuses every request without the token; handlers keep this extractor as defence in
//! depth, with the same check.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

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
        ready(if crate::service_token::presented(req.headers(), state) {
            Ok(ServiceCaller)
        } else {
            Err(ApiError::unauthenticated())
        })
    }
}
