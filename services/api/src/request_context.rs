//! Who is calling, from where, under which request id: computed once per request by
//! [`middleware`], stored in the request extensions and in a task-local so audit rows and error
//! bodies can read it without threading it through every function.

use std::net::IpAddr;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use ipnet::IpNet;

/// Facts about the current request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// `X-Request-Id` (accepted when ≤ 64 printable ASCII characters, else generated).
    pub request_id: String,
    /// The client address (first untrusted `X-Forwarded-For` hop, else the peer).
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

/// Picks the client address: walking `X-Forwarded-For` from the right, the first hop that is not a
/// trusted proxy; the peer itself when the peer is not trusted.
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    trusted: &[IpNet],
) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = peer?;
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let hops: Vec<IpAddr> = forwarded_for
        .unwrap_or_default()
        .split(',')
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    hops.iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .copied()
        .or(Some(peer))
}

/// Middleware: builds the context, runs the rest of the chain inside it, echoes the request id.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let trusted = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|state| state.settings.trusted_proxies.clone())
        .unwrap_or_default();
    let request_id = accept_request_id(req.headers().get("x-request-id"))
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let header_value = HeaderValue::from_str(&request_id).ok();
    if let Some(value) = &header_value {
        // Downstream layers (the tracing root span) read the same id from the header.
        req.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value.clone());
    }
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let context = RequestContext {
        request_id,
        client_ip: client_ip(
            req.peer_addr().map(|a| a.ip()),
            forwarded.as_deref(),
            &trusted,
        ),
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
    fn forwarded_for_is_only_trusted_from_proxies() {
        let trusted: Vec<IpNet> = vec!["127.0.0.0/8".parse().unwrap()];
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let outsider: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(
            client_ip(Some(proxy), Some("198.51.100.7, 127.0.0.2"), &trusted),
            "198.51.100.7".parse().ok()
        );
        assert_eq!(
            client_ip(Some(outsider), Some("198.51.100.7"), &trusted),
            Some(outsider)
        );
        assert_eq!(client_ip(Some(proxy), None, &trusted), Some(proxy));
    }

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
