//! Operational alerts (`api.md` §1 **Alert**, §14 `GET /notifications/pending`, §21.6;
//! `domain.md` §3.10, §5.17).

use afiliados_domain::ids::{AlertId, UserId};
use afiliados_domain::{AlertSeverity, AlertType};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// **Alert**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AlertResponse {
    /// Id.
    pub id: AlertId,
    /// The condition (§5.17).
    pub alert_type: AlertType,
    /// `warning|critical`.
    pub severity: AlertSeverity,
    /// What happened, in Spanish (the operators' language).
    pub message: String,
    /// Ids, counts and thresholds behind the message.
    pub details: serde_json::Value,
    /// First raised.
    pub raised_at: DateTime<Utc>,
    /// When someone acknowledged it.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Who.
    pub acknowledged_by: Option<UserId>,
}

/// `POST /internal/v1/alerts`: an alert the worker detects itself (`backup_failure`, `vtex_auth`,
/// `job_failed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RaiseAlertRequest {
    /// The condition.
    pub alert_type: AlertType,
    /// `warning|critical`.
    pub severity: AlertSeverity,
    /// What identifies the occurrence (job name, run id…): one open alert per type and key.
    pub dedup_key: String,
    /// What happened.
    pub message: String,
    /// Context.
    #[serde(default)]
    pub details: serde_json::Value,
}

/// One queue as the worker reads it from Redis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueStats {
    /// Queue name without the `afiliados:` prefix.
    pub queue: String,
    /// Jobs waiting.
    pub pending: u64,
    /// Age of the oldest waiting job.
    #[serde(default)]
    pub oldest_pending_seconds: Option<u64>,
    /// Jobs failed and waiting for a retry.
    pub failed: u64,
    /// Jobs in the dead set.
    pub dead: u64,
}

/// `POST /internal/v1/alerts/evaluate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateAlertsRequest {
    /// The queues' state.
    pub queues: Vec<QueueStats>,
}

/// `200` of `POST /internal/v1/alerts/evaluate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateAlertsResponse {
    /// Alerts raised (new or raised again) by this evaluation.
    pub raised: Vec<AlertResponse>,
}

/// `GET /notifications/pending` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct PendingAlertsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Only this condition.
    pub alert_type: Option<AlertType>,
    /// Only this severity.
    pub severity: Option<AlertSeverity>,
    /// Raised at or after.
    pub from: Option<DateTime<Utc>>,
    /// Raised before.
    pub to: Option<DateTime<Utc>>,
}

/// `POST /internal/v1/retention/run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionRunRequest {
    /// The instant the retention windows count back from (the tick's scheduled time).
    pub now: DateTime<Utc>,
}

/// `200` of `POST /internal/v1/retention/run`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionRunResponse {
    /// Order documents of `webhook_delivery_log` purged.
    pub payloads_purged: u64,
    /// Soft-deleted documents whose stored objects were deleted.
    pub documents_purged: u64,
}
