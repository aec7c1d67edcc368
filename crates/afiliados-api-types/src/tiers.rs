//! Tier evaluation and history (`api.md` §10, §21.6; `domain.md` §5.11).

use afiliados_domain::ids::{CampaignId, InfluencerId};
use afiliados_domain::{Money, Percent};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /commissions/tiers/evaluate` body (every field optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EvaluateTiersRequest {
    /// One campaign; default every `active` campaign with tiers.
    pub campaign_id: Option<CampaignId>,
    /// An instant (RFC 3339) or a date (00:00 Bogota); not in the future; default now.
    pub evaluation_date: Option<String>,
    /// Compute the results, change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// `POST /internal/v1/tiers/evaluate-due` body: the worker's `TIER_EVALUATION_CRON` tick.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateDueTiersRequest {
    /// The cron tick the worker enqueued the job for.
    pub scheduled_at: DateTime<Utc>,
    /// "Today": campaigns with `next_tier_evaluation_on ≤ date` are due; default the Bogota date
    /// of the api's now; never after it.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// A tier as a change names it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierLabel {
    /// Level (0 for the virtual `Base` of a campaign without tiers).
    pub level: i32,
    /// Name.
    pub name: String,
    /// Rate.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_percent: Percent,
}

/// Direction of a membership's move.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TierDirection {
    /// A higher level.
    Upgrade,
    /// A lower level.
    Downgrade,
    /// The same level.
    None,
}

/// **TierChange**: one membership's result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierChangeResponse {
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Influencer's name.
    pub influencer_name: String,
    /// The tier before `E`.
    pub previous_tier: TierLabel,
    /// The tier from `E` (the same one when unchanged).
    pub new_tier: TierLabel,
    /// Whether the level changed.
    pub changed: bool,
    /// `upgrade|downgrade|none`.
    pub direction: TierDirection,
    /// Σ eligible still standing of the confirmed commissions of the window.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub sales_volume: Money,
}

/// One campaign's evaluation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierEvaluationResponse {
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Campaign name.
    pub campaign_name: String,
    /// `E`.
    pub evaluation_at: DateTime<Utc>,
    /// `E − P days`.
    pub window_start: DateTime<Utc>,
    /// `E` (exclusive).
    pub window_end: DateTime<Utc>,
    /// Memberships evaluated.
    pub evaluated: i64,
    /// Memberships whose tier changed (or would, on a dry run).
    pub changed: i64,
    /// One per membership evaluated.
    pub results: Vec<TierChangeResponse>,
}

/// `200` of `POST /commissions/tiers/evaluate` and `POST /internal/v1/tiers/evaluate-due`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierEvaluationsResponse {
    /// One per campaign evaluated.
    pub evaluations: Vec<TierEvaluationResponse>,
}

/// **TierHistoryEntry**: one period during which a tier applied to a membership.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierHistoryEntry {
    /// Id.
    pub id: Uuid,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Campaign name.
    pub campaign_name: String,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Level.
    pub tier_level: i32,
    /// Name at the time.
    pub tier_name: String,
    /// Rate at the time.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_percent: Percent,
    /// Start (inclusive).
    pub effective_from: DateTime<Utc>,
    /// End (exclusive); null while current.
    pub effective_to: Option<DateTime<Utc>>,
    /// The evaluation window's start (null for `initial` and `tier_removed`).
    pub window_start: Option<DateTime<Utc>>,
    /// The evaluation window's end.
    pub window_end: Option<DateTime<Utc>>,
    /// The window's volume.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub sales_volume: Option<Money>,
    /// `initial|upgrade|downgrade|tier_removed`.
    pub reason: String,
    /// Who (a user's email or a system actor).
    pub triggered_by: String,
}

/// `GET /commissions/tiers/history` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListTierHistoryQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Campaign.
    pub campaign_id: Option<CampaignId>,
    /// Influencer (replaced by the caller's own id for an influencer).
    pub influencer_id: Option<InfluencerId>,
    /// Comma list of `initial|upgrade|downgrade|tier_removed`.
    pub reason: Option<String>,
    /// Only current periods (`true`) or only closed ones (`false`).
    pub current: Option<bool>,
    /// `effectiveFrom` or `-effectiveFrom` (default).
    pub sort: Option<String>,
}
