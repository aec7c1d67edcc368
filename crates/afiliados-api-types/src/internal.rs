//! `/internal/v1`: what the worker reads and reports (`api.md` §21).

use afiliados_email_messages::{DecodeError, EmailMessage};
use chrono::{DateTime, Utc};
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
    /// Template name (`user_invitation`, `password_reset`, `two_factor_enabled`, …): with
    /// `payload`, the stored form of an [`EmailMessage`] ([`InternalEmail::message`]).
    pub template: String,
    /// `es` or `en`.
    pub locale: String,
    /// Template data, as stored. Kept raw so that a row that no longer decodes still reaches the
    /// worker, which reports it as a permanent failure instead of retrying a claim.
    pub payload: serde_json::Value,
    /// Attempts made before this one.
    pub attempts: i32,
    /// Attempt cap (the e-mail queue's, `afiliados_jobs::queues::EMAILS_MAX_ATTEMPTS`).
    pub max_attempts: i32,
    /// Current status.
    pub status: String,
}

impl InternalEmail {
    /// The typed message; an unknown template or a payload that does not fit it is a
    /// [`DecodeError`], which no retry can fix.
    pub fn message(&self) -> Result<EmailMessage, DecodeError> {
        EmailMessage::decode(&self.template, &self.payload)
    }
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
    /// After a failure that will be retried: when the worker's backoff plans the next attempt.
    /// The api only records it (`nextAttemptAt`); the worker's schedule is the one clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<DateTime<Utc>>,
}
