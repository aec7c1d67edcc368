//! Reconciliation against VTEX (`api.md` §1 **ReconciliationRun**, **Discrepancy**, §19, §21.5;
//! `domain.md` §3.9, §4.9, §5.16): the public representations and the worker ↔ api messages of a
//! run. Money crosses the wire as decimal strings (`api.md` §0.2).

use afiliados_domain::ids::{BrandId, DiscrepancyId, InfluencerId, ReconciliationRunId};
use afiliados_domain::{
    DiscrepancyClass, DiscrepancyResolution, DiscrepancyStatus, Money, Percent,
    ReconciliationSource, ReconciliationStatus, ReconciliationType,
};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::orders::NormalizedOrder;

/// Discrepancies found per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassCounts {
    /// Missing in the platform.
    #[serde(rename = "A")]
    pub a: i32,
    /// Status divergence.
    #[serde(rename = "B")]
    pub b: i32,
    /// Amount difference.
    #[serde(rename = "C")]
    pub c: i32,
    /// Unrecognised coupon.
    #[serde(rename = "D")]
    pub d: i32,
    /// Missing in VTEX.
    #[serde(rename = "E")]
    pub e: i32,
}

/// The routes of a run's live reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportLinks {
    /// `/api/v1/vtex/reconciliations/{id}/report.json`.
    pub json: String,
    /// `/api/v1/vtex/reconciliations/{id}/report.csv`.
    pub csv: String,
}

/// **ReconciliationRun**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationRunResponse {
    /// Id.
    pub id: ReconciliationRunId,
    /// `daily|fortnightly|adhoc`.
    #[serde(rename = "type")]
    pub run_type: ReconciliationType,
    /// `scheduled|manual_run|manual_record`.
    pub source: ReconciliationSource,
    /// The Bogota day of a daily run (or the first day of a range).
    pub business_date: Option<NaiveDate>,
    /// Start of the range (inclusive).
    pub range_from: DateTime<Utc>,
    /// End of the range (exclusive).
    pub range_to: DateTime<Utc>,
    /// `running|success|warning|failed`.
    pub status: ReconciliationStatus,
    /// `system:reconciliation` or the user's e-mail.
    pub triggered_by: String,
    /// Started.
    pub started_at: DateTime<Utc>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// The amount tolerance in percent (1.00).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub tolerance_percent: Percent,
    /// Distinct VTEX orders listed.
    pub vtex_orders_count: i32,
    /// Platform orders placed in the range.
    pub platform_orders_count: i32,
    /// VTEX list pages read.
    pub pages_fetched: i32,
    /// Discrepancies per class.
    pub counts: ClassCounts,
    /// Σ counts.
    pub discrepancies_found: i32,
    /// Discrepancies the platform resolved by itself.
    pub auto_resolved_count: i32,
    /// Discrepancies still waiting for a person (kept current).
    pub pending_manual_count: i32,
    /// `(orders compared − pending manual) / orders compared`, 4 decimals; null until finished.
    // A JSON number like every ratio of the api (`api.md` §0.2), not a string.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    #[serde(default, with = "crate::decimal_json::four_decimals_option")]
    pub auto_reconciled_ratio: Option<Decimal>,
    /// Alerts of a recorded run.
    pub alerts: Vec<String>,
    /// The posted summary of a recorded run.
    pub summary: Option<serde_json::Value>,
    /// A report kept elsewhere (recorded runs).
    pub report_url: Option<String>,
    /// The live report routes.
    pub reports: ReportLinks,
    /// Why a failed run failed.
    pub error: Option<String>,
}

/// `Discrepancy.details`: what differs. Values are strings so one shape carries statuses (class B),
/// amounts as decimal strings (class C) and coupons (class D).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyDetails {
    /// `status`, `totalValue`, `eligibleTotal`, `netCommission`, `coupon` or `presence`.
    pub field: String,
    /// The platform's value (a decimal string for amounts).
    pub platform: Option<String>,
    /// VTEX's value.
    pub vtex: Option<String>,
    /// `platform − vtex` for amounts.
    pub difference: Option<String>,
    /// `|platform − vtex| / |vtex| × 100`, 2 decimals.
    pub ratio_percent: Option<String>,
}

/// **Discrepancy**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyResponse {
    /// Id.
    pub id: DiscrepancyId,
    /// `A|B|C|D|E`.
    pub class: DiscrepancyClass,
    /// `open|resolving|resolved|accepted`.
    pub status: DiscrepancyStatus,
    /// Whether the platform may resolve it by itself.
    pub auto_resolvable: bool,
    /// The VTEX order.
    pub vtex_order_id: String,
    /// The platform order, when stored.
    pub order_id: Option<Uuid>,
    /// Its brand.
    pub brand_id: Option<BrandId>,
    /// Its influencer.
    pub influencer_id: Option<InfluencerId>,
    /// What differs.
    pub details: DiscrepancyDetails,
    /// The run that found it.
    pub first_run_id: ReconciliationRunId,
    /// The last run that found it.
    pub last_run_id: ReconciliationRunId,
    /// How many runs found it.
    pub occurrences: i32,
    /// When first found.
    pub first_detected_at: DateTime<Utc>,
    /// Resolution attempts.
    pub attempts: i32,
    /// The last failed attempt.
    pub last_error: Option<String>,
    /// `auto|reprocessed|accepted|vanished`.
    pub resolution: Option<DiscrepancyResolution>,
    /// `system` or the user's e-mail.
    pub resolved_by: Option<String>,
    /// When.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Why it was accepted.
    pub justification: Option<String>,
    /// When it was escalated to the admins.
    pub escalated_at: Option<DateTime<Utc>>,
}

/// `GET /vtex/reconciliations/{id}/report.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReconciliationReport {
    /// The run.
    pub run: ReconciliationRunResponse,
    /// Every discrepancy the run found (first or last), current state.
    pub discrepancies: Vec<DiscrepancyResponse>,
}

/// One VTEX order of the list (`vtex.md` §6), as the worker sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VtexOrderSummary {
    /// `orderId`.
    pub vtex_order_id: String,
    /// The raw VTEX status.
    pub vtex_status: String,
    /// `totalValue` in pesos (the list's cents / 100).
    pub total_value: Money,
    /// `currencyCode`.
    pub currency: String,
    /// `creationDate`.
    pub creation_date: DateTime<Utc>,
    /// `lastChange`.
    #[serde(default)]
    pub last_change: Option<DateTime<Utc>>,
}

/// `POST /internal/v1/reconciliations` (a scheduled run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartScheduledReconciliation {
    /// `daily|fortnightly`.
    #[serde(rename = "type")]
    pub run_type: ReconciliationType,
    /// The Bogota day (daily); the range is derived when absent.
    #[serde(default)]
    pub business_date: Option<NaiveDate>,
    /// Explicit range start.
    #[serde(default)]
    pub range_from: Option<DateTime<Utc>>,
    /// Explicit range end.
    #[serde(default)]
    pub range_to: Option<DateTime<Utc>>,
    /// `scheduled`.
    pub source: ReconciliationSource,
    /// The cron slot.
    pub scheduled_at: DateTime<Utc>,
}

/// `201` of `POST /internal/v1/reconciliations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledReconciliationStarted {
    /// The run.
    pub run_id: ReconciliationRunId,
    /// Range start.
    pub range_from: DateTime<Utc>,
    /// Range end.
    pub range_to: DateTime<Utc>,
}

/// `GET /internal/v1/reconciliations/{id}`: what the worker needs to list the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationJobView {
    /// The run.
    pub id: ReconciliationRunId,
    /// Its status (a finished run is not listed again).
    pub status: ReconciliationStatus,
    /// Range start.
    pub range_from: DateTime<Utc>,
    /// Range end.
    pub range_to: DateTime<Utc>,
    /// `VTEX_RECONCILIATION_PAGE_SIZE`.
    pub page_size: u32,
    /// The amount tolerance in percent.
    pub tolerance_percent: Percent,
}

/// `POST /internal/v1/reconciliations/{id}/vtex-orders` (≤ 1 000 orders).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VtexOrdersChunk {
    /// The chunk number (a repeated number replaces the earlier chunk).
    pub chunk: u32,
    /// Pages read so far.
    pub pages_fetched: u32,
    /// The orders.
    pub orders: Vec<VtexOrderSummary>,
}

/// `POST /internal/v1/reconciliations/{id}/compare`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareRequest {
    /// Distinct VTEX orders listed.
    pub vtex_total: u32,
    /// Pages read.
    pub pages_fetched: u32,
}

/// `200` of `…/compare`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareResponse {
    /// Attributed orders equal on both sides: the worker fetches their documents for the deep
    /// check.
    pub deep_check_order_ids: Vec<String>,
    /// Discrepancies found by the comparison.
    pub counts: ClassCounts,
}

/// `POST /internal/v1/reconciliations/{id}/deep-check` (≤ 100 orders).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeepCheckRequest {
    /// Full documents, normalised.
    pub orders: Vec<NormalizedOrder>,
    /// Orders VTEX answered 404 for.
    #[serde(default)]
    pub not_found: Vec<String>,
}

/// `POST /internal/v1/reconciliations/{id}/fail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailReconciliation {
    /// What went wrong (no secrets).
    pub error: String,
    /// Pages read before the failure.
    pub pages_fetched: u32,
}
