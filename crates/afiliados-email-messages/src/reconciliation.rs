//! Reconciliation: what a run found and what was left open too long (`domain.md` §5.16.3,
//! §5.16.4, §5.17).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `reconciliation_summary`: a reconciliation run finished (to every GA and FI with every row;
/// to a brand's AM with that brand's rows only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationSummary {
    /// Greeting name.
    pub first_name: String,
    /// `daily|fortnightly|adhoc`.
    pub run_type: String,
    /// The first Bogota day of the range (`YYYY-MM-DD`).
    pub business_date: String,
    /// `success|warning|failed`.
    pub status: String,
    /// The brand the rows are limited to (AM copies); `None`: every brand.
    #[serde(default)]
    pub brand_name: Option<String>,
    /// Distinct VTEX orders listed.
    pub vtex_orders: u64,
    /// Platform orders placed in the range.
    pub platform_orders: u64,
    /// Discrepancies found (of the rows' scope).
    pub discrepancies_found: u64,
    /// Of them, resolved by the platform.
    pub auto_resolved: u64,
    /// Of them, waiting for a person.
    pub pending_manual: u64,
    /// The first rows (at most 50).
    pub rows: Vec<SummaryRow>,
    /// Rows not listed.
    #[serde(default)]
    pub more_rows: u64,
    /// The run's page in the web.
    pub link: String,
}

/// One discrepancy of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryRow {
    /// `A|B|C|D|E`.
    pub class: String,
    /// The VTEX order.
    pub vtex_order_id: String,
    /// `open|resolving|resolved|accepted`.
    pub status: String,
    /// What differs (`status`, `totalValue`, …).
    pub field: String,
    /// The platform's value.
    #[serde(default)]
    pub platform: Option<String>,
    /// VTEX's value.
    #[serde(default)]
    pub vtex: Option<String>,
}

impl SummaryRow {
    /// The platform's value, or a dash.
    pub fn platform_or_dash(&self) -> &str {
        self.platform.as_deref().unwrap_or("—")
    }

    /// VTEX's value, or a dash.
    pub fn vtex_or_dash(&self) -> &str {
        self.vtex.as_deref().unwrap_or("—")
    }
}

/// `discrepancy_escalated`: a discrepancy stayed `open` longer than
/// `RECONCILIATION_ESCALATION_DAYS` (to every `admin_dentsu`, once per discrepancy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyEscalated {
    /// Greeting name.
    pub first_name: String,
    /// `A|B|C|D|E`.
    pub class: String,
    /// The VTEX order.
    pub vtex_order_id: String,
    /// The order's brand, when the platform knows it.
    #[serde(default)]
    pub brand_name: Option<String>,
    /// When a run first found it.
    pub first_detected_at: DateTime<Utc>,
    /// The threshold it passed, in days.
    pub days: u32,
    /// Why it is still open (the last re-check's difference), if known.
    #[serde(default)]
    pub last_error: Option<String>,
    /// The web's list of escalated discrepancies.
    pub link: String,
}
