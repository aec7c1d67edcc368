//! Authentication of `POST /api/v1/vtex/webhooks/orders` (`vtex.md` §2.2): the HMAC signature of
//! the raw body, or the hook header plus, for hooks, the origin. HTTP-side work (headers and
//! secrets), so it lives beside the route and hands the use case only its verdict; the secrets
//! never reach a use case, a log line or the database.

use actix_web::http::header::HeaderMap;
use afiliados_config::ExposeSecret;
use afiliados_domain::DeliveryVerification;
use serde_json::{Map, Value};

use crate::webhook_settings::{WebhookAuthMode, WebhookSettings};

/// The signature header, and its fallback.
pub const SIGNATURE_HEADERS: [&str; 2] = ["x-vtex-hmac-sha256", "x-vtex-signature"];

/// Why a request failed authentication (stored as `verification_error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No usable signature or hook header.
    MissingSignature,
    /// A signature that is not the body's HMAC (or not hex, or of the wrong length).
    BadSignature,
    /// A hook header with another value.
    BadHookHeader,
    /// The hook header matched, `Origin.Account` is not `VTEX_ACCOUNT`.
    OriginAccountMismatch,
    /// The hook header matched, `Origin.Key` is not allowed.
    OriginKeyNotAllowed,
}

impl Refusal {
    /// The stored reason.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::MissingSignature => "missing_signature",
            Refusal::BadSignature => "bad_signature",
            Refusal::BadHookHeader => "bad_hook_header",
            Refusal::OriginAccountMismatch => "origin_account_mismatch",
            Refusal::OriginKeyNotAllowed => "origin_key_not_allowed",
        }
    }
}

/// The verdict on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Authenticated (or development without secrets: `dev_skipped`).
    Verified(DeliveryVerification),
    /// Not authenticated.
    Refused(Refusal),
    /// Outside development with no secret at all: 503 `webhook_auth_not_configured`.
    NotConfigured,
}

/// `Origin` of a hook payload, checked with the hook header; `None` for documents and other
/// bodies, for which the header alone authenticates.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// `Origin.Account`.
    pub account: Option<&'a str>,
    /// `Origin.Key`.
    pub key: Option<&'a str>,
}

/// Authenticates a request by `settings`. `development` allows `dev_skipped` when the method in
/// force has no secret.
pub fn authenticate(
    settings: &WebhookSettings,
    development: bool,
    headers: &HeaderMap,
    body: &[u8],
    origin: Option<Origin<'_>>,
) -> Verdict {
    let hmac_secret = settings
        .secret
        .as_ref()
        .filter(|_| settings.auth != WebhookAuthMode::HookHeader);
    let header_value = settings
        .hook_header_value
        .as_ref()
        .filter(|_| settings.auth != WebhookAuthMode::Hmac);
    if hmac_secret.is_none() && header_value.is_none() {
        return if development {
            Verdict::Verified(DeliveryVerification::DevSkipped)
        } else {
            Verdict::NotConfigured
        };
    }
    let mut refusal = None;
    if let Some(secret) = hmac_secret
        && let Some(signature) = first_signature(headers)
    {
        if signature_matches(secret.expose_secret().as_bytes(), body, signature) {
            return Verdict::Verified(DeliveryVerification::Hmac);
        }
        refusal = Some(Refusal::BadSignature);
    }
    if let Some(expected) = header_value
        && let Some(given) = headers.get(settings.hook_header_name.as_str())
    {
        if !afiliados_crypto::constant_time_eq(
            given.as_bytes(),
            expected.expose_secret().as_bytes(),
        ) {
            return Verdict::Refused(refusal.unwrap_or(Refusal::BadHookHeader));
        }
        // The header is right: an origin problem is the more precise reason.
        return match origin.map(|origin| check_origin(settings, origin)) {
            Some(Err(origin_refusal)) => Verdict::Refused(origin_refusal),
            _ => Verdict::Verified(DeliveryVerification::HookHeader),
        };
    }
    Verdict::Refused(refusal.unwrap_or(Refusal::MissingSignature))
}

/// The first value of `x-vtex-hmac-sha256`, else of `x-vtex-signature`.
fn first_signature(headers: &HeaderMap) -> Option<&[u8]> {
    SIGNATURE_HEADERS
        .iter()
        .find_map(|name| headers.get(*name))
        .map(|value| value.as_bytes())
}

/// Hex-decodes the signature (either case) and compares it with the body's HMAC in constant
/// time; invalid hex or a length mismatch fails.
fn signature_matches(secret: &[u8], body: &[u8], signature: &[u8]) -> bool {
    let Ok(tag) = hex::decode(signature.trim_ascii()) else {
        return false;
    };
    afiliados_crypto::verify_hmac_sha256(secret, body, &tag)
}

fn check_origin(settings: &WebhookSettings, origin: Origin<'_>) -> Result<(), Refusal> {
    let account_matches = match (origin.account, settings.account.as_deref()) {
        (Some(given), Some(expected)) => given.trim().eq_ignore_ascii_case(expected),
        _ => false,
    };
    if !account_matches {
        return Err(Refusal::OriginAccountMismatch);
    }
    let key_allowed = origin
        .key
        .is_some_and(|key| settings.allowed_keys.iter().any(|k| k == key.trim()));
    if !key_allowed {
        return Err(Refusal::OriginKeyNotAllowed);
    }
    Ok(())
}

/// Headers kept with a delivery: a fixed allow-list of harmless ones, plus the *names* (never
/// the values) of the credentials that came along, which is what an investigation needs.
pub fn selected_headers(settings: &WebhookSettings, headers: &HeaderMap) -> Value {
    const KEPT: [&str; 5] = [
        "user-agent",
        "content-type",
        "content-length",
        "x-request-id",
        "traceparent",
    ];
    let mut kept = Map::new();
    for name in KEPT {
        if let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) {
            let value: String = value.chars().take(256).collect();
            kept.insert(name.to_owned(), Value::String(value));
        }
    }
    let credentials: Vec<Value> = SIGNATURE_HEADERS
        .iter()
        .copied()
        .chain([settings.hook_header_name.as_str()])
        .filter(|name| headers.contains_key(*name))
        .map(|name| Value::String(name.to_owned()))
        .collect();
    kept.insert("credentialsPresent".to_owned(), Value::Array(credentials));
    Value::Object(kept)
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};
    use afiliados_config::SecretString;

    use super::*;

    const HOOK: &[u8] = include_bytes!("../../../fixtures/vtex/hook-payment-approved.json");

    fn settings(auth: WebhookAuthMode) -> WebhookSettings {
        WebhookSettings {
            auth,
            secret: Some(SecretString::from("dev-vtex-webhook-secret".to_owned())),
            hook_header_name: "x-afiliados-hook-key".into(),
            hook_header_value: Some(SecretString::from("h".repeat(40))),
            account: Some("medipiel".into()),
            allowed_keys: vec!["vtexappkey-medipiel-KQZTRB".into()],
            failed_auth_per_min: 10,
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    const SIGNATURE: &str = "7e284d555a48d9da43c95950fcbc2747e7b1626ed47d5c2157df1af1a0837718";

    #[test]
    fn the_worked_example_signs_and_one_byte_breaks_it() {
        assert_eq!(HOOK.len(), 313);
        let s = settings(WebhookAuthMode::Either);
        let good = headers(&[("x-vtex-hmac-sha256", SIGNATURE)]);
        assert_eq!(
            authenticate(&s, false, &good, HOOK, None),
            Verdict::Verified(DeliveryVerification::Hmac)
        );
        let upper = headers(&[("x-vtex-signature", &SIGNATURE.to_uppercase())]);
        assert_eq!(
            authenticate(&s, false, &upper, HOOK, None),
            Verdict::Verified(DeliveryVerification::Hmac)
        );
        let mut changed = HOOK.to_vec();
        changed[0] = b' ';
        assert_eq!(
            authenticate(&s, false, &good, &changed, None),
            Verdict::Refused(Refusal::BadSignature)
        );
        for bad in ["zz", &SIGNATURE[..62]] {
            let h = headers(&[("x-vtex-hmac-sha256", bad)]);
            assert_eq!(
                authenticate(&s, false, &h, HOOK, None),
                Verdict::Refused(Refusal::BadSignature)
            );
        }
    }

    #[test]
    fn the_hook_header_needs_the_origin_of_a_hook() {
        let s = settings(WebhookAuthMode::Either);
        let value = "h".repeat(40);
        let h = headers(&[("X-Afiliados-Hook-Key", &value)]);
        let origin = |account, key| {
            Some(Origin {
                account: Some(account),
                key: Some(key),
            })
        };
        assert_eq!(
            authenticate(
                &s,
                false,
                &h,
                b"{}",
                origin("medipiel", "vtexappkey-medipiel-KQZTRB")
            ),
            Verdict::Verified(DeliveryVerification::HookHeader)
        );
        assert_eq!(
            authenticate(
                &s,
                false,
                &h,
                b"{}",
                origin("other", "vtexappkey-medipiel-KQZTRB")
            ),
            Verdict::Refused(Refusal::OriginAccountMismatch)
        );
        assert_eq!(
            authenticate(&s, false, &h, b"{}", origin("medipiel", "vtexappkey-other")),
            Verdict::Refused(Refusal::OriginKeyNotAllowed)
        );
        assert_eq!(
            authenticate(&s, false, &h, b"{}", None),
            Verdict::Verified(DeliveryVerification::HookHeader),
            "documents need the header only"
        );
        let wrong = headers(&[("x-afiliados-hook-key", "nope")]);
        assert_eq!(
            authenticate(&s, false, &wrong, b"{}", None),
            Verdict::Refused(Refusal::BadHookHeader)
        );
        assert_eq!(
            authenticate(&s, false, &HeaderMap::new(), b"{}", None),
            Verdict::Refused(Refusal::MissingSignature)
        );
    }

    #[test]
    fn a_single_method_ignores_the_other() {
        let value = "h".repeat(40);
        let header_only = headers(&[("x-afiliados-hook-key", &value)]);
        assert_eq!(
            authenticate(
                &settings(WebhookAuthMode::Hmac),
                false,
                &header_only,
                HOOK,
                None
            ),
            Verdict::Refused(Refusal::MissingSignature)
        );
        let signature_only = headers(&[("x-vtex-hmac-sha256", SIGNATURE)]);
        assert_eq!(
            authenticate(
                &settings(WebhookAuthMode::HookHeader),
                false,
                &signature_only,
                HOOK,
                None
            ),
            Verdict::Refused(Refusal::MissingSignature)
        );
    }

    #[test]
    fn no_secret_is_dev_skipped_in_development_only() {
        let mut s = settings(WebhookAuthMode::Either);
        s.secret = None;
        s.hook_header_value = None;
        assert_eq!(
            authenticate(&s, true, &HeaderMap::new(), HOOK, None),
            Verdict::Verified(DeliveryVerification::DevSkipped)
        );
        assert_eq!(
            authenticate(&s, false, &HeaderMap::new(), HOOK, None),
            Verdict::NotConfigured
        );
    }

    #[test]
    fn selected_headers_name_credentials_without_values() {
        let s = settings(WebhookAuthMode::Either);
        let h = headers(&[
            ("x-vtex-hmac-sha256", SIGNATURE),
            ("user-agent", "VTEX-Hook"),
            ("authorization", "Bearer secret"),
        ]);
        let kept = selected_headers(&s, &h).to_string();
        assert!(kept.contains("VTEX-Hook"));
        assert!(kept.contains("x-vtex-hmac-sha256"));
        assert!(!kept.contains(SIGNATURE));
        assert!(!kept.contains("Bearer"));
    }
}
