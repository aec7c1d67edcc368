//! Outbound notifications, as VTEX sends them (vtex.md §2, §9.2): hook notifications naming an
//! order's new state, and full order documents pushed the way a middleware would. Bodies are
//! signed with `x-vtex-hmac-sha256` (lower-case hex HMAC-SHA256 of the exact bytes, keyed with
//! `VTEX_SANDBOX_WEBHOOK_SECRET`) and/or carry the configured hook header.

use std::time::Duration;

use actix_web::web::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::config::SandboxConfig;

/// The signature header.
pub const SIGNATURE_HEADER: &str = "x-vtex-hmac-sha256";

/// How an outbound notification authenticates itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum HookAuth {
    /// `x-vtex-hmac-sha256` only.
    #[default]
    Hmac,
    /// The hook header only.
    Header,
    /// Both.
    Both,
    /// Neither.
    None,
    /// A signature of other bytes (to exercise rejection).
    BadSignature,
}

/// The lower-case hex HMAC-SHA256 of `body` keyed with `secret`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    hex::encode(afiliados_crypto::hmac_sha256(secret.as_bytes(), body))
}

/// A hook notification's body (`Domain`, `OrderId`, `State`, `LastState`, `LastChange`,
/// `CurrentChange`, `Origin`), serialised once so the signature covers these exact bytes.
pub(crate) fn hook_body(
    config: &SandboxConfig,
    order_id: &str,
    state: &str,
    last_state: &str,
    last_change: &str,
    current_change: &str,
) -> Bytes {
    let key = config
        .credentials
        .first()
        .map(|c| c.app_key.as_str())
        .unwrap_or_default();
    let body = json!({
        "Domain": "Marketplace",
        "OrderId": order_id,
        "State": state,
        "LastState": last_state,
        "LastChange": last_change,
        "CurrentChange": current_change,
        "Origin": {"Account": config.account, "Key": key},
    });
    Bytes::from(serde_json::to_vec(&body).unwrap_or_default())
}

/// What the target answered to one attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// The target's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why there was no answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Posts `body` to `target` with the chosen authentication.
pub(crate) async fn post(
    http: &reqwest::Client,
    config: &SandboxConfig,
    target: &str,
    body: Bytes,
    auth: HookAuth,
) -> Delivery {
    let mut request = http
        .post(target)
        .timeout(Duration::from_secs(10))
        .header("content-type", "application/json");
    if matches!(auth, HookAuth::Hmac | HookAuth::Both) {
        request = request.header(SIGNATURE_HEADER, sign(&config.webhook_secret, &body));
    }
    if auth == HookAuth::BadSignature {
        let mut other = body.to_vec();
        other.push(b' ');
        request = request.header(SIGNATURE_HEADER, sign(&config.webhook_secret, &other));
    }
    if matches!(auth, HookAuth::Header | HookAuth::Both)
        && let Some(value) = &config.hook_header_value
    {
        request = request.header(config.hook_header_name.as_str(), value.as_str());
    }
    match request.body(body).send().await {
        Ok(response) => Delivery {
            status: Some(response.status().as_u16()),
            error: None,
        },
        Err(error) => Delivery {
            status: None,
            // The transport error without the URL (which may carry a token in a query).
            error: Some(error.without_url().to_string()),
        },
    }
}

/// The target of a call: the one given, else the configured one.
pub(crate) fn target(config: &SandboxConfig, given: Option<&str>) -> Result<String, String> {
    given
        .map(str::to_owned)
        .or_else(|| config.hook_target.clone())
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| "no hook target: set VTEX_SANDBOX_HOOK_TARGET or give target".to_owned())
}

/// The state and `lastChange` of a stored document, for a hook about its current version.
pub(crate) fn current(doc: &Value) -> (String, String) {
    let text = |field: &str| {
        doc.get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    (text("status"), text("lastChange"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_of_vtex_md() {
        let dir = SandboxConfig::default().resolve_fixtures_dir().unwrap();
        let body = std::fs::read(dir.join("hook-payment-approved.json")).unwrap();
        assert_eq!(body.len(), 313);
        assert_eq!(
            sign("dev-vtex-webhook-secret", &body),
            "7e284d555a48d9da43c95950fcbc2747e7b1626ed47d5c2157df1af1a0837718"
        );
    }
}
