//! `GET /dashboard/influencer` and `GET /dashboard/gestor` (`api.md` §15; `domain.md` §6.1,
//! §6.2): read-only aggregations over the caller's scope. Money is exact (`Money`), counts are
//! integers; every dashboard carries `generatedAt`.

use afiliados_domain::commission::AdjustmentKind;
use afiliados_domain::ids::{
    AdjustmentId, BrandId, CampaignId, CodeId, InfluencerId, PaymentId, WithdrawalId,
};
use afiliados_domain::{CampaignStatus, CodeStatus, InfluencerStatus, Money, Percent, SyncState};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::consents::PendingConsent;

/// `GET /dashboard/influencer` query.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct InfluencerDashboardQuery {
    /// Required for staff; ignored for an influencer (always its own).
    pub influencer_id: Option<InfluencerId>,
    /// Period start (inclusive; instant or Bogota business date). Default: first day of this
    /// month in Bogota.
    pub from: Option<String>,
    /// Period end (exclusive; instant or Bogota business date). Default: first day of next month.
    pub to: Option<String>,
    /// Only this brand's rows.
    pub brand_id: Option<BrandId>,
}

/// Who the dashboard is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardInfluencer {
    /// Id.
    pub id: InfluencerId,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Status.
    pub status: InfluencerStatus,
    /// Email.
    pub email: String,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: String,
    /// Social profiles.
    pub social_links: Vec<String>,
    /// Policy versions still to accept.
    pub pending_consents: Vec<PendingConsent>,
}

/// The `influencer_balance` buckets (all time, current).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WalletBuckets {
    /// Estimated.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub estimated: Money,
    /// Confirmed.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed: Money,
    /// Reverted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub reverted: Money,
    /// Pending withdrawal.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub pending_withdrawal: Money,
    /// Withdrawn.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withdrawn: Money,
    /// Pending adjustments.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub pending_adjustments: Money,
    /// confirmed − withdrawn − pending withdrawal − pending adjustments.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub available: Money,
}

/// One brand's wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WalletBrand {
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// ISO currency.
    pub currency: String,
    /// The buckets.
    pub balance: WalletBuckets,
    /// The brand's withdrawal minimum.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub minimum_withdrawal: Money,
    /// `max(0, available)`.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub max_withdrawable: Money,
    /// Influencer approved and available ≥ minimum.
    pub can_withdraw: bool,
}

/// `wallet`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Wallet {
    /// Sum over the brands shown.
    pub totals: WalletBuckets,
    /// Per brand.
    pub by_brand: Vec<WalletBrand>,
}

/// `period`: orders placed in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardPeriod {
    /// Inclusive start.
    pub from: DateTime<Utc>,
    /// Exclusive end.
    pub to: DateTime<Utc>,
    /// Attributed orders placed in the period, any status.
    pub attributed_orders: i64,
    /// Of those, orders now `canceled` or `returned`.
    pub canceled_orders: i64,
    /// "Ventas elegibles": Σ effective eligible of the period's commissions, reverted excluded.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_sales: Money,
    /// Σ net of estimated commissions not on hold.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub estimated_commission: Money,
    /// Σ net of confirmed commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed_commission: Money,
    /// Σ net of held commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub on_hold_commission: Money,
    /// Σ reverted amount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub reverted_commission: Money,
}

/// One month of the chart (`monthly[]`, the last 12 months, oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MonthlyEarnings {
    /// `YYYY-MM` (Bogota).
    pub month: String,
    /// Effective eligible by order placement month (reverted excluded).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_sales: Money,
    /// Net of confirmed commissions by `confirmed_at` month.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed_commission: Money,
}

/// `salesByCampaign[]`: one membership's period figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CampaignSales {
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Its name.
    pub campaign_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Attributed orders placed in the period.
    pub orders: i64,
    /// Effective eligible (reverted excluded).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_sales: Money,
    /// Net of estimated commissions (held included).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub estimated_commission: Money,
    /// Net of confirmed commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed_commission: Money,
}

/// A tier as the progress block names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProgressTier {
    /// Level (0 for the tier-less Base).
    pub level: i32,
    /// Name.
    pub name: String,
    /// Rate.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_percent: Percent,
    /// Sales volume from which it applies.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub threshold: Money,
}

/// `tierProgress[]`: one active membership (`domain.md` §5.11 "Progress").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierProgressEntry {
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Its name.
    pub campaign_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// The tier in force.
    pub current_tier: ProgressTier,
    /// Live window start (`now − P days`).
    pub window_start: DateTime<Utc>,
    /// Live window end (now).
    pub window_end: DateTime<Utc>,
    /// Confirmed effective eligible in the window.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub sales_volume: Money,
    /// One level up; null at the top.
    pub next_tier: Option<ProgressTier>,
    /// `max(0, next.threshold − volume)`; 0 at the top.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub remaining_to_next: Money,
    /// `min(100, floor(volume × 100 / next.threshold))`; 100 at the top.
    pub progress_percent: u32,
    /// The campaign's next evaluation date.
    pub next_evaluation_on: Option<NaiveDate>,
}

/// `codes[]`: one own code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardCode {
    /// Id.
    pub id: CodeId,
    /// The coupon code.
    pub code: String,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Its name.
    pub campaign_name: String,
    /// Derived status.
    pub status: CodeStatus,
    /// Customer discount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub discount_percent: Percent,
    /// Attributed orders so far.
    pub usage_count: i32,
    /// Total uses allowed.
    pub max_uses: Option<i32>,
}

/// `recentWithdrawals[]` (the withdrawals table arrives with the payments issue; ADR 0038).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardWithdrawal {
    /// Id.
    pub id: WithdrawalId,
    /// Brand.
    pub brand_id: BrandId,
    /// Amount requested.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// Status.
    pub status: String,
    /// When requested.
    pub requested_at: DateTime<Utc>,
}

/// `recentPayments[]` (the payments table arrives with the payments issue; ADR 0038).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardPayment {
    /// Id.
    pub id: PaymentId,
    /// Brand.
    pub brand_id: BrandId,
    /// Gross.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub gross: Money,
    /// Tax withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withheld: Money,
    /// Net paid.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net: Money,
    /// Method.
    pub method: String,
    /// Bank reference.
    pub reference: Option<String>,
    /// Business date of the payment.
    pub payment_date: NaiveDate,
}

/// `openAdjustments[]`: a pending adjustment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardAdjustment {
    /// Id.
    pub id: AdjustmentId,
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// `manual|clawback`.
    pub kind: AdjustmentKind,
    /// Amount owed.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// Why.
    pub reason: String,
    /// Opened.
    pub created_at: DateTime<Utc>,
}

/// `200` of `GET /dashboard/influencer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InfluencerDashboard {
    /// Who.
    pub influencer: DashboardInfluencer,
    /// Balances.
    pub wallet: Wallet,
    /// The period block.
    pub period: DashboardPeriod,
    /// Last 12 months, oldest first.
    pub monthly: Vec<MonthlyEarnings>,
    /// Per membership.
    pub sales_by_campaign: Vec<CampaignSales>,
    /// Per active membership.
    pub tier_progress: Vec<TierProgressEntry>,
    /// Own codes.
    pub codes: Vec<DashboardCode>,
    /// 10 newest withdrawal requests.
    pub recent_withdrawals: Vec<DashboardWithdrawal>,
    /// 10 newest payments.
    pub recent_payments: Vec<DashboardPayment>,
    /// Pending adjustments.
    pub open_adjustments: Vec<DashboardAdjustment>,
    /// The influencer's unread in-app notifications.
    pub unread_notifications: i64,
    /// When computed.
    pub generated_at: DateTime<Utc>,
}

/// `GET /dashboard/gestor` query.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct GestorDashboardQuery {
    /// Only this brand (AM: one of its brands, else 404).
    pub brand_id: Option<BrandId>,
}

/// Influencers per status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InfluencerStatusCounts {
    /// Pending.
    pub pending: i64,
    /// Approved.
    pub approved: i64,
    /// Rejected.
    pub rejected: i64,
    /// Suspended.
    pub suspended: i64,
}

/// `influencers`: non-anonymised influencers in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GestorInfluencers {
    /// All of them.
    pub total: i64,
    /// Per status.
    pub by_status: InfluencerStatusCounts,
}

/// A pending influencer waiting for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PendingApproval {
    /// Influencer.
    pub id: InfluencerId,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Registered.
    pub created_at: DateTime<Utc>,
    /// Bogota business days since registration.
    pub business_days_waiting: i64,
    /// More than 3 business days (the promise made at registration).
    pub overdue: bool,
}

/// `pendingApprovals`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PendingApprovals {
    /// Pending influencers in scope.
    pub count: i64,
    /// The 10 oldest.
    pub oldest: Vec<PendingApproval>,
}

/// Campaigns per status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CampaignStatusCounts {
    /// Draft.
    pub draft: i64,
    /// Active.
    pub active: i64,
    /// Paused.
    pub paused: i64,
    /// Ended.
    pub ended: i64,
}

/// One campaign of the gestor dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GestorCampaign {
    /// Id.
    pub id: CampaignId,
    /// Name.
    pub name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Status.
    pub status: CampaignStatus,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: Option<NaiveDate>,
    /// Active memberships.
    pub active_members: i64,
    /// Codes whose derived status is `active`.
    pub active_codes: i64,
    /// Attributed orders placed in the last 30 days.
    pub orders_last30_days: i64,
    /// Their effective eligible sales (reverted excluded).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_sales_last30_days: Money,
    /// Their estimated + confirmed net commission.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_last30_days: Money,
}

/// `campaigns`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GestorCampaigns {
    /// Per status.
    pub by_status: CampaignStatusCounts,
    /// Every campaign in scope.
    pub items: Vec<GestorCampaign>,
}

/// Codes per derived status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CodeStatusCounts {
    /// Pending.
    pub pending: i64,
    /// Active.
    pub active: i64,
    /// Inactive.
    pub inactive: i64,
}

/// A recent code with its sync state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GestorCode {
    /// Id.
    pub id: CodeId,
    /// The coupon code.
    pub code: String,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Its name.
    pub campaign_name: String,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Its name.
    pub influencer_name: String,
    /// Derived status.
    pub status: CodeStatus,
    /// VTEX sync state.
    pub sync_state: SyncState,
    /// Last sync failure.
    pub last_sync_error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// `codes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GestorCodes {
    /// Per derived status.
    pub by_status: CodeStatusCounts,
    /// Codes whose VTEX sync failed.
    pub sync_failed: i64,
    /// The 10 newest.
    pub recent: Vec<GestorCode>,
}

/// `commissionsOnHold`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommissionsOnHold {
    /// Held commissions.
    pub count: i64,
    /// Their Σ net amount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net_amount: Money,
}

/// `200` of `GET /dashboard/gestor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GestorDashboard {
    /// Influencers in scope.
    pub influencers: GestorInfluencers,
    /// Pending approvals.
    pub pending_approvals: PendingApprovals,
    /// Campaigns in scope.
    pub campaigns: GestorCampaigns,
    /// Codes in scope.
    pub codes: GestorCodes,
    /// Held commissions in scope.
    pub commissions_on_hold: CommissionsOnHold,
    /// Influencers in scope with pending consents.
    pub influencers_with_pending_consents: i64,
    /// The caller's unread in-app notifications.
    pub unread_notifications: i64,
    /// When computed.
    pub generated_at: DateTime<Utc>,
}
