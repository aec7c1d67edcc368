//! Discount codes and their VTEX coupon sync (`api.md` §8).

use afiliados_domain::Percent;
use afiliados_domain::ids::{BrandId, CampaignId, CodeId, InfluencerId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where a code's VTEX coupon stands.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CodeSyncResponse {
    /// `pending|synced|failed`.
    #[cfg_attr(feature = "openapi", schema(value_type = afiliados_domain::SyncState))]
    pub state: String,
    /// Desired-state revision.
    pub revision: i32,
    /// Last revision VTEX confirmed.
    pub synced_revision: Option<i32>,
    /// VTEX coupon id.
    pub vtex_coupon_id: Option<String>,
    /// Last success.
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Last failure, shown until a later success.
    pub last_sync_error: Option<String>,
}

/// A discount code.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiscountCodeResponse {
    /// Id.
    pub id: CodeId,
    /// The coupon code (`CETAPHIL-ISABELA7KQ2`).
    pub code: String,
    /// Chosen by staff rather than generated.
    pub custom: bool,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Campaign name.
    pub campaign_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Influencer's full name.
    pub influencer_name: String,
    /// Customer discount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub discount_percent: Percent,
    /// First valid business date.
    pub starts_on: Option<NaiveDate>,
    /// Last valid business date.
    pub ends_on: Option<NaiveDate>,
    /// Total uses allowed.
    pub max_uses: Option<i32>,
    /// Uses per customer.
    pub max_uses_per_customer: Option<i32>,
    /// Attributed orders so far.
    pub usage_count: i32,
    /// The manual switch.
    pub enabled: bool,
    /// Why it was disabled.
    pub disabled_reason: Option<String>,
    /// Derived: `pending|active|inactive`.
    pub status: afiliados_domain::CodeStatus,
    /// VTEX coupon sync.
    pub sync: CodeSyncResponse,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// `POST /codes`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateCodeRequest {
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Influencer (made a member when not one yet).
    pub influencer_id: InfluencerId,
    /// Custom code; generated when absent.
    #[serde(default)]
    pub code: Option<String>,
    /// ≤ the campaign's maximum (the default).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub discount_percent: Option<Percent>,
    /// Inside the campaign's dates.
    #[serde(default)]
    pub starts_on: Option<NaiveDate>,
    /// Inside the campaign's dates.
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    /// ≥ 1.
    #[serde(default)]
    pub max_uses: Option<i32>,
    /// ≥ 1.
    #[serde(default)]
    pub max_uses_per_customer: Option<i32>,
    /// A second enabled code for the same pair.
    #[serde(default)]
    pub additional: bool,
}

/// `PATCH /codes/{id}` (the code string never changes).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateCodeRequest {
    /// ≤ the campaign's maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub discount_percent: Option<Percent>,
    /// `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub starts_on: Option<Option<NaiveDate>>,
    /// `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub ends_on: Option<Option<NaiveDate>>,
    /// ≥ the current usage; `null` means unlimited.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub max_uses: Option<Option<i32>>,
    /// `null` means unlimited.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub max_uses_per_customer: Option<Option<i32>>,
    /// The manual switch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Required when `enabled: false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
}

/// `GET /codes` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListCodesQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Campaign.
    pub campaign_id: Option<CampaignId>,
    /// Influencer.
    pub influencer_id: Option<InfluencerId>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// Comma list of `pending|active|inactive`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::CodeStatus>))]
    pub status: Option<String>,
    /// Comma list of `pending|synced|failed`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::SyncState>))]
    pub sync_state: Option<String>,
    /// Code search.
    pub q: Option<String>,
    /// `createdAt` (default `-createdAt`), `code`, `usageCount`.
    pub sort: Option<String>,
}
