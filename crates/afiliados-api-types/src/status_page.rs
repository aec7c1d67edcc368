//! `GET /status` (AD, AU, FI): the platform's operational state in blocks, each with a level the
//! api computes from the thresholds of `docs/status-thresholds.md`.

use afiliados_domain::{ReconciliationStatus, ReconciliationType};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How a block is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum StatusLevel {
    /// Within the normal range.
    Green,
    /// Needs a look.
    Amber,
    /// Needs action.
    Red,
}

/// Ingest lag of the webhook deliveries processed in the last hour (`received_at` →
/// `processed_at`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IngestLag {
    /// Deliveries measured.
    pub samples: i64,
    /// Median, seconds (null without samples).
    pub p50_seconds: Option<f64>,
    /// 95th percentile, seconds (null without samples).
    pub p95_seconds: Option<f64>,
    /// From `p95_seconds`.
    pub level: StatusLevel,
}

/// Webhook deliveries that failed (last 24 h) or wait to be processed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeliveriesStatus {
    /// Failed, received in the last 24 hours.
    pub failed_last_24h: i64,
    /// Received or processing now.
    pub pending: i64,
    /// The worse of both.
    pub level: StatusLevel,
}

/// The last reconciliation run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationState {
    /// Its type (null when no run exists).
    #[serde(rename = "type")]
    pub run_type: Option<ReconciliationType>,
    /// Its status.
    pub status: Option<ReconciliationStatus>,
    /// Started.
    pub started_at: Option<DateTime<Utc>>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Auto-reconciled ratio (0–1, 4 decimals).
    #[serde(default, with = "crate::decimal_json::four_decimals_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub auto_reconciled_ratio: Option<Decimal>,
    /// From the status, the ratio and the age.
    pub level: StatusLevel,
}

/// Open (or resolving) discrepancies per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiscrepancyClasses {
    /// Missing in the platform.
    #[serde(rename = "A")]
    pub a: i64,
    /// Status divergence.
    #[serde(rename = "B")]
    pub b: i64,
    /// Amount difference.
    #[serde(rename = "C")]
    pub c: i64,
    /// Unrecognised coupon.
    #[serde(rename = "D")]
    pub d: i64,
    /// Missing in VTEX.
    #[serde(rename = "E")]
    pub e: i64,
}

/// Open discrepancies by age since detection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyAges {
    /// Less than 24 hours.
    pub under_1_day: i64,
    /// 1 to 3 days.
    pub from_1_to_3_days: i64,
    /// 3 to 7 days.
    pub from_3_to_7_days: i64,
    /// 7 days or more.
    pub over_7_days: i64,
}

/// Open discrepancies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiscrepanciesStatus {
    /// All of them.
    pub total: i64,
    /// Per class.
    pub by_class: DiscrepancyClasses,
    /// Per age.
    pub by_age: DiscrepancyAges,
    /// From the oldest.
    pub level: StatusLevel,
}

/// E-mails waiting to go out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EmailBacklog {
    /// Not delivered nor cancelled.
    pub undelivered: i64,
    /// Of those, queued more than 30 minutes ago.
    pub over_30_min: i64,
    /// From `over_30_min`.
    pub level: StatusLevel,
}

/// The newest kept backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    /// When it was taken.
    pub last_backup_at: Option<DateTime<Utc>>,
    /// Encrypted size.
    pub size_bytes: Option<i64>,
    /// Whole hours since.
    pub age_hours: Option<i64>,
    /// From the age.
    pub level: StatusLevel,
}

/// `GET /status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatusPage {
    /// The worst level of the blocks.
    pub overall: StatusLevel,
    /// Ingest lag.
    pub ingest_lag: IngestLag,
    /// Webhook deliveries.
    pub deliveries: DeliveriesStatus,
    /// Last reconciliation.
    pub reconciliation: ReconciliationState,
    /// Open discrepancies.
    pub discrepancies: DiscrepanciesStatus,
    /// E-mail backlog.
    pub email_backlog: EmailBacklog,
    /// Last backup.
    pub backup: BackupStatus,
    /// When computed.
    pub generated_at: DateTime<Utc>,
}
