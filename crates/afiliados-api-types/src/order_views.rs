//! `GET /orders`, `GET /orders/{id}`, `GET /vtex/orders` and `POST /vtex/orders/{id}/refetch`
//! (`api.md` §1 **Order**, **OrderLine**, §9). Money is exact: a JSON number with two decimals.

use afiliados_domain::Money;
use afiliados_domain::commission::{
    CommissionState, IneligibilityReason, NonAttributionReason, OrderStatus,
};
use afiliados_domain::ids::{BrandId, CampaignId, CodeId, InfluencerId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The order's commission in brief (`null` when the order has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderCommissionBrief {
    /// Commission id.
    pub id: Uuid,
    /// `estimated|confirmed|reverted`.
    pub state: CommissionState,
    /// Σ line commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_amount: Money,
    /// Commission − reverted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net_amount: Money,
    /// Held.
    pub on_hold: bool,
}

/// One line of an order (detail only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderLineResponse {
    /// Position in the order.
    pub line_index: i32,
    /// SKU.
    pub sku_id: String,
    /// Product.
    pub product_id: String,
    /// Reference code.
    pub ref_id: Option<String>,
    /// Name.
    pub name: String,
    /// VTEX brand id.
    pub vtex_brand_id: Option<String>,
    /// Brand name.
    pub brand_name: Option<String>,
    /// Category path.
    pub category_path: Vec<String>,
    /// Category id.
    pub category_id: Option<String>,
    /// Units.
    pub quantity: i32,
    /// Units removed by order edits.
    pub removed_quantity: i32,
    /// Units returned.
    pub returned_quantity: i32,
    /// Unit price.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub unit_price: Money,
    /// List price.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub list_price: Money,
    /// Selling price.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub selling_price: Money,
    /// Gross.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_gross: Money,
    /// Discount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_discount: Money,
    /// Net.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_net: Money,
    /// Tax.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_tax: Money,
    /// Shipping allocated to the line (0 when the campaign excludes shipping).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub shipping_share: Money,
    /// Gift.
    pub is_gift: bool,
    /// Earns commission.
    pub eligible: bool,
    /// The first failing eligibility rule.
    pub ineligibility_reason: Option<IneligibilityReason>,
    /// Eligible amount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_amount: Money,
}

/// One status move of an order (detail only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderStatusChange {
    /// Before (null for the first version).
    pub from_status: Option<OrderStatus>,
    /// After.
    pub to_status: OrderStatus,
    /// Raw VTEX state.
    pub vtex_status: String,
    /// VTEX `lastChange` of the version.
    pub changed_at: DateTime<Utc>,
    /// `hook|push|feed|reconciliation|refetch`.
    pub source: String,
}

/// **Order** (`api.md` §1): `lines` and `statusHistory` only on `GET /orders/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderResponse {
    /// Id.
    pub id: Uuid,
    /// VTEX order id.
    pub vtex_order_id: String,
    /// VTEX sequence.
    pub sequence: Option<String>,
    /// Platform status.
    pub status: OrderStatus,
    /// Raw VTEX state.
    pub vtex_status: String,
    /// The last VTEX state was unknown.
    pub status_unmapped: bool,
    /// Placed.
    pub placed_at: DateTime<Utc>,
    /// Paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// Invoiced.
    pub invoiced_at: Option<DateTime<Utc>>,
    /// Shipped.
    pub shipped_at: Option<DateTime<Utc>>,
    /// Canceled.
    pub canceled_at: Option<DateTime<Utc>>,
    /// Returned.
    pub returned_at: Option<DateTime<Utc>>,
    /// ISO currency.
    pub currency: String,
    /// Items.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub items_total: Money,
    /// Discounts (positive).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub discounts_total: Money,
    /// Shipping.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub shipping_amount: Money,
    /// Tax.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub tax_amount: Money,
    /// Order value.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub total_amount: Money,
    /// Σ line nets.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net_items_total: Money,
    /// Σ eligible amounts.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_amount: Money,
    /// Coupon as received.
    pub coupon_code: Option<String>,
    /// The matched code (even when not attributed).
    pub discount_code_id: Option<CodeId>,
    /// Its brand.
    pub brand_id: Option<BrandId>,
    /// Its influencer.
    pub influencer_id: Option<InfluencerId>,
    /// Its campaign.
    pub campaign_id: Option<CampaignId>,
    /// Attributed (frozen at first ingestion).
    pub attributed: bool,
    /// The first failing check.
    pub non_attribution_reason: Option<NonAttributionReason>,
    /// The customer is the influencer.
    pub self_referral: bool,
    /// VTEX `lastChange` of the stored version.
    pub last_change: DateTime<Utc>,
    /// Versions applied.
    pub ingest_count: i32,
    /// Source of the last version.
    pub last_source: String,
    /// The order's commission.
    pub commission: Option<OrderCommissionBrief>,
    /// Lines (detail only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<OrderLineResponse>>,
    /// Status moves (detail only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_history: Option<Vec<OrderStatusChange>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// `GET /orders` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListOrdersQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Comma list of statuses.
    #[cfg_attr(feature = "openapi", param(value_type = Option<OrderStatus>))]
    pub status: Option<String>,
    /// Attributed or not.
    pub attributed: Option<bool>,
    /// Comma list of non-attribution reasons.
    #[cfg_attr(feature = "openapi", param(value_type = Option<NonAttributionReason>))]
    pub non_attribution_reason: Option<String>,
    /// Influencer (ignored for an influencer: always its own).
    pub influencer_id: Option<InfluencerId>,
    /// Campaign.
    pub campaign_id: Option<CampaignId>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// Coupon (case-insensitive, exact).
    pub coupon_code: Option<String>,
    /// VTEX order id.
    pub vtex_order_id: Option<String>,
    /// Self-referral.
    pub self_referral: Option<bool>,
    /// `placedAt` ≥ (instant or Bogota date).
    pub from: Option<String>,
    /// `placedAt` < (instant or Bogota date).
    pub to: Option<String>,
    /// `placedAt` (default `-placedAt`), `totalAmount`.
    pub sort: Option<String>,
}

/// `GET /vtex/orders` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListVtexOrdersQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Orders whose last VTEX state was unknown.
    pub flagged: Option<bool>,
    /// Comma list of raw VTEX states.
    pub vtex_status: Option<String>,
    /// VTEX order id.
    pub vtex_order_id: Option<String>,
    /// `placedAt` ≥.
    pub from: Option<String>,
    /// `placedAt` <.
    pub to: Option<String>,
}

/// `POST /vtex/orders/{vtexOrderId}/refetch` body (optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RefetchOrderRequest {
    /// Recompute even when `lastChange` is unchanged (default true).
    pub force: Option<bool>,
}

/// `202` of the refetch: the job's outbox id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RefetchAccepted {
    /// The `job_outbox` row.
    pub job_id: Uuid,
}
