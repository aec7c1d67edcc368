//! The journal of requests received on VTEX routes, for test assertions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Headers never written to the journal.
const SECRET_HEADERS: &[&str] = &[
    "x-vtex-api-apptoken",
    "x-sandbox-admin-token",
    "authorization",
    "cookie",
    "proxy-authorization",
];

/// One request to a VTEX route (faulted ones included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    /// Sequence number, from 1.
    pub id: u64,
    /// When it arrived (RFC 3339, UTC).
    pub time: String,
    /// HTTP method.
    pub method: String,
    /// Path as received.
    pub path: String,
    /// Raw query string, when there was one.
    pub query: Option<String>,
    /// Operation label (`get_order`, `coupon_upsert`, …); `None` for unknown routes.
    pub operation: Option<String>,
    /// Headers (lower-case names) without tokens or other secrets.
    pub headers: BTreeMap<String, String>,
    /// `X-VTEX-API-AppKey`, when sent.
    pub app_key: Option<String>,
    /// `X-Idempotency-Key` (or `Idempotency-Key`), when sent.
    pub idempotency_key: Option<String>,
    /// The body: parsed JSON when it is JSON, else a string; `None` when empty.
    pub body: Option<Value>,
    /// Status answered; `None` while in flight or when the client went away first.
    pub status: Option<u16>,
    /// The fault rule that decided the answer, if any.
    pub fault_id: Option<u64>,
}

impl RequestRecord {
    pub(crate) fn new(
        id: u64,
        method: &str,
        path: &str,
        query: &str,
        operation: Option<&str>,
        headers: &actix_web::http::header::HeaderMap,
        body: &[u8],
    ) -> RequestRecord {
        let mut kept = BTreeMap::new();
        for (name, value) in headers {
            let name = name.as_str().to_ascii_lowercase();
            if SECRET_HEADERS.contains(&name.as_str()) {
                continue;
            }
            if let Ok(value) = value.to_str() {
                kept.insert(name, value.to_owned());
            }
        }
        let idempotency_key = kept
            .get("x-idempotency-key")
            .or_else(|| kept.get("idempotency-key"))
            .cloned();
        let body = if body.is_empty() {
            None
        } else {
            Some(
                serde_json::from_slice(body)
                    .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned())),
            )
        };
        RequestRecord {
            id,
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            method: method.to_owned(),
            path: path.to_owned(),
            query: (!query.is_empty()).then(|| query.to_owned()),
            operation: operation.map(str::to_owned),
            app_key: kept.get("x-vtex-api-appkey").cloned(),
            headers: kept,
            idempotency_key,
            body,
            status: None,
            fault_id: None,
        }
    }
}
