//! Who is calling, from where, under which request id: computed once per request by
//! [`middleware`], stored in the request extensions and in a task-local so audit rows and error
//! bodies can read it without threading it through every function.

use std::net::IpAddr;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use afiliados_config::ExposeSecret as _;
use ipnet::IpNet;

/// Facts about the current request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// `X-Request-Id` (accepted when ≤ 64 printable ASCII characters, else generated).
    pub request_id: String,
    /// The client address (see [`client_ip`]).
    pub client_ip: Option<IpAddr>,
    /// The `User-Agent` header, truncated to 512 characters.
    pub user_agent: Option<String>,
}

tokio::task_local! {
    static CURRENT: RequestContext;
}

/// The context of the request being served, if any.
pub fn current() -> Option<RequestContext> {
    CURRENT.try_with(Clone::clone).ok()
}

fn accept_request_id(value: Option<&HeaderValue>) -> Option<String> {
    let value = value?.to_str().ok()?;
    (!value.is_empty() && value.len() <= 64 && value.bytes().all(|b| (0x21..0x7f).contains(&b)))
        .then(|| value.to_owned())
}

/// The header the web states the browser's address in, believed only with [`FORWARDING_KEY`].
pub const CLIENT_IP_HEADER: &str = "x-afiliados-client-ip";
/// The header carrying the secret shared with the web (`WEB_FORWARDING_KEY`).
pub const FORWARDING_KEY: &str = "x-afiliados-forwarding-key";

/// The browser's address as the web states it, when the request proves it comes from the web
/// (the shared key, compared in constant time) and the address parses.
fn stated_by_the_web(req: &ServiceRequest, expected_key: &str) -> Option<IpAddr> {
    let presented = req.headers().get(FORWARDING_KEY)?.as_bytes();
    if expected_key.is_empty()
        || !afiliados_crypto::constant_time_eq(presented, expected_key.as_bytes())
    {
        return None;
    }
    req.headers()
        .get(CLIENT_IP_HEADER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The client address (ADR 0015): the browser's address when the web states it with the shared
/// key; otherwise the right-most untrusted hop of every `X-Forwarded-For` line when the peer is a
/// trusted proxy (the ingress); otherwise the peer.
fn client_ip(req: &ServiceRequest, trusted: &[IpNet], web_key: &str) -> Option<IpAddr> {
    stated_by_the_web(req, web_key).or_else(|| {
        afiliados_telemetry::client_address::client_ip(
            req.peer_addr().map(|a| a.ip()),
            req.headers(),
            trusted,
        )
    })
}

/// Middleware: builds the context, runs the rest of the chain inside it, echoes the request id.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .cloned();
    let (trusted, web_key) = state
        .as_ref()
        .map(|state| {
            (
                state.settings.trusted_proxies.as_slice(),
                state.settings.web_forwarding_key.expose_secret(),
            )
        })
        .unwrap_or_default();
    let client_ip = client_ip(&req, trusted, web_key);
    let request_id = accept_request_id(req.headers().get("x-request-id"))
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let header_value = HeaderValue::from_str(&request_id).ok();
    if let Some(value) = &header_value {
        // Downstream layers (the tracing root span) read the same id from the header.
        req.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value.clone());
    }
    let context = RequestContext {
        request_id,
        client_ip,
        user_agent: req
            .headers()
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(512).collect()),
    };
    req.extensions_mut().insert(context.clone());
    let mut response = CURRENT.scope(context, next.call(req)).await?;
    if let Some(value) = header_value {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_validated() {
        assert_eq!(
            accept_request_id(Some(&HeaderValue::from_static("abc-123"))),
            Some("abc-123".into())
        );
        let long = "x".repeat(65);
        assert_eq!(
            accept_request_id(Some(&HeaderValue::from_str(&long).unwrap())),
            None
        );
        assert_eq!(
            accept_request_id(Some(&HeaderValue::from_static("a b"))),
            None
        );
    }
}
