//! Cross-site request forgery protection: one random secret per session, sent back by every form
//! as the hidden `csrf_token` field and compared in constant time. The check runs as middleware
//! over every non-GET request, so a new form cannot forget it.

use actix_session::SessionExt as _;
use actix_web::HttpMessage as _;
use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use serde::Deserialize;
use subtle::ConstantTimeEq as _;

use crate::error::WebError;
use crate::session::WebSession;

/// A fresh 256-bit secret, URL-safe so it needs no escaping in forms.
pub(crate) fn new_secret() -> String {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// True only when both are present, non-empty and equal; the comparison takes the same time
/// whatever the first differing byte.
pub(crate) fn tokens_match(expected: Option<&str>, provided: Option<&str>) -> bool {
    match (expected, provided) {
        (Some(expected), Some(provided)) if !expected.is_empty() => {
            bool::from(expected.as_bytes().ct_eq(provided.as_bytes()))
        }
        _ => false,
    }
}

#[derive(Deserialize)]
struct CsrfField {
    csrf_token: Option<String>,
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Middleware: reads the urlencoded body of an unsafe request, checks `csrf_token` against the
/// session and puts the body back for the handler. A multipart form is accepted only on an upload
/// route, only after the session check, and read with the caps of [`crate::multipart`] (its first
/// part must be the token); it is left parsed in the request. A mismatch answers the 403 page;
/// nothing of a refused multipart body is read.
pub(crate) async fn csrf_guard(
    mut req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if is_safe(req.method()) {
        return next.call(req).await;
    }
    if crate::multipart::is_multipart(req.headers()) {
        let Some(access) = crate::multipart::upload_route(&req) else {
            tracing::info!(path = %req.path(), "multipart body on a route without uploads; answering 415");
            return Ok(req.error_response(WebError::NotAnUpload));
        };
        let session = WebSession(req.get_session());
        if access == crate::multipart::Access::SignedIn
            && (session.user().is_none() || session.tokens().is_none())
        {
            return Ok(req.error_response(WebError::SignedOut));
        }
        let Some(expected) = session.existing_csrf_secret() else {
            tracing::info!(path = %req.path(), "no csrf secret in the session; answering 403");
            return Ok(req.error_response(WebError::Csrf));
        };
        // Held until the handler is done with the files it read.
        let Ok(_slot) = crate::multipart::UPLOAD_SLOTS.try_acquire() else {
            tracing::warn!(path = %req.path(), "every upload slot is busy; answering 503");
            return Ok(req.error_response(WebError::Busy));
        };
        let payload = req.take_payload();
        let data = match crate::multipart::read(req.headers(), payload, &expected).await {
            Ok(data) => data,
            Err(error) => {
                tracing::info!(path = %req.path(), error = %error, "multipart form refused");
                return Ok(req.error_response(error));
            }
        };
        req.extensions_mut().insert(data);
        return next.call(req).await;
    }
    let body = req.extract::<Bytes>().await?;
    let provided = web::Query::<CsrfField>::from_query(&String::from_utf8_lossy(&body))
        .ok()
        .and_then(|field| field.into_inner().csrf_token);
    let expected = WebSession(req.get_session()).existing_csrf_secret();
    if !tokens_match(expected.as_deref(), provided.as_deref()) {
        tracing::info!(path = %req.path(), "csrf token missing or wrong; answering 403");
        return Ok(req.error_response(WebError::Csrf));
    }
    req.set_payload(Payload::from(body));
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_right_token_only() {
        let secret = new_secret();
        assert_eq!(secret.len(), 43);
        assert!(tokens_match(Some(&secret), Some(&secret)));
        assert!(!tokens_match(Some(&secret), Some("wrong")));
        assert!(!tokens_match(Some(&secret), Some("")));
        assert!(!tokens_match(Some(&secret), None));
        assert!(!tokens_match(None, Some(&secret)));
        assert!(!tokens_match(Some(""), Some("")));
        assert_ne!(new_secret(), secret);
    }
}
