//! Job payloads: ids and a few parameters, never rendered content or documents. JSON is
//! camelCase; a field added later gets `#[serde(default)]` so jobs already queued still decode.

use chrono::{DateTime, Utc};
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

/// The daily maintenance tick (`domain.md` §5.18): the worker records the run and calls
/// `POST /internal/v1/maintenance/daily` with the Bogota date of `scheduled_at`.
///
/// Every payload of the shared `afiliados:scheduled` queue has the same `{scheduledAt}` shape, so
/// each one also carries its name in a `job` field (`#[serde(tag = "job")]`), which the worker's
/// queue dispatches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "camelCase")]
pub struct RunDailyMaintenance {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for RunDailyMaintenance {
    const NAME: &'static str = "RunDailyMaintenance";
    const QUEUE: &'static str = queues::SCHEDULED;
    const MAX_ATTEMPTS: usize = queues::SCHEDULED_MAX_ATTEMPTS;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_payloads_carry_their_name() -> serde_json::Result<()> {
        let at = DateTime::parse_from_rfc3339("2026-12-02T05:05:00Z")
            .map(|at| at.with_timezone(&Utc))
            .map_err(serde::de::Error::custom)?;
        let json = serde_json::to_value(RunDailyMaintenance { scheduled_at: at })?;
        assert_eq!(
            json,
            serde_json::json!({ "job": "RunDailyMaintenance", "scheduledAt": "2026-12-02T05:05:00Z" })
        );
        let back: RunDailyMaintenance = serde_json::from_value(json)?;
        assert_eq!(back.scheduled_at, at);
        Ok(())
    }

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
