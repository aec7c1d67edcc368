//! `/commissions/*` except tiers and settlements (`api.md` §1 **Commission**, **Transition**,
//! §10): lists, detail, summary, the audit trail and the staff acts hold, release and revert.

use afiliados_domain::commission::{CommissionState, HoldReason, ReversalReason, TransitionKind};
use afiliados_domain::ids::{BrandId, CampaignId, CodeId, InfluencerId};
use afiliados_domain::{Money, Percent};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The tier a commission was priced with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommissionTier {
    /// Tier row (null for the campaign's base percent).
    pub id: Option<Uuid>,
    /// Level (0: base percent).
    pub level: i32,
    /// Name.
    pub name: String,
}

/// One line of a commission (detail only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommissionLineResponse {
    /// The order line.
    pub order_line_id: Uuid,
    /// Its index.
    pub line_index: i32,
    /// Eligible amount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_amount: Money,
    /// Line commission.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_amount: Money,
    /// Units reverted.
    pub reverted_quantity: i32,
    /// Amount reverted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub reverted_amount: Money,
}

/// **Transition**: one row of a commission's trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TransitionResponse {
    /// Id.
    pub id: Uuid,
    /// Commission.
    pub commission_id: Uuid,
    /// Before (null when created).
    pub from_state: Option<CommissionState>,
    /// After.
    pub to_state: CommissionState,
    /// What happened.
    pub kind: TransitionKind,
    /// Amount moved (0 for holds).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// Reason code or staff text.
    pub reason: Option<String>,
    /// `system:ingest`, `user:<email>`, …
    pub triggered_by: String,
    /// Facts of the move.
    pub context: serde_json::Value,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// **Commission** (`api.md` §1): `lines`, `transitions` and `ruleSnapshot` only on detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommissionResponse {
    /// Id.
    pub id: Uuid,
    /// Order.
    pub order_id: Uuid,
    /// VTEX order id.
    pub vtex_order_id: String,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Its name.
    pub influencer_name: String,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Its name.
    pub campaign_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Code.
    pub discount_code_id: CodeId,
    /// Its text.
    pub code: String,
    /// State.
    pub state: CommissionState,
    /// Frozen rate.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_rate: Percent,
    /// Tier at placement.
    pub tier: CommissionTier,
    /// Campaign version used.
    pub campaign_version: i32,
    /// Σ eligible.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_amount: Money,
    /// Σ line commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_amount: Money,
    /// Cumulative reversals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub reverted_amount: Money,
    /// Commission − reverted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net_amount: Money,
    /// The order's value.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub order_total: Money,
    /// Held.
    pub on_hold: bool,
    /// Why (kept after a release, for the record).
    pub hold_reason: Option<HoldReason>,
    /// When held.
    pub held_at: Option<DateTime<Utc>>,
    /// Created.
    pub estimated_at: DateTime<Utc>,
    /// Anchor + window.
    pub confirmation_due_at: Option<DateTime<Utc>>,
    /// Confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Reverted.
    pub reverted_at: Option<DateTime<Utc>>,
    /// Why reverted.
    pub reversal_reason: Option<ReversalReason>,
    /// Settlement run that confirmed or reverted it.
    pub settlement_run_id: Option<Uuid>,
    /// Lines (detail only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<CommissionLineResponse>>,
    /// Trail (detail only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitions: Option<Vec<TransitionResponse>>,
    /// Frozen rules (detail only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_snapshot: Option<serde_json::Value>,
}

/// `GET /commissions` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListCommissionsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Comma list of states.
    #[cfg_attr(feature = "openapi", param(value_type = Option<CommissionState>))]
    pub state: Option<String>,
    /// Held or not.
    pub on_hold: Option<bool>,
    /// Influencer (ignored for an influencer).
    pub influencer_id: Option<InfluencerId>,
    /// Campaign.
    pub campaign_id: Option<CampaignId>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// VTEX order id.
    pub vtex_order_id: Option<String>,
    /// Settlement run.
    pub settlement_run_id: Option<Uuid>,
    /// `estimatedAt` ≥.
    pub from: Option<String>,
    /// `estimatedAt` <.
    pub to: Option<String>,
    /// `confirmedAt` ≥.
    pub confirmed_from: Option<String>,
    /// `confirmedAt` <.
    pub confirmed_to: Option<String>,
    /// `estimatedAt` (default `-estimatedAt`), `confirmedAt`, `commissionAmount`.
    pub sort: Option<String>,
}

/// `GET /commissions/summary` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct CommissionSummaryQuery {
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// Campaign.
    pub campaign_id: Option<CampaignId>,
    /// Influencer (ignored for an influencer).
    pub influencer_id: Option<InfluencerId>,
    /// Order `placedAt` ≥.
    pub from: Option<String>,
    /// Order `placedAt` <.
    pub to: Option<String>,
}

/// A count and a sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CountAmount {
    /// Commissions.
    pub count: i64,
    /// Σ amount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
}

/// `200` of `GET /commissions/summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommissionSummary {
    /// State `estimated`: Σ net.
    pub estimated: CountAmount,
    /// State `confirmed`: Σ net.
    pub confirmed: CountAmount,
    /// Any commission with a reversal: Σ reverted (partial reversals count).
    pub reverted: CountAmount,
    /// Held: Σ net.
    pub on_hold: CountAmount,
    /// Σ eligible of non-reverted commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub eligible_amount: Money,
}

/// `POST /commissions/{id}/hold` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HoldCommissionRequest {
    /// `fraud_review|manual`.
    pub reason: Option<String>,
    /// 3–500 characters.
    pub notes: Option<String>,
}

/// `POST /commissions/{id}/release` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReleaseCommissionRequest {
    /// 3–500 characters.
    pub notes: Option<String>,
}

/// `POST /commissions/{id}/revert` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RevertCommissionRequest {
    /// 3–500 characters.
    pub reason: Option<String>,
}

/// `GET /commissions/audit` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct CommissionAuditQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Commission.
    pub commission_id: Option<Uuid>,
    /// Influencer.
    pub influencer_id: Option<InfluencerId>,
    /// Comma list of transition kinds.
    #[cfg_attr(feature = "openapi", param(value_type = Option<TransitionKind>))]
    pub kind: Option<String>,
    /// Comma list of states.
    #[cfg_attr(feature = "openapi", param(value_type = Option<CommissionState>))]
    pub to_state: Option<String>,
    /// `occurredAt` ≥.
    pub from: Option<String>,
    /// `occurredAt` <.
    pub to: Option<String>,
}
