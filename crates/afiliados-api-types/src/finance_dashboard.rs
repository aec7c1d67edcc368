//! `GET /dashboard/finance` (`api.md` §15; `domain.md` §6.3): Finance's view of the money — the
//! wallet across every balance, withdrawals to decide and to pay, payments of the month, open
//! debts, commissions by state, settlement and reconciliation status, per-brand figures and the
//! withdrawal policies. Read-only; money exact; carries `generatedAt`.

use afiliados_domain::Money;
use afiliados_domain::ids::{BrandId, InfluencerId, PaymentId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::brands::WithdrawalPolicyResponse;
pub use crate::commissions::CountAmount;

/// `GET /dashboard/finance` query.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct FinanceDashboardQuery {
    /// Narrows every figure to one brand (404 when unknown).
    pub brand_id: Option<BrandId>,
}

/// `wallet`: Σ of every balance row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceWallet {
    /// Σ estimated.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub estimated: Money,
    /// Σ confirmed ("Comisión confirmada acumulada": credit, not money to withdraw).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed: Money,
    /// Σ pending withdrawal.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub pending_withdrawal: Money,
    /// Σ withdrawn.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withdrawn: Money,
    /// Σ pending adjustments.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub pending_adjustments: Money,
    /// Σ available (algebraic).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub available: Money,
    /// Σ of the positive availables: what influencers could withdraw now.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub available_positive: Money,
    /// Balances below zero.
    pub negative_balances: NegativeBalances,
}

/// `wallet.negativeBalances`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NegativeBalances {
    /// How many balances.
    pub count: i64,
    /// Σ of their (negative) availables.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub total: Money,
}

/// `withdrawals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceWithdrawals {
    /// Awaiting a decision ("Retiros por decidir": not a balance).
    pub pending: CountAmount,
    /// Approved and payable now.
    pub approved_payable: CountAmount,
    /// Approved, still inside the brand's hold days.
    pub approved_on_hold: CountAmount,
    /// Requested on today's Bogotá date.
    pub requested_today: CountAmount,
    /// Age in hours of the oldest pending request (null when none).
    pub oldest_pending_hours: Option<i64>,
}

/// One of `payments.recent[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceRecentPayment {
    /// Id.
    pub id: PaymentId,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Its name.
    pub influencer_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Gross.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub gross: Money,
    /// Withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withheld: Money,
    /// Net.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net: Money,
    /// Value date.
    pub payment_date: NaiveDate,
}

/// `payments.thisMonth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PaymentTotals {
    /// How many.
    pub count: i64,
    /// Σ gross.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub gross: Money,
    /// Σ withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withheld: Money,
    /// Σ net.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net: Money,
}

/// `payments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinancePayments {
    /// Payments whose `payment_date` is in this Bogotá month.
    pub this_month: PaymentTotals,
    /// The 10 newest.
    pub recent: Vec<FinanceRecentPayment>,
}

/// `adjustments.byKind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentsByKind {
    /// Open clawback debts.
    pub clawback: CountAmount,
    /// Open manual debts.
    pub manual: CountAmount,
}

/// `adjustments`: open debts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceAdjustments {
    /// Every pending adjustment.
    pub pending: CountAmount,
    /// Split by kind.
    pub by_kind: AdjustmentsByKind,
}

/// `commissions`: Σ `net_amount` by state (`reverted` uses `reverted_amount`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceCommissions {
    /// Estimated.
    pub estimated: CountAmount,
    /// Confirmed.
    pub confirmed: CountAmount,
    /// Reverted.
    pub reverted: CountAmount,
    /// Estimated and held.
    pub on_hold: CountAmount,
    /// Estimated, not held, order paid, due by the next scheduled settlement.
    pub due_next_settlement: CountAmount,
}

/// `settlement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceSettlement {
    /// The last non-dry run: `{id, status, startedAt, finishedAt, confirmedCount, ...}` as the
    /// settlement run summary (null when none).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub last_run: Option<serde_json::Value>,
    /// The next scheduled instant (null when the schedule is disabled).
    pub next_run_at: Option<DateTime<Utc>>,
}

/// One of `reconciliation.lastRuns[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceReconciliationRun {
    /// Id.
    pub id: Uuid,
    /// `daily|fortnightly|adhoc`.
    #[serde(rename = "type")]
    pub run_type: String,
    /// `running|success|warning|failed`.
    pub status: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Discrepancies found.
    pub discrepancies: i64,
    /// Auto-reconciled ratio (0–1, four decimals, a number like everywhere else).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    #[serde(default, with = "crate::decimal_json::four_decimals_option")]
    pub auto_reconciled_ratio: Option<rust_decimal::Decimal>,
}

/// `reconciliation`: empty until the reconciliation issue creates its tables.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceReconciliation {
    /// The 10 latest runs.
    pub last_runs: Vec<FinanceReconciliationRun>,
    /// Open or resolving discrepancies per class `A`…`E`.
    pub open_discrepancies: std::collections::BTreeMap<String, i64>,
}

/// One of `byBrand[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceBrand {
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Minimum withdrawal.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub minimum_amount: Money,
    /// Σ confirmed.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed: Money,
    /// Σ available.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub available: Money,
    /// Pending and approved withdrawals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub pending_withdrawals: Money,
    /// Σ gross paid this Bogotá month.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withdrawn_this_month: Money,
}

/// `200` of `GET /dashboard/finance`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceDashboard {
    /// The wallet across every balance.
    pub wallet: FinanceWallet,
    /// Withdrawals to decide and to pay.
    pub withdrawals: FinanceWithdrawals,
    /// Payments.
    pub payments: FinancePayments,
    /// Open debts.
    pub adjustments: FinanceAdjustments,
    /// Commissions by state.
    pub commissions: FinanceCommissions,
    /// Settlement status.
    pub settlement: FinanceSettlement,
    /// Reconciliation status.
    pub reconciliation: FinanceReconciliation,
    /// Per brand.
    pub by_brand: Vec<FinanceBrand>,
    /// Brand withdrawal policies.
    pub policies: Vec<WithdrawalPolicyResponse>,
    /// When the figures were read.
    pub generated_at: DateTime<Utc>,
}
