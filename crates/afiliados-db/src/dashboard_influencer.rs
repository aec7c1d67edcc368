//! The aggregations of the influencer dashboard (`domain.md` §6.1). Every query is bounded by
//! one influencer (and the period or window where there is one), so it runs on the
//! `orders (influencer_id, placed_at)`, `commissions (order_id)` and commission indexes and never
//! reads the whole table. `brands` limits every figure to those brands (admin_marca scope and
//! the `brandId` filter); `None` means every brand.
//!
//! "Effective eligible" of a commission (`domain.md` §6) is
//! `eligible_amount × net_amount / commission_amount`, or `eligible_amount` when the commission
//! amount is 0; sums are taken unrounded and rounded once (half away from zero, like
//! `round_money`).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{
    Array, Date, Int4, Int8, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;

/// The SQL of a commission's effective eligible amount (alias `c`).
const EFFECTIVE_ELIGIBLE: &str = "CASE WHEN c.commission_amount = 0 THEN c.eligible_amount \
     ELSE c.eligible_amount * c.net_amount / c.commission_amount END";

/// `period`: orders placed in `[from, to)` and their commissions.
#[derive(Debug, Clone, QueryableByName)]
pub struct PeriodTotals {
    /// Attributed orders, any status.
    #[diesel(sql_type = Int8)]
    pub attributed_orders: i64,
    /// Of those, `canceled` or `returned` now.
    #[diesel(sql_type = Int8)]
    pub canceled_orders: i64,
    /// Σ effective eligible, reverted excluded.
    #[diesel(sql_type = Numeric)]
    pub eligible_sales: Decimal,
    /// Σ net of estimated commissions not on hold.
    #[diesel(sql_type = Numeric)]
    pub estimated: Decimal,
    /// Σ net of confirmed commissions.
    #[diesel(sql_type = Numeric)]
    pub confirmed: Decimal,
    /// Σ net of held commissions.
    #[diesel(sql_type = Numeric)]
    pub on_hold: Decimal,
    /// Σ reverted amounts.
    #[diesel(sql_type = Numeric)]
    pub reverted: Decimal,
}

/// The period block.
pub async fn period(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<PeriodTotals> {
    let sql = format!(
        "SELECT count(*) AS attributed_orders,
                count(*) FILTER (WHERE o.status IN ('canceled', 'returned')) AS canceled_orders,
                round(coalesce(sum({EFFECTIVE_ELIGIBLE}) FILTER (WHERE c.state <> 'reverted'), 0), 2)
                    AS eligible_sales,
                coalesce(sum(c.net_amount) FILTER (WHERE c.state = 'estimated' AND NOT c.on_hold), 0)
                    AS estimated,
                coalesce(sum(c.net_amount) FILTER (WHERE c.state = 'confirmed'), 0) AS confirmed,
                coalesce(sum(c.net_amount) FILTER (WHERE c.on_hold), 0) AS on_hold,
                coalesce(sum(c.reverted_amount), 0) AS reverted
           FROM orders o
           LEFT JOIN commissions c ON c.order_id = o.id
          WHERE o.tenant_id = $1 AND o.influencer_id = $2 AND o.attributed
            AND o.placed_at >= $3 AND o.placed_at < $4
            AND ($5::uuid[] IS NULL OR o.brand_id = ANY($5))"
    );
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(tenant_id)
        .bind::<SqlUuid, _>(influencer_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<Nullable<Array<SqlUuid>>, _>(brands)
        .prepared()
        .get_result(conn)
        .await
}

/// One month of the chart.
#[derive(Debug, Clone, QueryableByName)]
pub struct MonthFigures {
    /// `YYYY-MM` in Bogota.
    #[diesel(sql_type = Text)]
    pub month: String,
    /// Σ effective eligible of the non-reverted commissions of orders placed that month.
    #[diesel(sql_type = Numeric)]
    pub eligible_sales: Decimal,
    /// Σ net of the commissions confirmed that month.
    #[diesel(sql_type = Numeric)]
    pub confirmed: Decimal,
}

/// The chart's months `[from, to)` (first days of months) that have any figure, from the month
/// rollup kept by the commission triggers (ADR 0059/0074): at most one row per brand and month,
/// however many orders the influencer has. Eligible sales are rounded once per month.
pub async fn monthly(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<Vec<MonthFigures>> {
    diesel::sql_query(
        "SELECT to_char(m.month, 'YYYY-MM') AS month,
                round(sum(m.eligible_sales), 2) AS eligible_sales, sum(m.confirmed) AS confirmed
           FROM dashboard_months m
          WHERE m.tenant_id = $1 AND m.influencer_id = $2 AND m.month >= $3 AND m.month < $4
            AND ($5::uuid[] IS NULL OR m.brand_id = ANY($5))
          GROUP BY m.month",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(influencer_id)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .prepared()
    .load(conn)
    .await
}

/// One membership's period figures.
#[derive(Debug, Clone, QueryableByName)]
pub struct CampaignSales {
    /// Campaign.
    #[diesel(sql_type = SqlUuid)]
    pub campaign_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub campaign_name: String,
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// Attributed orders placed in the period.
    #[diesel(sql_type = Int8)]
    pub orders: i64,
    /// Σ effective eligible, reverted excluded.
    #[diesel(sql_type = Numeric)]
    pub eligible_sales: Decimal,
    /// Σ net of estimated commissions (held included).
    #[diesel(sql_type = Numeric)]
    pub estimated: Decimal,
    /// Σ net of confirmed commissions.
    #[diesel(sql_type = Numeric)]
    pub confirmed: Decimal,
}

/// Every membership (any status) of the influencer with its period figures, by campaign name.
pub async fn sales_by_campaign(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<Vec<CampaignSales>> {
    let sql = format!(
        "WITH period AS (
            SELECT o.campaign_id, count(*) AS orders,
                   round(coalesce(sum({EFFECTIVE_ELIGIBLE}) FILTER (WHERE c.state <> 'reverted'), 0), 2)
                       AS eligible_sales,
                   coalesce(sum(c.net_amount) FILTER (WHERE c.state = 'estimated'), 0) AS estimated,
                   coalesce(sum(c.net_amount) FILTER (WHERE c.state = 'confirmed'), 0) AS confirmed
              FROM orders o
              LEFT JOIN commissions c ON c.order_id = o.id
             WHERE o.tenant_id = $1 AND o.influencer_id = $2 AND o.attributed
               AND o.placed_at >= $3 AND o.placed_at < $4
             GROUP BY o.campaign_id)
         SELECT ca.id AS campaign_id, ca.name AS campaign_name, b.id AS brand_id,
                b.name AS brand_name, coalesce(p.orders, 0) AS orders,
                coalesce(p.eligible_sales, 0) AS eligible_sales,
                coalesce(p.estimated, 0) AS estimated, coalesce(p.confirmed, 0) AS confirmed
           FROM campaign_influencers ci
           JOIN campaigns ca ON ca.id = ci.campaign_id AND ca.deleted_at IS NULL
           JOIN brands b ON b.id = ca.brand_id
           LEFT JOIN period p ON p.campaign_id = ca.id
          WHERE ci.tenant_id = $1 AND ci.influencer_id = $2
            AND ($5::uuid[] IS NULL OR ca.brand_id = ANY($5))
          ORDER BY ca.name, ca.id"
    );
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(tenant_id)
        .bind::<SqlUuid, _>(influencer_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<Nullable<Array<SqlUuid>>, _>(brands)
        .prepared()
        .load(conn)
        .await
}

/// An active membership with the inputs of its tier progress.
#[derive(Debug, Clone, QueryableByName)]
pub struct TierInputs {
    /// Campaign.
    #[diesel(sql_type = SqlUuid)]
    pub campaign_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub campaign_name: String,
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// The campaign's base rate (the tier-less Base).
    #[diesel(sql_type = Numeric)]
    pub base_commission_percent: Decimal,
    /// Next evaluation date.
    #[diesel(sql_type = Nullable<Date>)]
    pub next_tier_evaluation_on: Option<NaiveDate>,
    /// Current tier level (0: the tier-less Base).
    #[diesel(sql_type = Int4)]
    pub tier_level: i32,
    /// `now − P days`.
    #[diesel(sql_type = Timestamptz)]
    pub window_start: DateTime<Utc>,
    /// Σ effective eligible of the membership's commissions confirmed in the window (§5.11).
    #[diesel(sql_type = Numeric)]
    pub sales_volume: Decimal,
}

/// Active memberships with their live window `[now − P, now)` and its volume; the volume
/// subquery runs on `commissions (campaign_id, influencer_id, confirmed_at)`.
pub async fn tier_inputs(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
    now: DateTime<Utc>,
) -> crate::Result<Vec<TierInputs>> {
    let sql = format!(
        "SELECT ca.id AS campaign_id, ca.name AS campaign_name, ca.brand_id,
                ca.base_commission_percent, ca.next_tier_evaluation_on,
                coalesce(ta.tier_level, 0) AS tier_level,
                $3 - make_interval(days => ca.tier_evaluation_period_days) AS window_start,
                (SELECT round(coalesce(sum({EFFECTIVE_ELIGIBLE}), 0), 2)
                   FROM commissions c
                  WHERE c.campaign_id = ci.campaign_id AND c.influencer_id = ci.influencer_id
                    AND c.state = 'confirmed'
                    AND c.confirmed_at >= $3 - make_interval(days => ca.tier_evaluation_period_days)
                    AND c.confirmed_at < $3) AS sales_volume
           FROM campaign_influencers ci
           JOIN campaigns ca ON ca.id = ci.campaign_id AND ca.deleted_at IS NULL
           LEFT JOIN tier_assignments ta
             ON ta.campaign_id = ci.campaign_id AND ta.influencer_id = ci.influencer_id
          WHERE ci.tenant_id = $1 AND ci.influencer_id = $2 AND ci.status = 'active'
            AND ($4::uuid[] IS NULL OR ca.brand_id = ANY($4))
          ORDER BY ca.name, ca.id"
    );
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(tenant_id)
        .bind::<SqlUuid, _>(influencer_id)
        .bind::<Timestamptz, _>(now)
        .bind::<Nullable<Array<SqlUuid>>, _>(brands)
        .prepared()
        .load(conn)
        .await
}

/// One balance row with the brand's withdrawal minimum.
#[derive(Debug, Clone, QueryableByName)]
pub struct WalletRow {
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// Currency.
    #[diesel(sql_type = Text)]
    pub currency: String,
    /// Estimated.
    #[diesel(sql_type = Numeric)]
    pub estimated: Decimal,
    /// Confirmed.
    #[diesel(sql_type = Numeric)]
    pub confirmed: Decimal,
    /// Reverted.
    #[diesel(sql_type = Numeric)]
    pub reverted: Decimal,
    /// Pending withdrawal.
    #[diesel(sql_type = Numeric)]
    pub pending_withdrawal: Decimal,
    /// Withdrawn.
    #[diesel(sql_type = Numeric)]
    pub withdrawn: Decimal,
    /// Pending adjustments.
    #[diesel(sql_type = Numeric)]
    pub pending_adjustments: Decimal,
    /// Available.
    #[diesel(sql_type = Numeric)]
    pub available: Decimal,
    /// The brand's withdrawal minimum (0 without a policy row).
    #[diesel(sql_type = Numeric)]
    pub minimum_withdrawal: Decimal,
}

/// The influencer's `influencer_balance` rows, by brand name.
pub async fn wallet(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<Vec<WalletRow>> {
    diesel::sql_query(
        "SELECT b.id AS brand_id, b.name AS brand_name, ib.currency::text AS currency,
                ib.estimated, ib.confirmed, ib.reverted, ib.pending_withdrawal, ib.withdrawn,
                ib.pending_adjustments, ib.available,
                coalesce(p.minimum_amount, 0) AS minimum_withdrawal
           FROM influencer_balance ib
           JOIN brands b ON b.id = ib.brand_id
           LEFT JOIN brand_withdrawal_policies p ON p.brand_id = ib.brand_id
          WHERE ib.tenant_id = $1 AND ib.influencer_id = $2
            AND ($3::uuid[] IS NULL OR ib.brand_id = ANY($3))
          ORDER BY b.name, b.id",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(influencer_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .prepared()
    .load(conn)
    .await
}

/// One own code.
#[derive(Debug, Clone, QueryableByName)]
pub struct CodeRow {
    /// Id.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Code.
    #[diesel(sql_type = Text)]
    pub code: String,
    /// Campaign.
    #[diesel(sql_type = SqlUuid)]
    pub campaign_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub campaign_name: String,
    /// Stored derived status.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// Discount.
    #[diesel(sql_type = Numeric)]
    pub discount_percent: Decimal,
    /// Uses.
    #[diesel(sql_type = Int4)]
    pub usage_count: i32,
    /// Cap.
    #[diesel(sql_type = Nullable<Int4>)]
    pub max_uses: Option<i32>,
}

/// The influencer's codes, newest first.
pub async fn codes(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<Vec<CodeRow>> {
    diesel::sql_query(
        "SELECT d.id, d.code, d.campaign_id, ca.name AS campaign_name, d.status,
                d.discount_percent, d.usage_count, d.max_uses
           FROM discount_codes d
           JOIN campaigns ca ON ca.id = d.campaign_id
          WHERE d.tenant_id = $1 AND d.influencer_id = $2
            AND ($3::uuid[] IS NULL OR d.brand_id = ANY($3))
          ORDER BY d.created_at DESC, d.id",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(influencer_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .prepared()
    .load(conn)
    .await
}

/// A pending adjustment.
#[derive(Debug, Clone, QueryableByName)]
pub struct AdjustmentRow {
    /// Id.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// `manual|clawback`.
    #[diesel(sql_type = Text)]
    pub kind: String,
    /// Amount.
    #[diesel(sql_type = Numeric)]
    pub amount: Decimal,
    /// Why.
    #[diesel(sql_type = Text)]
    pub reason: String,
    /// Opened.
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// The influencer's pending adjustments, newest first (runs on
/// `adjustments (influencer_id, brand_id, status)`).
pub async fn open_adjustments(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<Vec<AdjustmentRow>> {
    diesel::sql_query(
        "SELECT a.id, a.brand_id, b.name AS brand_name, a.kind, a.amount, a.reason, a.created_at
           FROM adjustments a
           JOIN brands b ON b.id = a.brand_id
          WHERE a.tenant_id = $1 AND a.influencer_id = $2 AND a.status = 'pending'
            AND ($3::uuid[] IS NULL OR a.brand_id = ANY($3))
          ORDER BY a.created_at DESC, a.id",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(influencer_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .prepared()
    .load(conn)
    .await
}

/// A count.
#[derive(Debug, Clone, QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    count: i64,
}

/// Unread in-app notifications of a user.
pub async fn unread_notifications(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> crate::Result<i64> {
    let row: Count = diesel::sql_query(
        "SELECT count(*) AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind::<SqlUuid, _>(user_id)
    .prepared()
    .get_result(conn)
    .await?;
    Ok(row.count)
}

/// A recent withdrawal request.
#[derive(Debug, Clone, QueryableByName)]
pub struct WithdrawalRow {
    /// Id.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Amount.
    #[diesel(sql_type = Numeric)]
    pub amount: Decimal,
    /// `pending|approved|rejected|paid`.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// When.
    #[diesel(sql_type = Timestamptz)]
    pub requested_at: DateTime<Utc>,
}

/// The influencer's 10 newest withdrawal requests (runs on
/// `withdrawal_requests (influencer_id, brand_id, status)`).
pub async fn recent_withdrawals(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<Vec<WithdrawalRow>> {
    diesel::sql_query(
        "SELECT id, brand_id, amount, status, requested_at
           FROM withdrawal_requests
          WHERE tenant_id = $1 AND influencer_id = $2
            AND ($3::uuid[] IS NULL OR brand_id = ANY($3))
          ORDER BY requested_at DESC, id
          LIMIT 10",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(influencer_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .prepared()
    .load(conn)
    .await
}

/// A recent payment.
#[derive(Debug, Clone, QueryableByName)]
pub struct PaymentRow {
    /// Id.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Gross.
    #[diesel(sql_type = Numeric)]
    pub gross: Decimal,
    /// Withheld.
    #[diesel(sql_type = Numeric)]
    pub withheld: Decimal,
    /// Net.
    #[diesel(sql_type = Numeric)]
    pub net: Decimal,
    /// `bank_transfer|digital_wallet|other`.
    #[diesel(sql_type = Text)]
    pub method: String,
    /// Bank reference.
    #[diesel(sql_type = Text)]
    pub reference: String,
    /// Value date.
    #[diesel(sql_type = Date)]
    pub payment_date: NaiveDate,
}

/// The influencer's 10 newest payments (runs on `payments (influencer_id, payment_date)`).
pub async fn recent_payments(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<Vec<PaymentRow>> {
    diesel::sql_query(
        "SELECT id, brand_id, gross_amount AS gross, tax_withheld AS withheld,
                net_amount AS net, method, reference, payment_date
           FROM payments
          WHERE tenant_id = $1 AND influencer_id = $2
            AND ($3::uuid[] IS NULL OR brand_id = ANY($3))
          ORDER BY payment_date DESC, created_at DESC, id
          LIMIT 10",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(influencer_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .prepared()
    .load(conn)
    .await
}
