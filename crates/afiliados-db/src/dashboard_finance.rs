//! The aggregations of the finance dashboard (`domain.md` §6.3): one SQL statement per block,
//! each an aggregate over the tenant (optionally one brand), never rows loaded into memory.
//! Balances are one row per influencer × brand; withdrawals read
//! `withdrawal_requests (tenant_id, status, requested_at)`; payments read
//! `payments (tenant_id, payment_date)`; open adjustments are few by nature.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Date, Int8, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

/// Σ of every balance row in scope.
#[derive(Debug, Clone, QueryableByName)]
pub struct WalletTotals {
    /// Σ estimated.
    #[diesel(sql_type = Numeric)]
    pub estimated: Decimal,
    /// Σ confirmed.
    #[diesel(sql_type = Numeric)]
    pub confirmed: Decimal,
    /// Σ pending withdrawal.
    #[diesel(sql_type = Numeric)]
    pub pending_withdrawal: Decimal,
    /// Σ withdrawn.
    #[diesel(sql_type = Numeric)]
    pub withdrawn: Decimal,
    /// Σ pending adjustments.
    #[diesel(sql_type = Numeric)]
    pub pending_adjustments: Decimal,
    /// Σ available (algebraic).
    #[diesel(sql_type = Numeric)]
    pub available: Decimal,
    /// Σ of the positive availables.
    #[diesel(sql_type = Numeric)]
    pub available_positive: Decimal,
    /// Balances below zero.
    #[diesel(sql_type = Int8)]
    pub negative_count: i64,
    /// Σ of their availables (≤ 0).
    #[diesel(sql_type = Numeric)]
    pub negative_total: Decimal,
}

/// The wallet block.
pub async fn wallet(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Option<Uuid>,
) -> crate::Result<WalletTotals> {
    diesel::sql_query(
        "SELECT coalesce(sum(estimated), 0) AS estimated,
                coalesce(sum(confirmed), 0) AS confirmed,
                coalesce(sum(pending_withdrawal), 0) AS pending_withdrawal,
                coalesce(sum(withdrawn), 0) AS withdrawn,
                coalesce(sum(pending_adjustments), 0) AS pending_adjustments,
                coalesce(sum(available), 0) AS available,
                coalesce(sum(available) FILTER (WHERE available > 0), 0) AS available_positive,
                count(*) FILTER (WHERE available < 0) AS negative_count,
                coalesce(sum(available) FILTER (WHERE available < 0), 0) AS negative_total
           FROM influencer_balance
          WHERE tenant_id = $1 AND ($2::uuid IS NULL OR brand_id = $2)",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<SqlUuid>, _>(brand_id)
    .get_result(conn)
    .await
}

/// The withdrawals block (counts and sums; the age is computed by the caller from
/// `oldest_pending`).
#[derive(Debug, Clone, QueryableByName)]
pub struct WithdrawalTotals {
    /// Pending requests.
    #[diesel(sql_type = Int8)]
    pub pending_count: i64,
    /// Their amounts.
    #[diesel(sql_type = Numeric)]
    pub pending_amount: Decimal,
    /// Approved and payable at `now`.
    #[diesel(sql_type = Int8)]
    pub payable_count: i64,
    /// Their amounts.
    #[diesel(sql_type = Numeric)]
    pub payable_amount: Decimal,
    /// Approved, still on hold at `now`.
    #[diesel(sql_type = Int8)]
    pub on_hold_count: i64,
    /// Their amounts.
    #[diesel(sql_type = Numeric)]
    pub on_hold_amount: Decimal,
    /// Requested in `[today_start, today_end)`, any status.
    #[diesel(sql_type = Int8)]
    pub today_count: i64,
    /// Their amounts.
    #[diesel(sql_type = Numeric)]
    pub today_amount: Decimal,
    /// When the oldest pending request was made.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub oldest_pending: Option<DateTime<Utc>>,
}

/// Withdrawals to decide, to pay and requested today (`[today_start, today_end)` is today's
/// Bogota date).
pub async fn withdrawals(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Option<Uuid>,
    now: DateTime<Utc>,
    today_start: DateTime<Utc>,
    today_end: DateTime<Utc>,
) -> crate::Result<WithdrawalTotals> {
    diesel::sql_query(
        "SELECT count(*) FILTER (WHERE status = 'pending') AS pending_count,
                coalesce(sum(amount) FILTER (WHERE status = 'pending'), 0) AS pending_amount,
                count(*) FILTER (WHERE status = 'approved' AND payable_from <= $3) AS payable_count,
                coalesce(sum(amount) FILTER (WHERE status = 'approved' AND payable_from <= $3), 0)
                  AS payable_amount,
                count(*) FILTER (WHERE status = 'approved' AND payable_from > $3) AS on_hold_count,
                coalesce(sum(amount) FILTER (WHERE status = 'approved' AND payable_from > $3), 0)
                  AS on_hold_amount,
                count(*) FILTER (WHERE requested_at >= $4 AND requested_at < $5) AS today_count,
                coalesce(sum(amount) FILTER (WHERE requested_at >= $4 AND requested_at < $5), 0)
                  AS today_amount,
                min(requested_at) FILTER (WHERE status = 'pending') AS oldest_pending
           FROM withdrawal_requests
          WHERE tenant_id = $1 AND ($2::uuid IS NULL OR brand_id = $2)
            AND (status IN ('pending', 'approved') OR requested_at >= $4)",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<SqlUuid>, _>(brand_id)
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(today_start)
    .bind::<Timestamptz, _>(today_end)
    .get_result(conn)
    .await
}

/// Payments with `payment_date` in a month.
#[derive(Debug, Clone, QueryableByName)]
pub struct PaymentTotals {
    /// How many.
    #[diesel(sql_type = Int8)]
    pub count: i64,
    /// Σ gross.
    #[diesel(sql_type = Numeric)]
    pub gross: Decimal,
    /// Σ withheld.
    #[diesel(sql_type = Numeric)]
    pub withheld: Decimal,
    /// Σ net.
    #[diesel(sql_type = Numeric)]
    pub net: Decimal,
}

/// Payments dated in `[first, next_first)`.
pub async fn payments_between(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Option<Uuid>,
    first: NaiveDate,
    next_first: NaiveDate,
) -> crate::Result<PaymentTotals> {
    diesel::sql_query(
        "SELECT count(*) AS count, coalesce(sum(gross_amount), 0) AS gross,
                coalesce(sum(tax_withheld), 0) AS withheld, coalesce(sum(net_amount), 0) AS net
           FROM payments
          WHERE tenant_id = $1 AND ($2::uuid IS NULL OR brand_id = $2)
            AND payment_date >= $3 AND payment_date < $4",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<SqlUuid>, _>(brand_id)
    .bind::<Date, _>(first)
    .bind::<Date, _>(next_first)
    .get_result(conn)
    .await
}

/// One recent payment with names.
#[derive(Debug, Clone, QueryableByName)]
pub struct RecentPayment {
    /// Id.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Influencer.
    #[diesel(sql_type = SqlUuid)]
    pub influencer_id: Uuid,
    /// "first last".
    #[diesel(sql_type = Text)]
    pub influencer_name: String,
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// Gross.
    #[diesel(sql_type = Numeric)]
    pub gross: Decimal,
    /// Withheld.
    #[diesel(sql_type = Numeric)]
    pub withheld: Decimal,
    /// Net.
    #[diesel(sql_type = Numeric)]
    pub net: Decimal,
    /// Value date.
    #[diesel(sql_type = Date)]
    pub payment_date: NaiveDate,
}

/// The 10 newest payments (by value date, then recording time).
pub async fn recent_payments(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Option<Uuid>,
) -> crate::Result<Vec<RecentPayment>> {
    diesel::sql_query(
        "SELECT p.id, p.influencer_id, i.first_name || ' ' || i.last_name AS influencer_name,
                p.brand_id, b.name AS brand_name, p.gross_amount AS gross,
                p.tax_withheld AS withheld, p.net_amount AS net, p.payment_date
           FROM payments p
           JOIN influencers i ON i.id = p.influencer_id
           JOIN brands b ON b.id = p.brand_id
          WHERE p.tenant_id = $1 AND ($2::uuid IS NULL OR p.brand_id = $2)
          ORDER BY p.payment_date DESC, p.created_at DESC, p.id
          LIMIT 10",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<SqlUuid>, _>(brand_id)
    .load(conn)
    .await
}

/// Open debts of one kind.
#[derive(Debug, Clone, QueryableByName)]
pub struct KindTotals {
    /// `manual|clawback`.
    #[diesel(sql_type = Text)]
    pub kind: String,
    /// How many.
    #[diesel(sql_type = Int8)]
    pub count: i64,
    /// Σ amount.
    #[diesel(sql_type = Numeric)]
    pub amount: Decimal,
}

/// Pending adjustments by kind.
pub async fn open_adjustments(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Option<Uuid>,
) -> crate::Result<Vec<KindTotals>> {
    diesel::sql_query(
        "SELECT kind, count(*) AS count, sum(amount) AS amount
           FROM adjustments
          WHERE tenant_id = $1 AND status = 'pending' AND ($2::uuid IS NULL OR brand_id = $2)
          GROUP BY kind",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<SqlUuid>, _>(brand_id)
    .load(conn)
    .await
}

/// Commissions by state (as `GET /commissions/summary` counts them) and due by an instant.
#[derive(Debug, Clone, QueryableByName)]
pub struct CommissionTotals {
    /// Estimated (held included).
    #[diesel(sql_type = Int8)]
    pub estimated_count: i64,
    /// Σ their net.
    #[diesel(sql_type = Numeric)]
    pub estimated_amount: Decimal,
    /// Confirmed.
    #[diesel(sql_type = Int8)]
    pub confirmed_count: i64,
    /// Σ their net.
    #[diesel(sql_type = Numeric)]
    pub confirmed_amount: Decimal,
    /// With a reversal (partial ones included).
    #[diesel(sql_type = Int8)]
    pub reverted_count: i64,
    /// Σ reverted amounts.
    #[diesel(sql_type = Numeric)]
    pub reverted_amount: Decimal,
    /// Held.
    #[diesel(sql_type = Int8)]
    pub on_hold_count: i64,
    /// Σ their net.
    #[diesel(sql_type = Numeric)]
    pub on_hold_amount: Decimal,
    /// Estimated, not held, order paid, due by the instant.
    #[diesel(sql_type = Int8)]
    pub due_count: i64,
    /// Σ their net.
    #[diesel(sql_type = Numeric)]
    pub due_amount: Decimal,
}

/// The commissions block; `due_by` is the next settlement instant (`None`: nothing is due).
pub async fn commissions(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Option<Uuid>,
    due_by: Option<DateTime<Utc>>,
) -> crate::Result<CommissionTotals> {
    diesel::sql_query(
        "SELECT count(*) FILTER (WHERE state = 'estimated') AS estimated_count,
                coalesce(sum(net_amount) FILTER (WHERE state = 'estimated'), 0) AS estimated_amount,
                count(*) FILTER (WHERE state = 'confirmed') AS confirmed_count,
                coalesce(sum(net_amount) FILTER (WHERE state = 'confirmed'), 0) AS confirmed_amount,
                count(*) FILTER (WHERE reverted_amount > 0) AS reverted_count,
                coalesce(sum(reverted_amount), 0) AS reverted_amount,
                count(*) FILTER (WHERE on_hold) AS on_hold_count,
                coalesce(sum(net_amount) FILTER (WHERE on_hold), 0) AS on_hold_amount,
                count(*) FILTER (WHERE state = 'estimated' AND NOT on_hold
                                   AND confirmation_due_at <= $3) AS due_count,
                coalesce(sum(net_amount) FILTER (WHERE state = 'estimated' AND NOT on_hold
                                   AND confirmation_due_at <= $3), 0) AS due_amount
           FROM commissions
          WHERE tenant_id = $1 AND ($2::uuid IS NULL OR brand_id = $2)",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<SqlUuid>, _>(brand_id)
    .bind::<Nullable<Timestamptz>, _>(due_by)
    .get_result(conn)
    .await
}

/// One brand's figures.
#[derive(Debug, Clone, QueryableByName)]
pub struct BrandFigures {
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// Minimum withdrawal (0 without a policy row).
    #[diesel(sql_type = Numeric)]
    pub minimum_amount: Decimal,
    /// Σ confirmed.
    #[diesel(sql_type = Numeric)]
    pub confirmed: Decimal,
    /// Σ available.
    #[diesel(sql_type = Numeric)]
    pub available: Decimal,
    /// Σ pending withdrawal (pending and approved requests).
    #[diesel(sql_type = Numeric)]
    pub pending_withdrawals: Decimal,
    /// Σ gross of payments dated in the month.
    #[diesel(sql_type = Numeric)]
    pub withdrawn_this_month: Decimal,
}

/// Per brand (every brand of the tenant, or one), by name.
pub async fn by_brand(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Option<Uuid>,
    first: NaiveDate,
    next_first: NaiveDate,
) -> crate::Result<Vec<BrandFigures>> {
    diesel::sql_query(
        "SELECT b.id AS brand_id, b.name AS brand_name,
                coalesce(p.minimum_amount, 0) AS minimum_amount,
                coalesce(w.confirmed, 0) AS confirmed, coalesce(w.available, 0) AS available,
                coalesce(w.pending_withdrawal, 0) AS pending_withdrawals,
                coalesce(m.gross, 0) AS withdrawn_this_month
           FROM brands b
           LEFT JOIN brand_withdrawal_policies p ON p.brand_id = b.id
           LEFT JOIN (SELECT brand_id, sum(confirmed) AS confirmed, sum(available) AS available,
                             sum(pending_withdrawal) AS pending_withdrawal
                        FROM influencer_balance WHERE tenant_id = $1 GROUP BY brand_id) w
             ON w.brand_id = b.id
           LEFT JOIN (SELECT brand_id, sum(gross_amount) AS gross
                        FROM payments
                       WHERE tenant_id = $1 AND payment_date >= $3 AND payment_date < $4
                       GROUP BY brand_id) m
             ON m.brand_id = b.id
          WHERE b.tenant_id = $1 AND b.deleted_at IS NULL AND ($2::uuid IS NULL OR b.id = $2)
          ORDER BY b.name, b.id",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<SqlUuid>, _>(brand_id)
    .bind::<Date, _>(first)
    .bind::<Date, _>(next_first)
    .load(conn)
    .await
}
