//! Campaigns, tiers, VTEX promotions and memberships (`api.md` §6 memberships, §7).

use afiliados_domain::ids::{BrandId, CampaignId, InfluencerId, UserId};
use afiliados_domain::{Money, Percent};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::DiscountCodeResponse;
use crate::influencers::TierRef;

/// How a campaign combines with other promotions.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StackingRules {
    /// The VTEX promotion is cumulative.
    #[serde(default)]
    pub cumulative_with_other_promotions: bool,
    /// Lines discounted by other promotions earn nothing.
    #[serde(default)]
    pub exclude_lines_with_other_discounts: bool,
}

/// A tier of a campaign.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierResponse {
    /// Id (kept across edits of the same level).
    pub id: Uuid,
    /// 1–40 characters.
    pub name: String,
    /// 1..n.
    pub level: i32,
    /// Sales volume from which it applies.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub threshold: Money,
    /// Rate.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_percent: Percent,
    /// The tier new members start on.
    pub is_default: bool,
}

/// A tier in a create or update body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierInput {
    /// 1–40 characters.
    pub name: String,
    /// 1..n, contiguous.
    pub level: i32,
    /// Level 1 at 0; strictly increasing.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub threshold: Money,
    /// 0–100.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_percent: Percent,
    /// Exactly one.
    #[serde(default)]
    pub is_default: bool,
}

/// The VTEX promotion of one discount percent of a campaign.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PromotionResponse {
    /// Discount percent.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub discount_percent: Percent,
    /// `<slug>-<percent>`, what coupons point at.
    pub utm_campaign: String,
    /// VTEX `idCalculatorConfiguration`.
    pub vtex_promotion_id: Option<String>,
    /// `pending|synced|failed`.
    pub sync_state: afiliados_domain::SyncState,
    /// Last successful sync.
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Last failure.
    pub last_sync_error: Option<String>,
}

/// A campaign (an influencer sees only name, brand, dates, status, its tier and its codes).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CampaignResponse {
    /// Id.
    pub id: CampaignId,
    /// Brand.
    pub brand_id: BrandId,
    /// Brand name.
    pub brand_name: String,
    /// Name.
    pub name: String,
    /// Unique per tenant.
    pub slug: String,
    /// Description.
    pub description: Option<String>,
    /// First business date.
    pub start_date: NaiveDate,
    /// Last business date (open-ended when null).
    pub end_date: Option<NaiveDate>,
    /// `draft|active|paused|ended`.
    pub status: afiliados_domain::CampaignStatus,
    /// Rate without tiers.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub base_commission_percent: Percent,
    /// `pre_tax|post_tax`.
    pub commission_basis: afiliados_domain::CommissionBasis,
    /// Shipping counts towards the commission base.
    pub include_shipping: bool,
    /// Highest discount a code may give.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub max_discount_percent: Percent,
    /// Campaign-wide uses (VTEX promotion).
    pub max_usage: Option<i32>,
    /// Smallest order that earns.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub min_order_value: Option<Money>,
    /// Days before a commission is confirmed.
    pub confirmation_window_days: i32,
    /// Tier evaluation period.
    pub tier_evaluation_period_days: i32,
    /// `all|sku|category`.
    pub eligible_scope_type: afiliados_domain::EligibleScopeType,
    /// SKU or category ids.
    pub eligible_scope_values: Vec<String>,
    /// Stacking rules.
    pub stacking_rules: StackingRules,
    /// Tiers by level.
    pub tiers: Vec<TierResponse>,
    /// Rule version (bumped by rule edits outside draft).
    pub version: i32,
    /// Next tier evaluation.
    pub next_tier_evaluation_on: Option<NaiveDate>,
    /// VTEX promotions.
    pub promotions: Vec<PromotionResponse>,
    /// Active memberships.
    pub active_members: i64,
    /// The caller's own tier (influencers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_tier: Option<TierRef>,
    /// The caller's own codes (influencers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_codes: Option<Vec<String>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// `POST /campaigns`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateCampaignRequest {
    /// An active brand in scope.
    pub brand_id: BrandId,
    /// 3–120.
    pub name: String,
    /// Unique per tenant.
    pub slug: String,
    /// ≤ 2 000.
    #[serde(default)]
    pub description: Option<String>,
    /// Required.
    pub start_date: NaiveDate,
    /// ≥ `startDate`.
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    /// `draft` (default) or `active`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::CampaignStatus>))]
    pub status: Option<String>,
    /// 0–100.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub base_commission_percent: Percent,
    /// `pre_tax` (default) or `post_tax`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::CommissionBasis>))]
    pub commission_basis: Option<String>,
    /// Default false.
    #[serde(default)]
    pub include_shipping: bool,
    /// Default 100; > 0.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub max_discount_percent: Option<Percent>,
    /// ≥ 1.
    #[serde(default)]
    pub max_usage: Option<i32>,
    /// ≥ 0.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub min_order_value: Option<Money>,
    /// Default 15; 0–120.
    #[serde(default)]
    pub confirmation_window_days: Option<i32>,
    /// Default 15; 1–365.
    #[serde(default)]
    pub tier_evaluation_period_days: Option<i32>,
    /// `all` (default), `sku`, `category`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::EligibleScopeType>))]
    pub eligible_scope_type: Option<String>,
    /// Empty for `all`.
    #[serde(default)]
    pub eligible_scope_values: Vec<String>,
    /// Both false by default.
    #[serde(default)]
    pub stacking_rules: Option<StackingRules>,
    /// Optional tiers.
    #[serde(default)]
    pub tiers: Vec<TierInput>,
}

/// `PATCH /campaigns/{id}`: any create field but `brandId` (slug only in draft), plus `status`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateCampaignRequest {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Slug (draft only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Description; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Option<Option<String>>,
    /// Start date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End date; `null` makes it open-ended.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub end_date: Option<Option<NaiveDate>>,
    /// Transition per the state machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::CampaignStatus>))]
    pub status: Option<String>,
    /// Rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub base_commission_percent: Option<Percent>,
    /// Basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::CommissionBasis>))]
    pub commission_basis: Option<String>,
    /// Shipping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_shipping: Option<bool>,
    /// Max discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub max_discount_percent: Option<Percent>,
    /// Max usage; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub max_usage: Option<Option<i32>>,
    /// Minimum order; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub min_order_value: Option<Option<Money>>,
    /// Window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_window_days: Option<i32>,
    /// Evaluation period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_evaluation_period_days: Option<i32>,
    /// Scope type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::EligibleScopeType>))]
    pub eligible_scope_type: Option<String>,
    /// Scope values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligible_scope_values: Option<Vec<String>>,
    /// Stacking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stacking_rules: Option<StackingRules>,
    /// Replaces the tier list, matched by level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<TierInput>>,
}

/// `GET /campaigns` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListCampaignsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// Comma list of statuses.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::CampaignStatus>))]
    pub status: Option<String>,
    /// Name search.
    pub q: Option<String>,
    /// Running on this business date.
    pub active_on: Option<NaiveDate>,
    /// `startDate` (default `-startDate`) or `name`.
    pub sort: Option<String>,
}

/// An influencer's membership of a campaign.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MembershipResponse {
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Influencer's full name.
    pub influencer_name: String,
    /// `active|inactive`.
    pub status: afiliados_domain::MembershipStatus,
    /// When assigned.
    pub assigned_at: DateTime<Utc>,
    /// Who assigned.
    pub assigned_by: Option<UserId>,
    /// Notes.
    pub notes: Option<String>,
    /// Current tier.
    pub tier: Option<TierRef>,
    /// Its codes.
    pub codes: Vec<String>,
}

/// `POST /influencers/{id}/campaigns/{campaignId}` (body optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AssignCampaignRequest {
    /// ≤ 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Default true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_code: Option<bool>,
    /// For the generated code; default the campaign's maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub discount_percent: Option<Percent>,
}

/// Answer of an assignment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AssignCampaignResponse {
    /// The membership.
    pub membership: MembershipResponse,
    /// The generated code, if any.
    pub code: Option<DiscountCodeResponse>,
}

/// `PATCH /influencers/{id}/campaigns/{campaignId}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateMembershipRequest {
    /// `active|inactive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::MembershipStatus>))]
    pub status: Option<String>,
    /// Notes; `null` clears them.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub notes: Option<Option<String>>,
}

/// `GET /campaigns/{id}/influencers` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListMembershipsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// `active|inactive`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::MembershipStatus>))]
    pub status: Option<String>,
    /// Influencer name or email.
    pub q: Option<String>,
}

/// One transition of a campaign's status.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CampaignStatusChange {
    /// Id of the history entry.
    pub id: Uuid,
    /// Previous status (null at creation).
    pub from_status: Option<afiliados_domain::CampaignStatus>,
    /// New status.
    pub to_status: afiliados_domain::CampaignStatus,
    /// Why.
    pub reason: Option<String>,
    /// Who: an email or a system actor.
    pub actor: String,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// `{items}` of a campaign's status changes, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignStatusHistory {
    /// Transitions.
    pub items: Vec<CampaignStatusChange>,
}
