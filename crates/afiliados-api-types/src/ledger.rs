//! `GET /ledger`, `GET /commissions/balances` and `POST /commissions/balances/verify` (`api.md`
//! §1 **LedgerEntry**, **Balance**, §10; `domain.md` §5.13).

use afiliados_domain::Money;
use afiliados_domain::commission::LedgerEntryType;
use afiliados_domain::ids::{BrandId, InfluencerId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The signed bucket movements of one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LedgerDeltas {
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
}

/// **LedgerEntry**.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntryResponse {
    /// Id.
    pub id: Uuid,
    /// Global order of entries.
    pub seq: i64,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Brand.
    pub brand_id: BrandId,
    /// Type.
    pub entry_type: LedgerEntryType,
    /// Always positive.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// Signed movements.
    pub deltas: LedgerDeltas,
    /// Available after the entry.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub available_after: Money,
    /// Commission.
    pub commission_id: Option<Uuid>,
    /// Withdrawal.
    pub withdrawal_id: Option<Uuid>,
    /// Payment.
    pub payment_id: Option<Uuid>,
    /// Adjustment.
    pub adjustment_id: Option<Uuid>,
    /// Settlement run.
    pub settlement_run_id: Option<Uuid>,
    /// Reconciliation.
    pub reconciliation_id: Option<Uuid>,
    /// Text.
    pub description: String,
    /// Who.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// `GET /ledger` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListLedgerQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Influencer (ignored for an influencer).
    pub influencer_id: Option<InfluencerId>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// Comma list of entry types.
    #[cfg_attr(feature = "openapi", param(value_type = Option<LedgerEntryType>))]
    pub entry_type: Option<String>,
    /// Commission.
    pub commission_id: Option<Uuid>,
    /// Withdrawal.
    pub withdrawal_id: Option<Uuid>,
    /// Adjustment.
    pub adjustment_id: Option<Uuid>,
    /// `createdAt` ≥.
    pub from: Option<String>,
    /// `createdAt` <.
    pub to: Option<String>,
    /// `seq` (default `-seq`).
    pub sort: Option<String>,
}

/// **Balance** (per influencer × brand; `brandId` null when grouped by influencer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BalanceResponse {
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Its name.
    pub influencer_name: String,
    /// Brand (null when grouped by influencer).
    pub brand_id: Option<BrandId>,
    /// Its name.
    pub brand_name: Option<String>,
    /// ISO currency.
    pub currency: String,
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
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// `GET /commissions/balances` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListBalancesQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Influencer (ignored for an influencer).
    pub influencer_id: Option<InfluencerId>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// Only available < 0.
    pub negative: Option<bool>,
    /// Only available ≥ this amount.
    pub min_available: Option<String>,
    /// `influencer`: one row per influencer.
    pub group_by: Option<String>,
    /// `available` (default `-available`), `influencerName`.
    pub sort: Option<String>,
}

/// `POST /commissions/balances/verify` body.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VerifyBalancesRequest {
    /// Only this influencer's balances.
    pub influencer_id: Option<InfluencerId>,
    /// Only this brand's balances.
    pub brand_id: Option<BrandId>,
    /// Rewrite mismatching rows from the ledger (default false).
    #[serde(default)]
    pub rebuild: bool,
}

/// A stored bucket that differs from the ledger's fold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BalanceMismatch {
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Brand.
    pub brand_id: BrandId,
    /// Bucket (`estimated`, …, `available`).
    pub field: String,
    /// In the balance row.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub stored: Money,
    /// Σ ledger deltas.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub recomputed: Money,
    /// stored − recomputed.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub difference: Money,
}

/// A cross-check against source records that does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BalanceWarning {
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Brand.
    pub brand_id: BrandId,
    /// Which cross-check.
    pub check: String,
    /// From the source records.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub expected: Money,
    /// In the ledger.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub actual: Money,
}

/// `200` of the verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VerifyBalancesResponse {
    /// Balance rows compared.
    pub checked_balances: u64,
    /// Buckets that differ.
    pub mismatches: Vec<BalanceMismatch>,
    /// Cross-checks that do not hold.
    pub warnings: Vec<BalanceWarning>,
    /// The mismatching rows were rewritten.
    pub rebuilt: bool,
}
