//! `/internal/v1` coupons and promotions (`api.md` §21.3, `vtex.md` §5): the desired VTEX state
//! the worker reads, and the sync results it reports.

use afiliados_domain::Percent;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Whether a coupon should be usable at VTEX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponDesiredState {
    /// The code's derived status is `active`: the coupon exists unarchived.
    Active,
    /// Anything else: the coupon is archived (or created archived).
    Archived,
}

/// The promotion a coupon activates, as far as the coupon sync needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CouponPromotionRef {
    /// The campaign.
    pub campaign_id: Uuid,
    /// The code's (and promotion's) discount percent.
    pub discount_percent: Percent,
    /// VTEX `idCalculatorConfiguration`, once created.
    pub vtex_promotion_id: Option<String>,
    /// VTEX holds the promotion's current revision.
    pub synced: bool,
}

/// `GET /internal/v1/codes/{id}/coupon`: the code's current desired coupon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DesiredCoupon {
    /// The discount code.
    pub code_id: Uuid,
    /// `couponCode` (upper case).
    pub code: String,
    /// Revision of this desired state; the result must carry it.
    pub sync_revision: i32,
    /// `active` iff the stored derived status is `active`.
    pub desired_state: CouponDesiredState,
    /// `VTEX_COUPON_UTM_SOURCE`.
    pub utm_source: String,
    /// The promotion's `utmCampaign`.
    pub utm_campaign: String,
    /// `max_uses`, 0 = unlimited.
    pub max_usage: i32,
    /// `max_uses_per_customer`, 0 = unlimited.
    pub max_items_per_client: i32,
    /// Always `00:00:00`.
    pub expiration_interval_per_use: String,
    /// Its promotion.
    pub promotion: CouponPromotionRef,
}

/// `POST /internal/v1/codes/{id}/sync-result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CouponSyncResult {
    /// The revision the worker pushed.
    pub sync_revision: i32,
    /// VTEX holds the desired state.
    pub success: bool,
    /// VTEX's coupon id, else the code.
    #[serde(default)]
    pub vtex_coupon_id: Option<String>,
    /// Whether the coupon is archived at VTEX.
    #[serde(default)]
    pub vtex_archived: Option<bool>,
    /// What failed (no secrets).
    #[serde(default)]
    pub error: Option<String>,
    /// No retry will follow (permanent error or attempt cap).
    #[serde(default)]
    pub permanent: bool,
}

/// `{"id": …}` of a promotion's brand, category or SKU scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VtexIdRef {
    /// The VTEX id.
    pub id: String,
}

/// The VTEX promotion body the platform wants (`vtex.md` §5.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DesiredPromotionBody {
    /// `Afiliados <campaign name> <percent>%`, ≤ 100 characters.
    pub name: String,
    /// `marketing-afiliados campaign <campaign id>`.
    pub description: String,
    /// Start date 00:00 Bogota.
    pub begin_date_utc: DateTime<Utc>,
    /// Day after the end date 00:00 Bogota, or 10 years after the start.
    pub end_date_utc: DateTime<Utc>,
    /// The campaign is `active`.
    pub is_active: bool,
    /// `<campaign slug>-<percent>`.
    pub utm_campaign: String,
    /// The discount percent.
    pub percentual_discount_value: Percent,
    /// `stacking_rules.cumulativeWithOtherPromotions`.
    pub cumulative: bool,
    /// Campaign `max_usage`, 0 = unlimited.
    pub max_usage: i32,
    /// The brand's `vtex_brand_id`, when set.
    pub brands: Vec<VtexIdRef>,
    /// Category scope.
    pub categories: Vec<VtexIdRef>,
    /// SKU scope.
    pub skus: Vec<VtexIdRef>,
    /// `VTEX_SALES_CHANNELS`.
    pub ids_sales_channel: Vec<String>,
}

/// One promotion of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DesiredPromotion {
    /// Its discount percent (one promotion per campaign and percent).
    pub discount_percent: Percent,
    /// Revision of this desired state.
    pub sync_revision: i32,
    /// VTEX `idCalculatorConfiguration`, once created.
    pub vtex_promotion_id: Option<String>,
    /// The body to send.
    pub desired: DesiredPromotionBody,
}

/// `GET /internal/v1/campaigns/{id}/promotions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DesiredPromotions {
    /// One per percent the campaign's codes use.
    pub items: Vec<DesiredPromotion>,
}

/// `POST /internal/v1/campaigns/{id}/promotions/sync-result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromotionSyncResult {
    /// Which promotion.
    pub discount_percent: Percent,
    /// The revision the worker pushed.
    pub sync_revision: i32,
    /// VTEX holds the desired state.
    pub success: bool,
    /// VTEX `idCalculatorConfiguration`.
    #[serde(default)]
    pub vtex_promotion_id: Option<String>,
    /// What failed (no secrets).
    #[serde(default)]
    pub error: Option<String>,
    /// No retry will follow.
    #[serde(default)]
    pub permanent: bool,
}
