//! Money out: withdrawals, payments, payout batches and adjustments (`api.md` §1 **Withdrawal**,
//! **Payment**, **PayoutBatch**, **Adjustment**, §11; `domain.md` §3.8, §5.14, §5.15).

use afiliados_domain::commission::{AdjustmentKind, Recovery};
use afiliados_domain::ids::{AdjustmentId, BrandId, InfluencerId, PaymentId, UserId, WithdrawalId};
use afiliados_domain::{
    AdjustmentResolution, AdjustmentStatus, Money, PaymentMethod, PayoutBatchStatus,
    WithdrawalEventAction, WithdrawalStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::influencers::DocumentResponse;

/// `{id, email}` of the user who requested a withdrawal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequesterRef {
    /// User id.
    pub id: UserId,
    /// E-mail.
    pub email: String,
}

/// One row of a withdrawal's decision log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalEvent {
    /// What happened.
    pub action: WithdrawalEventAction,
    /// The acting user's id, or `system`.
    pub actor: String,
    /// Free text.
    pub notes: Option<String>,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// **Withdrawal**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalResponse {
    /// Id.
    pub id: WithdrawalId,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Its name.
    pub influencer_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Requested amount (the payable gross once approved).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// ISO currency.
    pub currency: String,
    /// `pending|approved|rejected|paid`.
    pub status: WithdrawalStatus,
    /// Who asked.
    pub requested_by: RequesterRef,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// Requester's notes.
    pub notes: Option<String>,
    /// Who decided.
    pub decided_by: Option<UserId>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// Decider's notes.
    pub decision_notes: Option<String>,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// Approved: payable from this instant.
    pub payable_from: Option<DateTime<Utc>>,
    /// The exported batch holding it.
    pub batch_id: Option<Uuid>,
    /// Its payment.
    pub payment_id: Option<PaymentId>,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// Attached files (invoices, certificates).
    pub documents: Vec<DocumentResponse>,
    /// The decision log, oldest first.
    pub events: Vec<WithdrawalEvent>,
    /// A pending or approved request as FI, AD and the influencer itself see it: what paying it
    /// now would withhold (the influencer's tax profile or the tenant default, `domain.md`
    /// §5.14.3, ADR 0053). Absent for rejected and paid requests and for AM, GA and AU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withholding_preview: Option<WithholdingPreview>,
}

/// `withholdingPreview` of a Withdrawal: the payment's split computed by the api before paying,
/// so the pay form shows gross, rate, withheld and net without the web doing any arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithholdingPreview {
    /// Gross (the approved amount).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub gross: Money,
    /// Percent withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub rate: afiliados_domain::Percent,
    /// Withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withheld: Money,
    /// Net to transfer.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net: Money,
    /// Tax profile that would apply — the influencer's own, else the tenant default, as the
    /// payment's `taxProfileCode` (null: no profile at all, nothing withheld).
    pub tax_profile_code: Option<String>,
}

/// `POST /payments/withdrawals`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateWithdrawalRequest {
    /// The brand's id, or its slug.
    pub brand_id: String,
    /// > 0, two decimals at most, ≥ the brand's minimum.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// ≤ 500.
    #[serde(default)]
    pub notes: Option<String>,
    /// Required for staff; ignored for influencers.
    #[serde(default)]
    pub influencer_id: Option<InfluencerId>,
}

/// `PATCH /payments/withdrawals/{id}/decision`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DecideWithdrawalRequest {
    /// `approved|rejected`.
    pub status: WithdrawalStatus,
    /// ≤ 500.
    #[serde(default)]
    pub notes: Option<String>,
    /// 3–500; required for `rejected` (then `notes` is used when absent).
    #[serde(default)]
    pub rejection_reason: Option<String>,
}

/// `POST /payments/withdrawals/{id}/pay`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PayWithdrawalRequest {
    /// The approved amount ± 0.01.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// Not in the future, not before the request date.
    pub payment_date: NaiveDate,
    /// `bank_transfer|digital_wallet|other` (also `transfer`, `transferencia`, `nequi`,
    /// `daviplata`).
    pub method: String,
    /// 3–100.
    pub reference: String,
    /// ≤ 500.
    #[serde(default)]
    pub notes: Option<String>,
}

/// **Payment**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PaymentResponse {
    /// Id.
    pub id: PaymentId,
    /// The withdrawal paid.
    pub withdrawal_id: WithdrawalId,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Brand.
    pub brand_id: BrandId,
    /// Gross (the approved amount).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// Percent withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withholding_rate: afiliados_domain::Percent,
    /// Withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub tax_withheld: Money,
    /// Net paid.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net_amount: Money,
    /// Tax profile applied.
    pub tax_profile_code: Option<String>,
    /// ISO currency.
    pub currency: String,
    /// Method.
    pub method: PaymentMethod,
    /// Reference.
    pub reference: String,
    /// Value date.
    pub payment_date: NaiveDate,
    /// Who paid.
    pub paid_by: UserId,
    /// Batch.
    pub batch_id: Option<Uuid>,
    /// Notes.
    pub notes: Option<String>,
    /// Vouchers, receipts, certificates.
    pub documents: Vec<DocumentResponse>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// `POST /payments/batches`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateBatchRequest {
    /// One brand (all when absent).
    #[serde(default)]
    pub brand_id: Option<BrandId>,
    /// An explicit subset (each approved, payable and unbatched).
    #[serde(default)]
    pub withdrawal_ids: Option<Vec<WithdrawalId>>,
}

/// `POST /payments/batches/{id}/pay`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PayBatchRequest {
    /// Value date.
    pub payment_date: NaiveDate,
    /// As for one payment.
    pub method: String,
    /// The batch reference (3–83 characters); each payment stores `<reference>/AFI-xxxxxxxxxxxx`.
    pub reference: String,
    /// ≤ 500.
    #[serde(default)]
    pub notes: Option<String>,
}

/// **PayoutBatch**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PayoutBatchResponse {
    /// Id.
    pub id: Uuid,
    /// One brand, or null for all.
    pub brand_id: Option<BrandId>,
    /// `exported|paid|cancelled`.
    pub status: PayoutBatchStatus,
    /// Its withdrawals.
    pub withdrawal_ids: Vec<WithdrawalId>,
    /// Count.
    pub withdrawal_count: i32,
    /// Σ gross.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub total_gross: Money,
    /// Σ withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub total_withheld: Money,
    /// Σ net.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub total_net: Money,
    /// The payout CSV route.
    pub csv_url: String,
    /// Creator.
    pub created_by: UserId,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// By.
    pub paid_by: Option<UserId>,
    /// Cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The payments, in the answer of `POST /payments/batches/{id}/pay` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payments: Option<Vec<PaymentResponse>>,
}

/// **Adjustment**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentResponse {
    /// Id.
    pub id: AdjustmentId,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Its name.
    pub influencer_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// `manual|clawback`.
    pub kind: AdjustmentKind,
    /// The debt.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// ISO currency.
    pub currency: String,
    /// `pending|resolved`.
    pub status: AdjustmentStatus,
    /// `recovered|written_off`.
    pub resolution_type: Option<AdjustmentResolution>,
    /// `netting|repayment`.
    pub recovery_method: Option<Recovery>,
    /// The incoming transfer of a repayment.
    pub recovery_reference: Option<String>,
    /// Why.
    pub reason: String,
    /// The commission.
    pub commission_id: Option<Uuid>,
    /// The order.
    pub order_id: Option<Uuid>,
    /// The reconciliation.
    pub reconciliation_id: Option<Uuid>,
    /// Who or what opened it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// When.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Notes.
    pub resolution_notes: Option<String>,
}

/// `POST /payments/adjustments` (kind `manual`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateAdjustmentRequest {
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Brand.
    pub brand_id: BrandId,
    /// > 0.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// 10–500.
    pub reason: String,
    /// Optional order.
    #[serde(default)]
    pub order_id: Option<Uuid>,
    /// Optional commission.
    #[serde(default)]
    pub commission_id: Option<Uuid>,
}

/// `PATCH /payments/adjustments/{id}/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResolveAdjustmentRequest {
    /// `recovered|written_off`.
    pub resolution_type: AdjustmentResolution,
    /// `netting` (default) or `repayment`; only with `recovered`.
    #[serde(default)]
    pub recovery_method: Option<Recovery>,
    /// Required for `repayment`.
    #[serde(default)]
    pub reference: Option<String>,
    /// ≤ 500.
    #[serde(default)]
    pub notes: Option<String>,
}

/// `GET /payments/withdrawals` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListWithdrawalsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Comma list of `pending,approved,rejected,paid`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<WithdrawalStatus>))]
    pub status: Option<String>,
    /// Influencer (replaced by the caller's own for an influencer).
    pub influencer_id: Option<InfluencerId>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// Batch.
    pub batch_id: Option<Uuid>,
    /// Approved and payable now.
    pub payable: Option<bool>,
    /// `requestedAt` ≥.
    pub from: Option<String>,
    /// `requestedAt` <.
    pub to: Option<String>,
    /// `requestedAt` (default `-requestedAt`) or `amount`.
    pub sort: Option<String>,
}

/// `GET /payments` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListPaymentsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Influencer (replaced by the caller's own for an influencer).
    pub influencer_id: Option<InfluencerId>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// Batch.
    pub batch_id: Option<Uuid>,
    /// Method.
    pub method: Option<String>,
    /// `paymentDate` ≥ (a business date; an instant counts as its Bogotá date).
    pub from: Option<String>,
    /// `paymentDate` < — exclusive, as every range (`api.md` §0.3).
    pub to: Option<String>,
    /// `paymentDate` (default `-paymentDate`).
    pub sort: Option<String>,
}

/// `GET /payments/batches` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListBatchesQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Comma list of `exported|paid|cancelled`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<PayoutBatchStatus>))]
    pub status: Option<String>,
    /// Brand.
    pub brand_id: Option<BrandId>,
}

/// `GET /payments/adjustments` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListAdjustmentsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// `pending,resolved`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<AdjustmentStatus>))]
    pub status: Option<String>,
    /// `manual|clawback`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<AdjustmentKind>))]
    pub kind: Option<String>,
    /// `recovered|written_off`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<AdjustmentResolution>))]
    pub resolution_type: Option<String>,
    /// Influencer (replaced by the caller's own for an influencer).
    pub influencer_id: Option<InfluencerId>,
    /// Brand.
    pub brand_id: Option<BrandId>,
    /// `createdAt` ≥.
    pub from: Option<String>,
    /// `createdAt` <.
    pub to: Option<String>,
}
