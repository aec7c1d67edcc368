//! What a webhook body is (`vtex.md` §2.1), in the spec's order: a ping, a hook notification, a
//! full order document, or unknown JSON; and the idempotency key of the first two kinds (§2.3).
//! Pure: no I/O, no secrets.

use afiliados_domain::DeliveryKind;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// The facts a delivery row keeps about its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recognized {
    /// The kind (`unknown` for anything else).
    pub kind: Option<DeliveryKind>,
    /// `OrderId` / `orderId`.
    pub vtex_order_id: Option<String>,
    /// `State` / `status`.
    pub state: Option<String>,
    /// `LastState`.
    pub last_state: Option<String>,
    /// `LastChange` / `lastChange`, verbatim.
    pub last_change_raw: Option<String>,
    /// The same, as an instant when it parses.
    pub last_change: Option<DateTime<Utc>>,
    /// `CurrentChange`.
    pub current_change: Option<DateTime<Utc>>,
    /// `Origin.Account`.
    pub origin_account: Option<String>,
    /// `Origin.Key`.
    pub origin_key: Option<String>,
    /// `Domain`.
    pub domain: Option<String>,
}

impl Recognized {
    /// The kind, `unknown` when nothing matched.
    pub fn kind(&self) -> DeliveryKind {
        self.kind.unwrap_or(DeliveryKind::Unknown)
    }

    /// `OrderId|State|LastChange` (trimmed, verbatim) for hooks and documents; `None` otherwise.
    pub fn idempotency_key(&self) -> Option<String> {
        match self.kind() {
            DeliveryKind::Hook | DeliveryKind::OrderDocument | DeliveryKind::FeedEvent => {
                Some(format!(
                    "{}|{}|{}",
                    self.vtex_order_id.as_deref().unwrap_or_default().trim(),
                    self.state.as_deref().unwrap_or_default().trim(),
                    self.last_change_raw.as_deref().unwrap_or_default().trim()
                ))
            }
            DeliveryKind::Ping | DeliveryKind::Unknown => None,
        }
    }
}

fn text(object: &serde_json::Map<String, Value>, field: &str) -> Option<String> {
    object.get(field).and_then(Value::as_str).map(str::to_owned)
}

fn instant(raw: Option<&str>) -> Option<DateTime<Utc>> {
    raw.and_then(|raw| DateTime::parse_from_rfc3339(raw.trim()).ok())
        .map(|at| at.with_timezone(&Utc))
}

/// Recognises a parsed body.
pub fn recognize(body: &Value) -> Recognized {
    let Some(object) = body.as_object() else {
        return Recognized::default();
    };
    if object.get("hookConfig").and_then(Value::as_str) == Some("ping") {
        return Recognized {
            kind: Some(DeliveryKind::Ping),
            ..Recognized::default()
        };
    }
    if let (Some(order_id), Some(state)) = (text(object, "OrderId"), text(object, "State")) {
        let last_change_raw = text(object, "LastChange");
        let origin = object.get("Origin").and_then(Value::as_object);
        return Recognized {
            kind: Some(DeliveryKind::Hook),
            vtex_order_id: Some(order_id),
            state: Some(state),
            last_state: text(object, "LastState"),
            last_change: instant(last_change_raw.as_deref()),
            last_change_raw,
            current_change: instant(object.get("CurrentChange").and_then(Value::as_str)),
            origin_account: origin.and_then(|o| text(o, "Account")),
            origin_key: origin.and_then(|o| text(o, "Key")),
            domain: text(object, "Domain"),
        };
    }
    if let Some(order_id) = text(object, "orderId")
        && object.get("items").is_some_and(Value::is_array)
    {
        let last_change_raw = text(object, "lastChange");
        return Recognized {
            kind: Some(DeliveryKind::OrderDocument),
            vtex_order_id: Some(order_id),
            state: text(object, "status"),
            last_change: instant(last_change_raw.as_deref()),
            last_change_raw,
            ..Recognized::default()
        };
    }
    Recognized::default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/../../fixtures/vtex/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn the_fixtures_are_recognised_with_their_keys() {
        let hook = recognize(&fixture("hook-payment-approved.json"));
        assert_eq!(hook.kind(), DeliveryKind::Hook);
        assert_eq!(
            hook.idempotency_key().as_deref(),
            Some("1432120512345-01|payment-approved|2026-03-02T14:09:30.4120000Z")
        );
        assert_eq!(
            hook.origin_key.as_deref(),
            Some("vtexappkey-medipiel-KQZTRB")
        );
        assert_eq!(
            hook.last_change,
            Some("2026-03-02T14:09:30.412Z".parse().unwrap())
        );
        assert_eq!(
            recognize(&fixture("hook-ping.json")).kind(),
            DeliveryKind::Ping
        );
        let document = recognize(&fixture("oms-order-with-coupon.json"));
        assert_eq!(document.kind(), DeliveryKind::OrderDocument);
        assert_eq!(
            document.idempotency_key().as_deref(),
            Some("1432120512345-01|invoiced|2026-03-03T16:20:07.3010000+00:00")
        );
    }

    #[test]
    fn anything_else_is_unknown() {
        for body in [
            json!([1, 2]),
            json!("text"),
            json!({"hookConfig": "other"}),
            json!({"OrderId": "1", "State": 3}),
            json!({"orderId": "1", "items": {}}),
        ] {
            let recognized = recognize(&body);
            assert_eq!(recognized.kind(), DeliveryKind::Unknown, "{body}");
            assert_eq!(recognized.idempotency_key(), None);
        }
    }
}
