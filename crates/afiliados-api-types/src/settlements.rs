//! Settlement runs (`api.md` §10, §21.6; `domain.md` §5.12).

use afiliados_domain::ids::{BrandId, CampaignId, InfluencerId};
use afiliados_domain::{CommissionState, Money, SettlementSource, SettlementStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /commissions/settlements/run` body (every field optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RunSettlementRequest {
    /// 0–90: replaces every commission's frozen window for this run.
    pub waiting_period_days: Option<i64>,
    /// An instant (RFC 3339) or a date (00:00 Bogota); not in the future; default now.
    pub evaluation_date: Option<String>,
    /// Compute and store the report, change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// `POST /internal/v1/settlements/run` body: the schedule's tick plus the manual fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledSettlementRequest {
    /// The cron tick the worker enqueued the job for.
    pub scheduled_at: DateTime<Utc>,
    /// As [`RunSettlementRequest::waiting_period_days`].
    #[serde(default)]
    pub waiting_period_days: Option<i64>,
    /// As [`RunSettlementRequest::evaluation_date`].
    #[serde(default)]
    pub evaluation_date: Option<String>,
    /// As [`RunSettlementRequest::dry_run`].
    #[serde(default)]
    pub dry_run: bool,
}

/// A count and an amount.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CountAmount {
    /// Items.
    pub count: i64,
    /// Σ amounts.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
}

/// The run's three totals.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SettlementTotals {
    /// Confirmed by the run.
    pub confirmed: CountAmount,
    /// Reverted by the safety sweep.
    pub reverted: CountAmount,
    /// Left pending.
    pub pending: CountAmount,
}

/// Totals of one brand or campaign.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SettlementGroup {
    /// Brand or campaign id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Confirmed.
    pub confirmed_count: i64,
    /// Σ confirmed.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed_amount: Money,
    /// Reverted.
    pub reverted_count: i64,
    /// Σ reverted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub reverted_amount: Money,
    /// Pending.
    pub pending_count: i64,
    /// Σ pending.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub pending_amount: Money,
}

/// One commission on one of the run's lists.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SettlementItem {
    /// Commission.
    pub commission_id: Uuid,
    /// VTEX order id.
    pub vtex_order_id: String,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Influencer's name.
    pub influencer_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Brand name.
    pub brand_name: String,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Campaign name.
    pub campaign_name: String,
    /// State before the run.
    pub previous_state: CommissionState,
    /// State after it (a dry run: what it would be).
    pub next_state: CommissionState,
    /// Net amount confirmed or pending; amount reverted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// `E` for confirmations and reversals; null for pending items.
    pub effective_at: Option<DateTime<Utc>>,
    /// `window_open|on_hold|awaiting_payment|status_unmapped`, or the reversal reason.
    pub reason: Option<String>,
    /// `anchor + window` once the order is paid.
    pub due_at: Option<DateTime<Utc>>,
}

/// Which lists were cut at 1 000 items.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SettlementTruncated {
    /// Confirmed list cut.
    pub confirmed: bool,
    /// Reverted list cut.
    pub reverted: bool,
    /// Pending list cut.
    pub pending: bool,
}

/// **SettlementRun** (`api.md` §1). The lists are absent from list pages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SettlementRunResponse {
    /// Id.
    pub id: Uuid,
    /// `E`.
    pub evaluation_at: DateTime<Utc>,
    /// The override, or null.
    pub waiting_period_days: Option<i32>,
    /// Dry run.
    pub dry_run: bool,
    /// `schedule|manual`.
    pub source: SettlementSource,
    /// A user's e-mail or `system:settlement`.
    pub triggered_by: String,
    /// `running|completed|failed`.
    pub status: SettlementStatus,
    /// Started.
    pub started_at: DateTime<Utc>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Counts and amounts.
    pub totals: SettlementTotals,
    /// Per brand.
    pub by_brand: Vec<SettlementGroup>,
    /// Per campaign.
    pub by_campaign: Vec<SettlementGroup>,
    /// Confirmed items (≤ 1 000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Vec<SettlementItem>>,
    /// Reverted items (≤ 1 000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverted: Option<Vec<SettlementItem>>,
    /// Pending items (≤ 1 000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Vec<SettlementItem>>,
    /// Which lists were cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<SettlementTruncated>,
    /// The CSV of every item.
    pub report_csv_url: String,
}

/// `GET /commissions/settlements` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListSettlementsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Dry runs only, or real runs only.
    pub dry_run: Option<bool>,
    /// `schedule|manual`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<SettlementSource>))]
    pub source: Option<String>,
    /// `evaluationAt ≥ from`.
    pub from: Option<DateTime<Utc>>,
    /// `evaluationAt < to`.
    pub to: Option<DateTime<Utc>>,
}

/// `GET /commissions/settlements/{id}/report.csv` query.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ReportCsvQuery {
    /// `es` (default: Spanish headers) or `en`.
    pub locale: Option<String>,
}
