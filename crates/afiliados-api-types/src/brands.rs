//! Brands, withdrawal policies and tax profiles (`api.md` §3 public tax profiles, §5).

use afiliados_domain::ids::{BrandId, UserId};
use afiliados_domain::{Money, Percent};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A brand's withdrawal rules.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalPolicyResponse {
    /// Brand.
    pub brand_id: BrandId,
    /// Brand name.
    pub brand_name: String,
    /// Smallest withdrawal.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub minimum_amount: Money,
    /// ISO 4217.
    pub currency: String,
    /// Days an approved withdrawal waits before it may be paid.
    pub hold_days: i32,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Who changed it last.
    pub updated_by: Option<UserId>,
}

/// A brand.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BrandResponse {
    /// Id.
    pub id: BrandId,
    /// Display name.
    pub name: String,
    /// URL-safe identifier.
    pub slug: String,
    /// Prefix of generated codes (`CETAPHIL`).
    pub coupon_prefix: String,
    /// VTEX catalog brand id; only its lines earn commission when set.
    pub vtex_brand_id: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Public logo route, or null.
    pub logo_url: Option<String>,
    /// `active|inactive`.
    pub status: afiliados_domain::BrandStatus,
    /// admin_marca users of the brand (hidden from AM and IN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_user_ids: Option<Vec<UserId>>,
    /// Withdrawal rules.
    pub withdrawal_policy: WithdrawalPolicyResponse,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Withdrawal rules in a request.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalPolicyInput {
    /// ≥ 0.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub minimum_amount: Money,
    /// ISO 4217, three letters.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// 0–90.
    #[serde(default)]
    pub hold_days: i32,
}

fn default_currency() -> String {
    "COP".into()
}

/// `POST /brands`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateBrandRequest {
    /// 2–80 characters.
    pub name: String,
    /// `^[a-z0-9]+(-[a-z0-9]+)*$`, ≤ 60.
    pub slug: String,
    /// `^[A-Z0-9]{2,10}$`.
    pub coupon_prefix: String,
    /// VTEX catalog brand id.
    #[serde(default)]
    pub vtex_brand_id: Option<String>,
    /// ≤ 1 000 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// Users holding admin_marca.
    #[serde(default)]
    pub owner_user_ids: Vec<UserId>,
    /// Defaults to `{0, COP, 0}`.
    #[serde(default)]
    pub withdrawal_policy: Option<WithdrawalPolicyInput>,
}

/// `PATCH /brands/{id}` (AM may send only `description`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateBrandRequest {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// New prefix (409 `prefix_in_use` once a code uses it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_prefix: Option<String>,
    /// VTEX brand id; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub vtex_brand_id: Option<Option<String>>,
    /// Description; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Option<Option<String>>,
    /// Replaces the owners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_user_ids: Option<Vec<UserId>>,
    /// `active|inactive`; deactivation pauses active campaigns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::BrandStatus>))]
    pub status: Option<String>,
    /// Deactivate even with open withdrawals.
    #[serde(default)]
    pub force: bool,
}

/// `GET /brands` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListBrandsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// `active|inactive`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::BrandStatus>))]
    pub status: Option<String>,
    /// Name search.
    pub q: Option<String>,
}

/// `PUT /brands/{id}/withdrawal-policy`.
pub type UpdateWithdrawalPolicyRequest = WithdrawalPolicyInput;

/// `GET /payments/policies`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalPolicyList {
    /// One per brand in scope.
    pub items: Vec<WithdrawalPolicyResponse>,
}

/// A tax profile.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TaxProfileResponse {
    /// Id.
    pub id: Uuid,
    /// `^[a-z0-9_]{2,40}$`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Withholding percent.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withholding_rate: Percent,
    /// Withholding applies from this gross amount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub threshold_amount: Money,
    /// Offered to influencers.
    pub active: bool,
}

/// `POST /tax-profiles`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateTaxProfileRequest {
    /// Unique code.
    pub code: String,
    /// Name.
    pub name: String,
    /// 0–100.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withholding_rate: Percent,
    /// ≥ 0, default 0.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub threshold_amount: Money,
    /// Default true.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// `PATCH /tax-profiles/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateTaxProfileRequest {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub withholding_rate: Option<Percent>,
    /// ≥ 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub threshold_amount: Option<Money>,
    /// Offered to influencers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// A tax profile as the public registration form shows it (no rates).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicTaxProfile {
    /// Code to send as `taxProfileCode`.
    pub code: String,
    /// Name.
    pub name: String,
}

/// `GET /public/tax-profiles`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicTaxProfileList {
    /// Active profiles.
    pub items: Vec<PublicTaxProfile>,
}

/// `GET /tax-profiles`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxProfileList {
    /// Every profile.
    pub items: Vec<TaxProfileResponse>,
}
