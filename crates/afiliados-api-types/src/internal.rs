//! `/internal/v1`: what the worker reads and reports (`api.md` §21).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `GET /internal/v1/emails/{id}` and the claim answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct InternalEmail {
    /// Outbox id.
    pub id: Uuid,
    /// Recipient address.
    pub recipient: String,
    /// Template name (`user_invitation`, `password_reset`, `two_factor_enabled`, …).
    pub template: String,
    /// `es` or `en`.
    pub locale: String,
    /// Template data.
    pub payload: serde_json::Value,
    /// Attempts made before this one.
    pub attempts: i32,
    /// Attempt cap.
    pub max_attempts: i32,
    /// Current status.
    pub status: String,
}

/// `POST /internal/v1/emails/{id}/claim`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimEmailRequest {
    /// Lease length, 30–600 s.
    pub lease_seconds: u32,
}

/// `POST /internal/v1/emails/{id}/delivery`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailDeliveryReport {
    /// The SMTP server accepted it.
    pub delivered: bool,
    /// Message-ID used.
    #[serde(default)]
    pub message_id: Option<String>,
    /// Failure text (no secrets).
    #[serde(default)]
    pub error: Option<String>,
    /// A permanent failure (SMTP 5xx): no more attempts.
    #[serde(default)]
    pub permanent: bool,
}
