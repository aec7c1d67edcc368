//! `reconciliation_vtex_orders`: the VTEX side of a run, staged by chunks (`api.md` §21.5), and
//! the set-based comparisons with the platform's `orders` (`domain.md` §5.16.2). A day may list
//! 100 000 orders: every query here joins in PostgreSQL and returns only the rows that may
//! differ, never the whole range.

use chrono::{DateTime, Utc};
use diesel::sql_types::{
    Array, BigInt, Bool, Int4, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

/// One staged VTEX order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedOrder {
    /// `orderId` (trimmed).
    pub vtex_order_id: String,
    /// Raw VTEX status.
    pub vtex_status: String,
    /// Pesos.
    pub total_value: Decimal,
    /// ISO 4217.
    pub currency: String,
    /// `creationDate`.
    pub creation_date: DateTime<Utc>,
    /// `lastChange`.
    pub last_change: Option<DateTime<Utc>>,
}

/// Replaces chunk `chunk` of the run with `orders` (already de-duplicated by id): the earlier
/// rows of the chunk go, and an order already staged by another chunk moves to this one (the
/// later listing wins). One `DELETE` and one `INSERT … SELECT unnest(…)`.
pub async fn replace_chunk(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    chunk: i32,
    orders: &[StagedOrder],
) -> crate::Result<()> {
    diesel::sql_query("DELETE FROM reconciliation_vtex_orders WHERE run_id = $1 AND chunk = $2")
        .bind::<SqlUuid, _>(run_id)
        .bind::<Int4, _>(chunk)
        .execute(conn)
        .await?;
    if orders.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = orders.iter().map(|o| o.vtex_order_id.as_str()).collect();
    let statuses: Vec<&str> = orders.iter().map(|o| o.vtex_status.as_str()).collect();
    let totals: Vec<Decimal> = orders.iter().map(|o| o.total_value).collect();
    let currencies: Vec<&str> = orders.iter().map(|o| o.currency.as_str()).collect();
    let created: Vec<DateTime<Utc>> = orders.iter().map(|o| o.creation_date).collect();
    let changed: Vec<Option<DateTime<Utc>>> = orders.iter().map(|o| o.last_change).collect();
    diesel::sql_query(
        "INSERT INTO reconciliation_vtex_orders (run_id, chunk, vtex_order_id, vtex_status, \
         total_value, currency, creation_date, last_change) \
         SELECT $1, $2, t.id, t.status, t.total, t.currency, t.created, t.changed \
         FROM unnest($3::text[], $4::text[], $5::numeric[], $6::text[], $7::timestamptz[], \
           $8::timestamptz[]) AS t(id, status, total, currency, created, changed) \
         ON CONFLICT (run_id, vtex_order_id) DO UPDATE SET chunk = EXCLUDED.chunk, \
           vtex_status = EXCLUDED.vtex_status, total_value = EXCLUDED.total_value, \
           currency = EXCLUDED.currency, creation_date = EXCLUDED.creation_date, \
           last_change = EXCLUDED.last_change",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<Int4, _>(chunk)
    .bind::<Array<Text>, _>(ids)
    .bind::<Array<Text>, _>(statuses)
    .bind::<Array<Numeric>, _>(totals)
    .bind::<Array<Text>, _>(currencies)
    .bind::<Array<Timestamptz>, _>(created)
    .bind::<Array<Nullable<Timestamptz>>, _>(changed)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(diesel::QueryableByName)]
struct Status {
    #[diesel(sql_type = Text)]
    vtex_status: String,
}

/// How many distinct VTEX orders the run staged.
pub async fn staged_count(conn: &mut AsyncPgConnection, run_id: Uuid) -> crate::Result<i64> {
    let count: Count =
        diesel::sql_query("SELECT count(*) AS n FROM reconciliation_vtex_orders WHERE run_id = $1")
            .bind::<SqlUuid, _>(run_id)
            .get_result(conn)
            .await?;
    Ok(count.n)
}

/// The distinct raw VTEX statuses of the run (a handful): the caller maps them once.
pub async fn distinct_statuses(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
) -> crate::Result<Vec<String>> {
    let rows: Vec<Status> = diesel::sql_query(
        "SELECT DISTINCT vtex_status FROM reconciliation_vtex_orders WHERE run_id = $1",
    )
    .bind::<SqlUuid, _>(run_id)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|row| row.vtex_status).collect())
}

/// How many platform orders were placed in `[from, to)`.
pub async fn platform_count(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<i64> {
    let count: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM orders WHERE tenant_id = $1 AND placed_at >= $2 AND placed_at < $3",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .get_result(conn)
    .await?;
    Ok(count.n)
}

/// A staged VTEX order the platform does not store (class A candidate).
#[derive(Debug, Clone, PartialEq, diesel::QueryableByName)]
pub struct MissingInPlatform {
    /// The VTEX order.
    #[diesel(sql_type = Text)]
    pub vtex_order_id: String,
    /// Raw VTEX status.
    #[diesel(sql_type = Text)]
    pub vtex_status: String,
    /// VTEX total.
    #[diesel(sql_type = Numeric)]
    pub total_value: Decimal,
}

/// The staged orders no platform order carries.
pub async fn missing_in_platform(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    run_id: Uuid,
) -> crate::Result<Vec<MissingInPlatform>> {
    diesel::sql_query(
        "SELECT v.vtex_order_id, v.vtex_status, v.total_value FROM reconciliation_vtex_orders v \
         WHERE v.run_id = $1 AND NOT EXISTS (SELECT 1 FROM orders o \
           WHERE o.tenant_id = $2 AND o.vtex_order_id = v.vtex_order_id) \
         ORDER BY v.vtex_order_id",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<SqlUuid, _>(tenant_id)
    .load(conn)
    .await
}

/// A platform order of the range (and its VTEX summary when listed).
#[derive(Debug, Clone, PartialEq, diesel::QueryableByName)]
pub struct Compared {
    /// The VTEX order id.
    #[diesel(sql_type = Text)]
    pub vtex_order_id: String,
    /// The platform order.
    #[diesel(sql_type = SqlUuid)]
    pub order_id: Uuid,
    /// Platform status.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// Platform total.
    #[diesel(sql_type = Numeric)]
    pub total_value: Decimal,
    /// Attributed to an influencer.
    #[diesel(sql_type = Bool)]
    pub attributed: bool,
    /// Brand.
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub brand_id: Option<Uuid>,
    /// Influencer.
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub influencer_id: Option<Uuid>,
    /// Raw VTEX status (`None`: VTEX did not list it).
    #[diesel(sql_type = Nullable<Text>)]
    pub vtex_status: Option<String>,
    /// VTEX total (`None`: not listed).
    #[diesel(sql_type = Nullable<Numeric>)]
    pub vtex_total: Option<Decimal>,
}

const COMPARED: &str = "o.vtex_order_id, o.id AS order_id, o.status, o.total_value, o.attributed, \
     o.brand_id, o.influencer_id";

/// Orders on both sides that may differ: the status does not compare equal through
/// `comparable` (pairs of raw VTEX status → comparable platform status, built by the caller from
/// the domain's mapping; a raw status missing from the pairs is unmapped), or the totals differ by
/// more than one peso (the tolerance's floor; the caller applies the whole rule). Every other
/// order on both sides is equal on the list's data.
pub async fn candidates(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    run_id: Uuid,
    raw: &[String],
    comparable: &[String],
) -> crate::Result<Vec<Compared>> {
    diesel::sql_query(format!(
        "WITH map AS (SELECT * FROM unnest($3::text[], $4::text[]) AS m(raw, comparable)) \
         SELECT {COMPARED}, v.vtex_status, v.total_value AS vtex_total \
         FROM reconciliation_vtex_orders v \
         JOIN orders o ON o.tenant_id = $2 AND o.vtex_order_id = v.vtex_order_id \
         LEFT JOIN map m ON m.raw = v.vtex_status \
         WHERE v.run_id = $1 AND (m.comparable IS NULL \
           OR m.comparable <> CASE WHEN o.status IN ('shipped', 'returned') THEN 'invoiced' ELSE o.status END \
           OR abs(o.total_value - v.total_value) > 1.00) \
         ORDER BY v.vtex_order_id"
    ))
    .bind::<SqlUuid, _>(run_id)
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<Text>, _>(raw)
    .bind::<Array<Text>, _>(comparable)
    .load(conn)
    .await
}

#[derive(diesel::QueryableByName)]
struct OrderId {
    #[diesel(sql_type = Text)]
    vtex_order_id: String,
}

/// Attributed orders on both sides that are not [`candidates`] (same arguments): the deep check's
/// list (ADR 0072). An order VTEX lists at another version than the one the platform ingested
/// (`lastChange` differs, or the list gave none) is always in it: its lines may have changed
/// under an equal total. An order at the ingested version can only recompute to what is stored,
/// unless the stored rows or the computation drifted; of those, a share of
/// `sample_basis_points` / 10 000 is drawn (by a hash of the order id and the run, so each run
/// samples others) to catch that drift.
pub async fn attributed_equal(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    run_id: Uuid,
    raw: &[String],
    comparable: &[String],
    sample_basis_points: i32,
) -> crate::Result<Vec<String>> {
    let rows: Vec<OrderId> = diesel::sql_query(
        "WITH map AS (SELECT * FROM unnest($3::text[], $4::text[]) AS m(raw, comparable)) \
         SELECT v.vtex_order_id FROM reconciliation_vtex_orders v \
         JOIN orders o ON o.tenant_id = $2 AND o.vtex_order_id = v.vtex_order_id \
         JOIN map m ON m.raw = v.vtex_status \
         WHERE v.run_id = $1 AND o.attributed \
           AND m.comparable = CASE WHEN o.status IN ('shipped', 'returned') THEN 'invoiced' ELSE o.status END \
           AND abs(o.total_value - v.total_value) <= 1.00 \
           AND (v.last_change IS DISTINCT FROM o.vtex_last_change \
             OR (hashtext(v.vtex_order_id || $1::text)::bigint + 2147483648) % 10000 < $5) \
         ORDER BY v.vtex_order_id",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<Text>, _>(raw)
    .bind::<Array<Text>, _>(comparable)
    .bind::<Int4, _>(sample_basis_points)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|row| row.vtex_order_id).collect())
}

/// Platform orders placed in `[from, to)` that the run did not stage (class E).
pub async fn missing_in_vtex(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    run_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<Vec<Compared>> {
    diesel::sql_query(format!(
        "SELECT {COMPARED}, NULL::text AS vtex_status, NULL::numeric AS vtex_total FROM orders o \
         WHERE o.tenant_id = $2 AND o.placed_at >= $3 AND o.placed_at < $4 \
           AND NOT EXISTS (SELECT 1 FROM reconciliation_vtex_orders v \
             WHERE v.run_id = $1 AND v.vtex_order_id = o.vtex_order_id) \
         ORDER BY o.vtex_order_id"
    ))
    .bind::<SqlUuid, _>(run_id)
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .load(conn)
    .await
}

/// Orders placed in `[from, to)` whose coupon matched no discount code (class D), with the
/// coupon as the order carried it.
#[derive(Debug, Clone, PartialEq, diesel::QueryableByName)]
pub struct UnknownCoupon {
    /// The VTEX order.
    #[diesel(sql_type = Text)]
    pub vtex_order_id: String,
    /// The platform order.
    #[diesel(sql_type = SqlUuid)]
    pub order_id: Uuid,
    /// The coupon.
    #[diesel(sql_type = Nullable<Text>)]
    pub coupon_code: Option<String>,
    /// Brand (none: unattributed).
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub brand_id: Option<Uuid>,
}

/// The `coupon_unknown` orders of the range.
pub async fn unknown_coupons(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<Vec<UnknownCoupon>> {
    diesel::sql_query(
        "SELECT o.vtex_order_id, o.id AS order_id, o.coupon_code, o.brand_id FROM orders o \
         WHERE o.tenant_id = $1 AND o.placed_at >= $2 AND o.placed_at < $3 \
           AND o.non_attribution_reason = 'coupon_unknown' ORDER BY o.vtex_order_id",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .load(conn)
    .await
}
