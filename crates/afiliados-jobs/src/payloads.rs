//! Job payloads: ids and a few parameters, never rendered content or documents. JSON is
//! camelCase; a field added later gets `#[serde(default)]` so jobs already queued still decode.
//! On a queue each payload travels inside its queue's task enum ([`crate::tasks`]), which adds
//! the `job` tag; in `job_outbox` it is stored bare next to its `job_type`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

use crate::tasks::{CouponsTask, EmailsTask, QueueTask, ScheduledTask, VtexOrdersTask};

/// What every payload declares: its name (`job_outbox.job_type` and the `job` tag on its queue)
/// and its queue's task type, which holds the queue name and the attempt cap.
pub trait Job: Serialize + DeserializeOwned + Clone + Send + Sync + Unpin + 'static {
    /// The `job_outbox.job_type` value and the `job` tag, e.g. `"SendEmail"`.
    const NAME: &'static str;
    /// The task enum of the queue this payload goes to.
    type Queue: QueueTask + From<Self>;
    /// The queue constant from [`crate::queues`] (without namespace).
    const QUEUE: &'static str = <Self::Queue as QueueTask>::QUEUE;
    /// The queue's attempt cap.
    const MAX_ATTEMPTS: usize = <Self::Queue as QueueTask>::MAX_ATTEMPTS;
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
    type Queue = EmailsTask;
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
    type Queue = CouponsTask;
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
    type Queue = CouponsTask;
}

/// The daily maintenance tick (`domain.md` §5.18): the worker records the run and calls
/// `POST /internal/v1/maintenance/daily` with the Bogota date of `scheduled_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunDailyMaintenance {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for RunDailyMaintenance {
    const NAME: &'static str = "RunDailyMaintenance";
    type Queue = ScheduledTask;
}

/// The settlement tick (`domain.md` §5.12, §5.18: days 1 and 16 at 02:00 Bogota): the worker
/// records the run and calls `POST /internal/v1/settlements/run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSettlement {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for RunSettlement {
    const NAME: &'static str = "RunSettlement";
    type Queue = ScheduledTask;
}

/// The tier evaluation tick (`domain.md` §5.11, §5.18: daily at 02:30 Bogota): the worker records
/// the run and calls `POST /internal/v1/tiers/evaluate-due` with the Bogota date of the tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateDueTiers {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for EvaluateDueTiers {
    const NAME: &'static str = "EvaluateDueTiers";
    type Queue = ScheduledTask;
}

/// Which scheduled reconciliation a tick starts (`domain.md` §5.16.1, §5.18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduledReconciliationType {
    /// The previous Bogota day (`RECONCILIATION_CRON`, 03:00).
    Daily,
    /// The closed half-month (`RECONCILIATION_FORTNIGHTLY_CRON`, days 1 and 16 at 03:30).
    Fortnightly,
}

/// The reconciliation tick: the worker records the run and calls
/// `POST /internal/v1/reconciliations` (the api derives the range from the tick and enqueues
/// `ReconcileVtexRange`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartReconciliation {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
    /// `daily` or `fortnightly`.
    #[serde(rename = "type")]
    pub run_type: ScheduledReconciliationType,
}

impl Job for StartReconciliation {
    const NAME: &'static str = "StartReconciliation";
    type Queue = ScheduledTask;
}

/// The escalation tick (`domain.md` §5.16, 09:00 Bogota): the worker records the run and calls
/// `POST /internal/v1/discrepancies/escalate {now}` with the tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EscalateDiscrepancies {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for EscalateDiscrepancies {
    const NAME: &'static str = "EscalateDiscrepancies";
    type Queue = ScheduledTask;
}

/// The operational checks tick (`HEALTH_CHECK_CRON`, every 5 minutes): the worker reads every
/// queue's state from Redis, records the run and calls `POST /internal/v1/alerts/evaluate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateAlerts {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for EvaluateAlerts {
    const NAME: &'static str = "EvaluateAlerts";
    type Queue = ScheduledTask;
}

/// The data retention tick (`DATA_RETENTION_CRON`, 04:00 Bogota): the worker records the run and
/// calls `POST /internal/v1/retention/run {now}` with the tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PurgeData {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for PurgeData {
    const NAME: &'static str = "PurgeData";
    type Queue = ScheduledTask;
}

/// The VTEX feed poll (`VTEX_FEED_POLL_CRON`, every 2 minutes, only with `VTEX_FEED_ENABLED=true`;
/// `vtex.md` §7): the worker reads the feed, hands the events to
/// `POST /internal/v1/feed/events` and commits the handles the api confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PollVtexFeed {
    /// The cron tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for PollVtexFeed {
    const NAME: &'static str = "PollVtexFeed";
    type Queue = ScheduledTask;
}

/// Process one `webhook_delivery_log` row (`api.md` §21.1): claim it, fetch the OMS order unless
/// the delivery carries the full document, normalise, `POST /internal/v1/orders/ingest`, report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngestVtexOrder {
    /// The `webhook_delivery_log` id.
    pub delivery_id: Uuid,
    /// Reprocess a delivery that is already `processed` (staff reprocess).
    #[serde(default)]
    pub force: bool,
}

impl Job for IngestVtexOrder {
    const NAME: &'static str = "IngestVtexOrder";
    type Queue = VtexOrdersTask;
}

/// Where a fetched order version is ingested from when no delivery carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FetchSource {
    /// A staff refetch (`POST /orders/{id}/refetch`).
    Refetch,
    /// Reconciliation (auto-resolution of a discrepancy).
    Reconciliation,
}

/// Fetch one order from the OMS and ingest it (`api.md` §21.1); VTEX 404 →
/// `POST /internal/v1/orders/not-found`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FetchVtexOrder {
    /// The VTEX order id (`1432120512345-01`).
    pub vtex_order_id: String,
    /// Why it is fetched.
    pub source: FetchSource,
    /// The reconciliation run that asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation_run_id: Option<Uuid>,
    /// The discrepancy being re-checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discrepancy_id: Option<Uuid>,
    /// Re-apply a version with the stored `lastChange`.
    #[serde(default)]
    pub force: bool,
}

impl Job for FetchVtexOrder {
    const NAME: &'static str = "FetchVtexOrder";
    type Queue = VtexOrdersTask;
}

/// List every VTEX order of a run's range, submit them in chunks, compare, deep-check and finish
/// (`api.md` §21.1, §21.5; `domain.md` §5.16.2). Enqueued by the api when a run starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileVtexRange {
    /// The `running` run.
    pub run_id: Uuid,
}

impl Job for ReconcileVtexRange {
    const NAME: &'static str = "ReconcileVtexRange";
    type Queue = crate::tasks::ReconciliationTask;
}

/// Take an encrypted, checksummed `pg_dump`, store it, report it and prune the expired snapshots
/// (`api.md` §21.1, operations contract §4). Pushed by the cron replica's backup timer every
/// `BACKUP_INTERVAL_MS` (and at start-up when the last success is older than that).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunBackup {
    /// The timer tick this job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
}

impl Job for RunBackup {
    const NAME: &'static str = "RunBackup";
    type Queue = crate::tasks::BackupsTask;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_camel_case_and_bare() -> serde_json::Result<()> {
        let id = Uuid::nil();
        let json = serde_json::to_value(SendEmail { email_id: id })?;
        assert_eq!(json, serde_json::json!({ "emailId": id }));
        let json = serde_json::to_value(RunDailyMaintenance {
            scheduled_at: DateTime::UNIX_EPOCH,
        })?;
        assert_eq!(
            json,
            serde_json::json!({ "scheduledAt": "1970-01-01T00:00:00Z" })
        );
        Ok(())
    }

    #[test]
    fn unknown_fields_from_newer_producers_are_ignored() -> serde_json::Result<()> {
        let job: SendEmail =
            serde_json::from_value(serde_json::json!({ "emailId": Uuid::nil(), "later": 1 }))?;
        assert_eq!(job.email_id, Uuid::nil());
        // A tag written by the queue's task enum is just another field for the bare payload.
        let job: RunDailyMaintenance = serde_json::from_value(
            serde_json::json!({ "job": "RunDailyMaintenance", "scheduledAt": "1970-01-01T00:00:00Z" }),
        )?;
        assert_eq!(job.scheduled_at, DateTime::UNIX_EPOCH);
        Ok(())
    }
}
