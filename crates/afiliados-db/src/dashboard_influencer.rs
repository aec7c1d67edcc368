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

use afiliados_domain::{bogota_date, business_day_start};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryableByName;
use diesel::pg::Pg;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
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

/// How a period `[from, to)` is read (ADR 0077): the whole Bogota days `[first_day, end_day)`
/// from the placement-day rollup, the instants before the first whole day (`[from, head_end)`)
/// and from the last midnight on (`[tail_start, to)`) from the orders themselves. A period
/// without a whole day reads `[from, to)` from the orders and no rollup day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodSplit {
    /// First whole day.
    pub first_day: NaiveDate,
    /// The day after the last whole day (`first_day` when there is none).
    pub end_day: NaiveDate,
    /// End of the leading partial day.
    pub head_end: DateTime<Utc>,
    /// Start of the trailing partial day.
    pub tail_start: DateTime<Utc>,
}

impl PeriodSplit {
    /// The split of `[from, to)`.
    pub fn of(from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        let from_day = bogota_date(from);
        let first_day = if business_day_start(from_day) == from {
            Some(from_day)
        } else {
            from_day.succ_opt()
        };
        let end_day = bogota_date(to);
        match first_day {
            Some(first_day) if first_day < end_day => Self {
                first_day,
                end_day,
                head_end: business_day_start(first_day),
                tail_start: business_day_start(end_day),
            },
            _ => Self {
                first_day: end_day,
                end_day,
                head_end: to,
                tail_start: to,
            },
        }
    }
}

/// The commission amounts of the orders placed in the period, one row per rollup day or edge
/// order (`campaign_id`, eligible, estimated free, estimated held, confirmed, on hold,
/// reverted). Binds: `$1` tenant, `$2` influencer, `$3` from, `$4` to, `$5` brands, `$6`/`$7`
/// the whole days, `$8` head end, `$9` tail start.
fn period_amounts_sql() -> String {
    format!(
        "SELECT d.campaign_id, d.eligible_sales, d.estimated_free, d.estimated_held, d.confirmed,
                d.on_hold, d.reverted
           FROM dashboard_placed_days d
          WHERE d.influencer_id = $2 AND d.tenant_id = $1 AND d.day >= $6 AND d.day < $7
            AND ($5::uuid[] IS NULL OR d.brand_id = ANY($5))
         UNION ALL
         SELECT c.campaign_id,
                CASE WHEN c.state = 'reverted' THEN 0 ELSE {EFFECTIVE_ELIGIBLE} END,
                CASE WHEN c.state = 'estimated' AND NOT c.on_hold THEN c.net_amount ELSE 0 END,
                CASE WHEN c.state = 'estimated' AND c.on_hold THEN c.net_amount ELSE 0 END,
                CASE WHEN c.state = 'confirmed' THEN c.net_amount ELSE 0 END,
                CASE WHEN c.on_hold THEN c.net_amount ELSE 0 END,
                c.reverted_amount
           FROM orders o
           JOIN commissions c ON c.order_id = o.id
          WHERE o.influencer_id = $2 AND o.attributed AND o.tenant_id = $1
            AND ((o.placed_at >= $3 AND o.placed_at < $8) OR (o.placed_at >= $9 AND o.placed_at < $4))
            AND ($5::uuid[] IS NULL OR c.brand_id = ANY($5))"
    )
}

/// The period's attributed orders per campaign, read from `orders_influencer_period_idx` only.
/// Same binds as [`period_amounts_sql`].
const PERIOD_ORDERS: &str = "SELECT o.campaign_id, count(*) AS orders,
            count(*) FILTER (WHERE o.status IN ('canceled', 'returned')) AS canceled
       FROM orders o
      WHERE o.influencer_id = $2 AND o.attributed AND o.tenant_id = $1
        AND o.placed_at >= $3 AND o.placed_at < $4
        AND ($5::uuid[] IS NULL OR o.brand_id = ANY($5))
      GROUP BY o.campaign_id";

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

/// The period block: the whole days from the placement-day rollup, the partial edges and the
/// order counts from the orders (ADR 0077).
pub async fn period(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<PeriodTotals> {
    let sql = format!(
        "WITH counted AS ({PERIOD_ORDERS}),
              amounts AS ({amounts})
         SELECT (SELECT coalesce(sum(orders), 0) FROM counted)::int8 AS attributed_orders,
                (SELECT coalesce(sum(canceled), 0) FROM counted)::int8 AS canceled_orders,
                round(coalesce(sum(a.eligible_sales), 0), 2) AS eligible_sales,
                coalesce(sum(a.estimated_free), 0) AS estimated,
                coalesce(sum(a.confirmed), 0) AS confirmed,
                coalesce(sum(a.on_hold), 0) AS on_hold,
                coalesce(sum(a.reverted), 0) AS reverted
           FROM amounts a",
        amounts = period_amounts_sql()
    );
    bind_period(
        diesel::sql_query(sql),
        tenant_id,
        influencer_id,
        brands,
        from,
        to,
    )
    .prepared()
    .get_result(conn)
    .await
}

/// Binds `$1`…`$9` of the period statements.
fn bind_period<'a>(
    query: SqlQuery,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brands: Option<&'a [Uuid]>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> BoxedSqlQuery<'a, Pg, SqlQuery> {
    let split = PeriodSplit::of(from, to);
    query
        .into_boxed()
        .bind::<SqlUuid, _>(tenant_id)
        .bind::<SqlUuid, _>(influencer_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<Nullable<Array<SqlUuid>>, _>(brands)
        .bind::<Date, _>(split.first_day)
        .bind::<Date, _>(split.end_day)
        .bind::<Timestamptz, _>(split.head_end)
        .bind::<Timestamptz, _>(split.tail_start)
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
        "WITH counted AS ({PERIOD_ORDERS}),
              amounts AS ({amounts}),
              money AS (
                SELECT a.campaign_id, round(sum(a.eligible_sales), 2) AS eligible_sales,
                       sum(a.estimated_free + a.estimated_held) AS estimated,
                       sum(a.confirmed) AS confirmed
                  FROM amounts a
                 GROUP BY a.campaign_id)
         SELECT ca.id AS campaign_id, ca.name AS campaign_name, b.id AS brand_id,
                b.name AS brand_name, coalesce(k.orders, 0) AS orders,
                coalesce(m.eligible_sales, 0) AS eligible_sales,
                coalesce(m.estimated, 0) AS estimated, coalesce(m.confirmed, 0) AS confirmed
           FROM campaign_influencers ci
           JOIN campaigns ca ON ca.id = ci.campaign_id AND ca.deleted_at IS NULL
           JOIN brands b ON b.id = ca.brand_id
           LEFT JOIN counted k ON k.campaign_id = ca.id
           LEFT JOIN money m ON m.campaign_id = ca.id
          WHERE ci.tenant_id = $1 AND ci.influencer_id = $2
            AND ($5::uuid[] IS NULL OR ca.brand_id = ANY($5))
          ORDER BY ca.name, ca.id",
        amounts = period_amounts_sql()
    );
    bind_period(
        diesel::sql_query(sql),
        tenant_id,
        influencer_id,
        brands,
        from,
        to,
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .map(|at| at.with_timezone(&Utc))
            .unwrap_or_else(|error| panic!("{raw}: {error}"))
    }

    fn day(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_else(|error| panic!("{raw}: {error}"))
    }

    #[test]
    fn a_month_of_bogota_midnights_is_all_whole_days() {
        let split = PeriodSplit::of(at("2026-03-01T05:00:00Z"), at("2026-04-01T05:00:00Z"));
        assert_eq!(split.first_day, day("2026-03-01"));
        assert_eq!(split.end_day, day("2026-04-01"));
        // Both edges are empty ranges.
        assert_eq!(split.head_end, at("2026-03-01T05:00:00Z"));
        assert_eq!(split.tail_start, at("2026-04-01T05:00:00Z"));
    }

    #[test]
    fn instants_inside_days_leave_partial_edges_to_the_orders() {
        // 03-06 07:00 Bogota to 03-09 11:00 Bogota: 03-07 and 03-08 whole.
        let split = PeriodSplit::of(at("2026-03-06T12:00:00Z"), at("2026-03-09T16:00:00Z"));
        assert_eq!(split.first_day, day("2026-03-07"));
        assert_eq!(split.end_day, day("2026-03-09"));
        assert_eq!(split.head_end, at("2026-03-07T05:00:00Z"));
        assert_eq!(split.tail_start, at("2026-03-09T05:00:00Z"));
    }

    #[test]
    fn a_period_without_a_whole_day_reads_only_orders() {
        // 03-06 07:00 to 03-07 06:00 Bogota crosses one midnight but holds no whole day.
        let from = at("2026-03-06T12:00:00Z");
        let to = at("2026-03-07T11:00:00Z");
        let split = PeriodSplit::of(from, to);
        assert_eq!(split.first_day, split.end_day);
        assert_eq!((split.head_end, split.tail_start), (to, to));
        // Within one day, likewise.
        let split = PeriodSplit::of(from, at("2026-03-06T13:00:00Z"));
        assert_eq!(split.first_day, split.end_day);
    }

    #[test]
    fn utc_midnight_is_not_a_bogota_day_start() {
        // 00:00Z is 19:00 of the previous Bogota day.
        let split = PeriodSplit::of(at("2026-03-01T00:00:00Z"), at("2026-03-03T00:00:00Z"));
        assert_eq!(split.first_day, day("2026-03-01"));
        assert_eq!(split.end_day, day("2026-03-02"));
        assert_eq!(split.head_end, at("2026-03-01T05:00:00Z"));
        assert_eq!(split.tail_start, at("2026-03-02T05:00:00Z"));
    }
}
