//! `/internal/v1` webhook deliveries and order fetches (`api.md` §21.2): what the worker reads
//! about a delivery, how it claims it, and how it reports the outcome. The ingest call itself is
//! [`crate::orders`].

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use afiliados_domain::{DeliveryKind, DeliveryStatus};

use crate::orders::IngestSource;

/// `GET /internal/v1/webhook-deliveries/{id}` → 200 (410 once the payload was purged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InternalDelivery {
    /// The delivery.
    pub id: Uuid,
    /// Its kind.
    pub kind: DeliveryKind,
    /// The VTEX order it names.
    pub vtex_order_id: Option<String>,
    /// Hook `State` (or the document's `status`).
    pub state: Option<String>,
    /// Hook `LastState`.
    pub last_state: Option<String>,
    /// Hook `LastChange` (or the document's `lastChange`), verbatim.
    pub last_change: Option<String>,
    /// Its status now.
    pub status: DeliveryStatus,
    /// Claims so far.
    pub attempts: i32,
    /// For `order_document` deliveries, the decrypted OMS document the worker normalises
    /// instead of fetching; `None` for hooks (the worker fetches the order).
    pub payload: Option<serde_json::Value>,
}

/// `POST /internal/v1/webhook-deliveries/{id}/claim`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimDeliveryRequest {
    /// Reprocess a delivery that is already `processed`.
    #[serde(default)]
    pub force: bool,
}

/// `200` of the claim: the delivery is `processing`. It carries the delivery itself, as the
/// e-mail claim carries the e-mail, so the worker needs no read before its claim (ADR 0084).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimedDelivery {
    /// This claim's attempt number (1 for the first).
    pub attempt: i32,
    /// The delivery after the claim (status `processing`), the document decrypted.
    pub delivery: InternalDelivery,
}

/// The outcome the worker reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryOutcome {
    /// Ingested.
    Processed,
    /// Not ingested (this attempt).
    Failed,
}

/// `POST /internal/v1/webhook-deliveries/{id}/result` → 204.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryResult {
    /// `processed` or `failed`.
    pub status: DeliveryOutcome,
    /// The platform order it produced, when processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<Uuid>,
    /// Why it failed (never a secret, never personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The failure will not go away by retrying (4xx, bad document, attempt cap).
    #[serde(default)]
    pub permanent: bool,
}

/// `POST /internal/v1/orders/not-found` → 204: VTEX answered 404 for the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderNotFound {
    /// The order VTEX does not know.
    pub vtex_order_id: String,
    /// Why it was fetched.
    pub source: IngestSource,
    /// The delivery that named it (fails permanently).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_id: Option<Uuid>,
    /// The discrepancy being re-checked (returns to `open`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discrepancy_id: Option<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_and_the_claim_are_camel_case() -> serde_json::Result<()> {
        let result = DeliveryResult {
            status: DeliveryOutcome::Failed,
            order_id: None,
            error: Some("VTEX answered 500".into()),
            permanent: false,
        };
        assert_eq!(
            serde_json::to_value(&result)?,
            serde_json::json!({ "status": "failed", "error": "VTEX answered 500", "permanent": false })
        );
        let claim: ClaimDeliveryRequest = serde_json::from_value(serde_json::json!({}))?;
        assert!(!claim.force);
        let kind: DeliveryKind = serde_json::from_value(serde_json::json!("order_document"))?;
        assert_eq!(kind, DeliveryKind::OrderDocument);
        Ok(())
    }
}
