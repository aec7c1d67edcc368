//! VTEX webhook deliveries (`api.md` §19): the webhook's answers, and the staff's view of the
//! delivery log (`GET /vtex/webhooks/deliveries…`, reprocessing).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use afiliados_domain::{DeliveryKind, DeliveryStatus, DeliveryVerification};

/// What the webhook answers with 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WebhookAckStatus {
    /// A ping.
    Pong,
    /// Stored and enqueued.
    Accepted,
    /// Same idempotency key as a live delivery; nothing enqueued.
    Duplicate,
}

/// `POST /vtex/webhooks/orders` → 200.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WebhookAck {
    /// `pong`, `accepted` or `duplicate`.
    pub status: WebhookAckStatus,
    /// The stored delivery (for a duplicate: the original one); absent for a ping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_id: Option<Uuid>,
}

/// A delivery as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// Id.
    pub id: Uuid,
    /// Arrival.
    pub received_at: DateTime<Utc>,
    /// Kind.
    pub kind: DeliveryKind,
    /// VTEX order id.
    pub vtex_order_id: Option<String>,
    /// Hook `State` (document `status`).
    pub state: Option<String>,
    /// Hook `LastState`.
    pub last_state: Option<String>,
    /// `LastChange`.
    pub last_change: Option<DateTime<Utc>>,
    /// `CurrentChange`.
    pub current_change: Option<DateTime<Utc>>,
    /// `Origin.Account`.
    pub origin_account: Option<String>,
    /// `Origin.Key`.
    pub origin_key: Option<String>,
    /// `OrderId|State|LastChange`.
    pub idempotency_key: Option<String>,
    /// The live delivery this one repeats.
    pub duplicate_of: Option<Uuid>,
    /// How it was authenticated.
    pub verification: DeliveryVerification,
    /// Why authentication failed.
    pub verification_error: Option<String>,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Worker claims.
    pub attempts: i32,
    /// Last claim.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When processed.
    pub processed_at: Option<DateTime<Utc>>,
    /// Last error.
    pub error: Option<String>,
    /// What the webhook answered.
    pub response_code: i32,
    /// SHA-256 of the body.
    pub payload_sha256: String,
    /// Body size in bytes.
    pub payload_size: i32,
    /// Client address.
    pub source_ip: Option<String>,
    /// The order it produced.
    pub order_id: Option<Uuid>,
    /// When the document was purged (retention).
    pub payload_purged_at: Option<DateTime<Utc>>,
    /// Detail only: the body, an order document with the customer's data removed; `null` in
    /// lists, for rejected requests and once purged.
    pub payload: Option<serde_json::Value>,
}

/// `GET /vtex/webhooks/deliveries` filters (comma lists for the enums; `from`/`to` on
/// `receivedAt`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListDeliveriesQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Statuses, comma-separated.
    #[cfg_attr(feature = "openapi", param(value_type = Option<DeliveryStatus>))]
    pub status: Option<String>,
    /// Kinds, comma-separated.
    #[cfg_attr(feature = "openapi", param(value_type = Option<DeliveryKind>))]
    pub kind: Option<String>,
    /// Verifications, comma-separated.
    #[cfg_attr(feature = "openapi", param(value_type = Option<DeliveryVerification>))]
    pub verification: Option<String>,
    /// One VTEX order.
    pub vtex_order_id: Option<String>,
    /// Received at or after.
    pub from: Option<DateTime<Utc>>,
    /// Received before.
    pub to: Option<DateTime<Utc>>,
}

/// `POST /vtex/webhooks/deliveries/reprocess`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReprocessRangeRequest {
    /// Deliveries in this status (default `failed`).
    #[serde(default)]
    pub status: Option<DeliveryStatus>,
    /// Received at or after (required).
    pub from: Option<DateTime<Utc>>,
    /// Received before (required; at most 31 days after `from`).
    pub to: Option<DateTime<Utc>>,
    /// At most this many (1–1 000, default 500).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// 202 of the range reprocess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReprocessRangeResponse {
    /// Deliveries enqueued again.
    pub enqueued: u32,
}
