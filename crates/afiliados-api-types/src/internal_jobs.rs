//! `/internal/v1` scheduled work (`api.md` §21.6): job-run bookkeeping every schedule uses, and the
//! daily maintenance.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /internal/v1/jobs/runs`: an attempt of a scheduled job starts.
///
/// One run exists per `(jobName, scheduledAt)`: a retried attempt of the same tick reuses it, and
/// a repeated call with the same body changes nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartJobRun {
    /// Schedule name, lower snake case (`daily_maintenance`).
    pub job_name: String,
    /// The cron tick the job was enqueued for.
    pub scheduled_at: DateTime<Utc>,
    /// When this attempt started.
    pub started_at: DateTime<Utc>,
    /// The six-field cron expression the worker runs (stored in `scheduled_jobs.schedule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// The schedule's next tick after `scheduledAt` (stored in `scheduled_jobs.next_run_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_run_at: Option<DateTime<Utc>>,
}

/// `201` of `POST /internal/v1/jobs/runs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRunStarted {
    /// The run to finish with `PATCH /internal/v1/jobs/runs/{id}`.
    pub run_id: Uuid,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobRunStatus {
    /// Done.
    Succeeded,
    /// The attempt failed (a later attempt of the same tick may still start the run again).
    Failed,
}

/// `PATCH /internal/v1/jobs/runs/{id}` → 204.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinishJobRun {
    /// `succeeded|failed`.
    pub status: JobRunStatus,
    /// When the attempt ended.
    pub finished_at: DateTime<Utc>,
    /// How long it took (≥ 0).
    pub duration_ms: i64,
    /// Failure text (no secrets; at most 1 000 characters are kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What the run did, e.g. the maintenance counts (a JSON object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

/// `POST /internal/v1/maintenance/daily`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyMaintenanceRequest {
    /// The Bogota business date the maintenance runs for ("today").
    pub date: NaiveDate,
}

/// `200` of `POST /internal/v1/maintenance/daily`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyMaintenanceReport {
    /// Codes whose status was derived again (every code of the tenant).
    pub codes_recomputed: u64,
    /// `SyncCoupon` jobs queued (codes whose status changed, and every code of an ended campaign).
    pub coupon_syncs_enqueued: u64,
    /// Campaigns moved to `ended` because their `endDate` is before `date`.
    pub campaigns_ended: u64,
    /// ARCO requests that raised their `arco.due_soon` reminder.
    pub arco_reminders: u64,
    /// Expired password tokens deleted.
    pub tokens_deleted: u64,
    /// Expired `Idempotency-Key` answers deleted (ADR 0047).
    #[serde(default)]
    pub idempotency_keys_deleted: u64,
    /// Sign-in failure counters deleted after `COUNTER_RETENTION_DAYS` idle (ADR 0021).
    #[serde(default)]
    pub login_attempts_pruned: u64,
    /// Past days whose uncapped sign-in failures got one summary audit row (ADR 0021).
    #[serde(default)]
    pub sign_in_failure_days_summarized: u64,
}
