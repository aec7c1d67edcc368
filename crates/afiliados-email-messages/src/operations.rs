//! The operational alert e-mail (`domain.md` §5.17): one generic message for every alert type,
//! sent to the type's alert group, so a new alert type needs no new template (an escalation, which
//! has no group, sends `discrepancy_escalated` instead).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `operational_alert`: an operational alert was raised (or raised again after the dedup window).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationalAlert {
    /// `alerts.alert_type` (`job_failed`, `backup_failure`, …).
    pub alert_type: String,
    /// `warning|critical`.
    pub severity: String,
    /// What happened, in Spanish (the operators' language; the alert stores it so).
    pub message: String,
    /// What identifies the occurrence (job name, order id, run id).
    pub dedup_key: String,
    /// When the alert was first raised.
    pub raised_at: DateTime<Utc>,
    /// How many times it was raised while open.
    pub raise_count: i32,
    /// The web's alerts page.
    pub link: String,
}
