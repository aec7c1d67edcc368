//! Job payloads: ids and a few parameters, never rendered content or documents. JSON is
//! camelCase; a field added later gets `#[serde(default)]` so jobs already queued still decode.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

use crate::queues;

/// What every payload declares: its name in `job_outbox.job_type`, its queue and its cap.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + Unpin + 'static {
    /// The `job_outbox.job_type` value, e.g. `"SendEmail"`.
    const NAME: &'static str;
    /// The queue constant from [`queues`] (without namespace).
    const QUEUE: &'static str;
    /// The attempt cap from [`queues`].
    const MAX_ATTEMPTS: usize;
}

/// Deliver one `email_outbox` row (`POST /internal/v1/emails/{id}/claim` → SMTP → report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendEmail {
    /// The `email_outbox` id; also the local part of the SMTP `Message-ID`.
    pub email_id: Uuid,
}

impl Job for SendEmail {
    const NAME: &'static str = "SendEmail";
    const QUEUE: &'static str = queues::EMAILS;
    const MAX_ATTEMPTS: usize = queues::EMAILS_MAX_ATTEMPTS;
}

/// Bring one discount code's VTEX coupon to its current desired state
/// (`GET /internal/v1/codes/{id}/coupon` → VTEX → `POST /internal/v1/codes/{id}/sync-result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncCoupon {
    /// The `discount_codes` id; the worker reads the desired state when it runs.
    pub code_id: Uuid,
}

impl Job for SyncCoupon {
    const NAME: &'static str = "SyncCoupon";
    const QUEUE: &'static str = queues::COUPONS;
    const MAX_ATTEMPTS: usize = queues::COUPONS_MAX_ATTEMPTS;
}

/// Bring the VTEX promotion of one campaign and discount percent to its desired state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncPromotion {
    /// The campaign.
    pub campaign_id: Uuid,
    /// The discount percent as text with two decimals (`"15.00"`), so it stays exact.
    pub discount_percent: String,
}

impl Job for SyncPromotion {
    const NAME: &'static str = "SyncPromotion";
    const QUEUE: &'static str = queues::COUPONS;
    const MAX_ATTEMPTS: usize = queues::COUPONS_MAX_ATTEMPTS;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_email_is_camel_case() -> serde_json::Result<()> {
        let id = Uuid::nil();
        let json = serde_json::to_value(SendEmail { email_id: id })?;
        assert_eq!(json, serde_json::json!({ "emailId": id }));
        Ok(())
    }

    #[test]
    fn unknown_fields_from_newer_producers_are_ignored() -> serde_json::Result<()> {
        let job: SendEmail =
            serde_json::from_value(serde_json::json!({ "emailId": Uuid::nil(), "later": 1 }))?;
        assert_eq!(job.email_id, Uuid::nil());
        Ok(())
    }
}
