//! `GET /orders/{id}/explain` and `GET /commissions/{id}/explain` (`api.md` §9): every attribution
//! check with what it compared, the frozen rule, each line with its formula, the shipping
//! allocation, the commission and its transitions.

use afiliados_domain::commission::{IneligibilityReason, NonAttributionReason};
use afiliados_domain::ids::CodeId;
use afiliados_domain::{CommissionBasis, EligibleScopeType, Money, Percent};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::commissions::{CommissionResponse, TransitionResponse};
use crate::order_views::OrderResponse;

/// The coupon and the code it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedCoupon {
    /// As received.
    pub raw: Option<String>,
    /// Trimmed, upper case.
    pub normalized: Option<String>,
    /// The matched code.
    pub matched_code_id: Option<CodeId>,
    /// Its text.
    pub matched_code: Option<String>,
}

/// The eight checks of `domain.md` §5.7, with the spec's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExplainedCheckName {
    /// 1.
    HasCoupon,
    /// 2.
    CodeExists,
    /// 3.
    CodeCreatedBeforeOrder,
    /// 4.
    CodeEnabledAtPlacement,
    /// 5.
    InfluencerApprovedAtPlacement,
    /// 6.
    CampaignActiveAtPlacement,
    /// 7.
    CampaignWithinDates,
    /// 8.
    MinOrderValue,
}

/// One check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedCheck {
    /// Which.
    pub check: ExplainedCheckName,
    /// Held.
    pub passed: bool,
    /// False when it could not run (no coupon, no code).
    pub evaluated: bool,
    /// The matched code (check 2).
    pub detail: Option<String>,
    /// The values compared (camelCase keys as in `api.md` §9).
    pub compared: Option<serde_json::Value>,
}

/// Self-referral verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedSelfReferral {
    /// Flagged at first ingestion.
    pub flagged: bool,
    /// `email|document` when the hold transition recorded it.
    pub matched_on: Option<String>,
}

/// The attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedAttribution {
    /// As frozen on the order.
    pub attributed: bool,
    /// The first failing check, as frozen.
    pub reason: Option<NonAttributionReason>,
    /// The eight checks.
    pub checks: Vec<ExplainedCheck>,
    /// Self-referral.
    pub self_referral: ExplainedSelfReferral,
}

/// The tier of the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedTier {
    /// Level (0: base percent).
    pub level: u32,
    /// Name.
    pub name: String,
}

/// The eligible scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedScope {
    /// `all|category|sku|…`.
    #[serde(rename = "type")]
    pub scope_type: EligibleScopeType,
    /// Values.
    pub values: Vec<String>,
}

/// The frozen rule snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedRule {
    /// Campaign version.
    pub campaign_version: i32,
    /// Rate.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_rate: Percent,
    /// Tier.
    pub tier: ExplainedTier,
    /// `tier` when a tier gave the rate, `base_commission` otherwise.
    pub tier_source: String,
    /// Basis.
    pub commission_basis: CommissionBasis,
    /// Shipping counts.
    pub include_shipping: bool,
    /// Scope.
    pub eligible_scope: ExplainedScope,
    /// The brand's VTEX id.
    pub vtex_brand_id: Option<String>,
    /// Stacking rules.
    pub stacking_rules: serde_json::Value,
    /// Days from payment to confirmation.
    pub confirmation_window_days: u32,
}

/// One line of the calculation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedLine {
    /// Index.
    pub line_index: i32,
    /// Name.
    pub name: String,
    /// Earns commission.
    pub eligible: bool,
    /// `eligible` or the first failing rule.
    pub reason: String,
    /// The failing rule, typed.
    pub ineligibility_reason: Option<IneligibilityReason>,
    /// Net.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_net: Money,
    /// Tax.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_tax: Money,
    /// Shipping share counted (0 when shipping does not count).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub shipping_share: Money,
    /// Eligible amount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_amount: Money,
    /// Line commission.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_amount: Money,
    /// `125820.00 × 10.00 / 100 = 12582.00` (eligible lines).
    pub formula: Option<String>,
    /// Units returned.
    pub returned_quantity: i32,
    /// Commission reverted on the line.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub reverted_amount: Money,
}

/// How the order's shipping spreads over its lines (`domain.md` §5.8.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ShippingAllocation {
    /// The order's shipping.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub shipping_total: Money,
    /// Σ line nets.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub base: Money,
    /// One share per line, by index.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<f64>))]
    pub shares: Vec<Money>,
}

/// A webhook delivery that carried the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainedDelivery {
    /// Delivery id.
    pub id: Uuid,
}

/// `200` of the explain endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderExplanation {
    /// The order (without lines).
    pub order: OrderResponse,
    /// The coupon.
    pub coupon: ExplainedCoupon,
    /// The attribution.
    pub attribution: ExplainedAttribution,
    /// The frozen rule (null when not attributed).
    pub rule: Option<ExplainedRule>,
    /// The lines (null when not attributed).
    pub lines: Option<Vec<ExplainedLine>>,
    /// Shipping spread.
    pub shipping_allocation: ShippingAllocation,
    /// The commission (null when not attributed).
    pub commission: Option<CommissionResponse>,
    /// Its trail.
    pub transitions: Vec<TransitionResponse>,
    /// Webhook deliveries (omitted for influencers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliveries: Option<Vec<ExplainedDelivery>>,
}
