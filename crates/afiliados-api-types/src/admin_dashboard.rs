//! `GET /dashboard/admin` (`api.md` §15; `domain.md` §6.4): the platform at a glance — counts,
//! commission figures, the top influencers, performance by brand, the latest alerts, audit
//! entries and reconciliation runs, and the system's health. Read-only; money exact; carries
//! `generatedAt`.

use afiliados_domain::ids::{BrandId, InfluencerId, ReconciliationRunId};
use afiliados_domain::{Money, ReconciliationStatus, ReconciliationType};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::alerts::AlertResponse;
use crate::audit::AuditEntry;

/// `GET /dashboard/admin` query.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct AdminDashboardQuery {
    /// Bounds `topInfluencers` by `confirmed_at` (inclusive; instant or Bogota business date).
    pub from: Option<String>,
    /// Exclusive upper bound of the same (instant or Bogota business date).
    pub to: Option<String>,
}

/// Campaign counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CampaignCounts {
    /// Non-deleted campaigns.
    pub total: i64,
    /// Active ones.
    pub active: i64,
}

/// `stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminStats {
    /// Influencers with status `approved` ("Influencers activos").
    pub active_influencers: i64,
    /// Every non-anonymised influencer ("Influencers registrados").
    pub total_influencers: i64,
    /// Pending ones.
    pub pending_influencers: i64,
    /// Brands with status `active`.
    pub active_brands: i64,
    /// Campaigns.
    pub campaigns: CampaignCounts,
    /// Σ net of confirmed commissions confirmed this Bogota month ("Comisiones confirmadas
    /// este mes").
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed_commission_this_month: Money,
    /// Σ net of confirmed commissions, all time ("Comisiones confirmadas (total)").
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed_commission_all_time: Money,
    /// Σ net of estimated commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub estimated_commission: Money,
    /// Σ effective eligible of non-reverted commissions of orders placed this month.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_sales_this_month: Money,
}

/// One of `topInfluencers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TopInfluencer {
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// First + last name.
    pub name: String,
    /// Σ net of confirmed commissions (confirmed within `from`/`to` when given).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed_commission: Money,
    /// Σ net of estimated commissions (all time).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub estimated_commission: Money,
    /// Orders whose commission is not reverted (all time).
    pub attributed_orders: i64,
}

/// One of `performanceByBrand`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BrandPerformance {
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Σ effective eligible of non-reverted commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_sales: Money,
    /// Σ net of estimated commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub estimated_commission: Money,
    /// Σ net of confirmed commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed_commission: Money,
    /// Σ reverted amounts.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub reverted_commission: Money,
    /// (estimated + confirmed) / eligibleSales × 100, 2 decimals; null when eligible sales are 0
    /// ("Tasa efectiva de comisión": commission over eligible sales, not a conversion rate).
    // Always written with exactly two decimals (`10.00`).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    #[serde(default, with = "crate::decimal_json::two_decimals_option")]
    pub effective_commission_rate: Option<Decimal>,
}

/// One of `recentReconciliations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecentReconciliation {
    /// Run.
    pub id: ReconciliationRunId,
    /// `daily|fortnightly|adhoc`.
    #[serde(rename = "type")]
    pub run_type: ReconciliationType,
    /// `running|success|warning|failed`.
    pub status: ReconciliationStatus,
    /// Started.
    pub started_at: DateTime<Utc>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Discrepancies found.
    pub discrepancies_found: i32,
    /// Waiting for a person.
    pub pending_manual_count: i32,
    /// `(orders compared − pending manual) / orders compared`, 4 decimals; null until finished.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    #[serde(default, with = "crate::decimal_json::four_decimals_option")]
    pub auto_reconciled_ratio: Option<Decimal>,
}

/// `system`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminSystem {
    /// When the newest kept backup was taken.
    pub last_backup_at: Option<DateTime<Utc>>,
    /// Its encrypted size.
    pub last_backup_size_bytes: Option<i64>,
    /// VTEX deliveries received in the last 24 hours.
    pub deliveries_last_24h: i64,
    /// Of those, failed ones.
    pub failed_deliveries_last_24h: i64,
    /// Discrepancies open or being resolved.
    pub open_discrepancies: i64,
    /// E-mails still undelivered more than 30 minutes after being queued.
    pub emails_undelivered_over_30_min: i64,
    /// Job runs failed in the last 24 hours.
    pub jobs_failed_last_24h: i64,
}

/// `GET /dashboard/admin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminDashboard {
    /// Counts and commission figures.
    pub stats: AdminStats,
    /// The 8 influencers with the most confirmed commission.
    pub top_influencers: Vec<TopInfluencer>,
    /// Per brand.
    pub performance_by_brand: Vec<BrandPerformance>,
    /// The 20 latest operational alerts.
    pub alerts: Vec<AlertResponse>,
    /// The 15 latest audit entries.
    pub audit_trail: Vec<AuditEntry>,
    /// The 10 latest reconciliation runs.
    pub recent_reconciliations: Vec<RecentReconciliation>,
    /// Health figures.
    pub system: AdminSystem,
    /// When computed.
    pub generated_at: DateTime<Utc>,
}
