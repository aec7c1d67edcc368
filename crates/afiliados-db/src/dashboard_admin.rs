//! The aggregations of the admin dashboard (`domain.md` §6.4). Commission figures read the
//! rollups the triggers of migration `2026-12-06-600050_dashboard_rollups` keep (ADR 0059): rows
//! per influencer × brand (× Bogota day or month), so the cost follows the number of influencers
//! and brands, never the number of orders. The rest are counts over small tables or a bounded
//! window (the last 24 hours).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Date, Int8, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;

#[derive(QueryableByName)]
struct Snapshot {
    #[diesel(sql_type = Text)]
    snapshot: String,
}

/// The snapshot the current statement (in `REPEATABLE READ`, the whole transaction) reads with,
/// as `xmin:xmax:xip,…`: equal texts mean the same committed transactions are visible (ADR 0076).
pub async fn snapshot(conn: &mut AsyncPgConnection) -> crate::Result<String> {
    let row: Snapshot = diesel::sql_query("SELECT pg_current_snapshot()::text AS snapshot")
        .prepared()
        .get_result(conn)
        .await?;
    Ok(row.snapshot)
}

/// The `stats` block.
#[derive(Debug, Clone, QueryableByName)]
pub struct Stats {
    /// Approved, non-anonymised influencers.
    #[diesel(sql_type = Int8)]
    pub active_influencers: i64,
    /// Non-anonymised influencers.
    #[diesel(sql_type = Int8)]
    pub total_influencers: i64,
    /// Pending ones.
    #[diesel(sql_type = Int8)]
    pub pending_influencers: i64,
    /// Brands with status `active`.
    #[diesel(sql_type = Int8)]
    pub active_brands: i64,
    /// Non-deleted campaigns.
    #[diesel(sql_type = Int8)]
    pub campaigns_total: i64,
    /// Active ones.
    #[diesel(sql_type = Int8)]
    pub campaigns_active: i64,
    /// Σ net of commissions confirmed this month.
    #[diesel(sql_type = Numeric)]
    pub confirmed_this_month: Decimal,
    /// Σ net of confirmed commissions.
    #[diesel(sql_type = Numeric)]
    pub confirmed_all_time: Decimal,
    /// Σ net of estimated commissions.
    #[diesel(sql_type = Numeric)]
    pub estimated: Decimal,
    /// Σ effective eligible of non-reverted commissions of orders placed this month.
    #[diesel(sql_type = Numeric)]
    pub eligible_this_month: Decimal,
}

/// The `stats` block; `month` is the first day of this Bogota month.
pub async fn stats(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    month: NaiveDate,
) -> crate::Result<Stats> {
    diesel::sql_query(
        "SELECT i.active_influencers, i.total_influencers, i.pending_influencers,
                (SELECT count(*) FROM brands
                  WHERE tenant_id = $1 AND status = 'active' AND deleted_at IS NULL) AS active_brands,
                ca.campaigns_total, ca.campaigns_active,
                m.confirmed_this_month, m.eligible_this_month,
                t.confirmed_all_time, t.estimated
           FROM (SELECT count(*) FILTER (WHERE status = 'approved') AS active_influencers,
                        count(*) AS total_influencers,
                        count(*) FILTER (WHERE status = 'pending') AS pending_influencers
                   FROM influencers
                  WHERE tenant_id = $1 AND deleted_at IS NULL AND anonymized_at IS NULL) i,
                (SELECT count(*) AS campaigns_total,
                        count(*) FILTER (WHERE status = 'active') AS campaigns_active
                   FROM campaigns WHERE tenant_id = $1 AND deleted_at IS NULL) ca,
                (SELECT coalesce(sum(confirmed), 0) AS confirmed_this_month,
                        coalesce(sum(eligible_sales), 0) AS eligible_this_month
                   FROM dashboard_months WHERE tenant_id = $1 AND month = $2) m,
                (SELECT coalesce(sum(confirmed), 0) AS confirmed_all_time,
                        coalesce(sum(estimated), 0) AS estimated
                   FROM dashboard_totals WHERE tenant_id = $1) t",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Date, _>(month)
    .prepared()
    .get_result(conn)
    .await
}

/// Where `topInfluencers` reads confirmed amounts from when `from`/`to` are given: the whole
/// Bogota days `[days_from, days_to)` from the day rollup, and the instants of the partial days
/// at either edge (`[edge_*_from, edge_*_to)`, empty when `from == to`) from the commissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfirmedWindow {
    /// First whole day.
    pub days_from: NaiveDate,
    /// Day after the last whole day.
    pub days_to: NaiveDate,
    /// Leading partial day.
    pub head: (DateTime<Utc>, DateTime<Utc>),
    /// Trailing partial day.
    pub tail: (DateTime<Utc>, DateTime<Utc>),
}

/// One of the top influencers.
#[derive(Debug, Clone, QueryableByName)]
pub struct TopInfluencer {
    /// Influencer.
    #[diesel(sql_type = SqlUuid)]
    pub influencer_id: Uuid,
    /// First + last name.
    #[diesel(sql_type = Text)]
    pub name: String,
    /// Σ net of confirmed commissions (in the window when there is one).
    #[diesel(sql_type = Numeric)]
    pub confirmed: Decimal,
    /// Σ net of estimated commissions.
    #[diesel(sql_type = Numeric)]
    pub estimated: Decimal,
    /// Orders whose commission is not reverted.
    #[diesel(sql_type = Int8)]
    pub attributed_orders: i64,
}

/// The ranking shared by both sources: positive amounts only, ties by name with the Spanish
/// case- and accent-insensitive collation of the migration, then id.
const TOP_TAIL: &str = "
    SELECT i.id AS influencer_id, i.first_name || ' ' || i.last_name AS name,
           r.confirmed, coalesce(a.estimated, 0) AS estimated,
           coalesce(a.attributed_orders, 0)::int8 AS attributed_orders
      FROM ranked r
      JOIN influencers i ON i.id = r.influencer_id
      LEFT JOIN (SELECT influencer_id, sum(estimated) AS estimated,
                        sum(attributed_orders) AS attributed_orders
                   FROM dashboard_totals WHERE tenant_id = $1 GROUP BY influencer_id) a
        ON a.influencer_id = r.influencer_id
     WHERE r.confirmed > 0
     ORDER BY r.confirmed DESC, (i.first_name || ' ' || i.last_name) COLLATE dashboard_name_es,
              i.id
     LIMIT $2";

/// The `limit` influencers with the most confirmed commission (all time, or in `window`).
pub async fn top_influencers(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    limit: i64,
    window: Option<ConfirmedWindow>,
) -> crate::Result<Vec<TopInfluencer>> {
    match window {
        None => {
            diesel::sql_query(format!(
                "WITH ranked AS (SELECT influencer_id, sum(confirmed) AS confirmed
                                   FROM dashboard_totals WHERE tenant_id = $1
                                  GROUP BY influencer_id) {TOP_TAIL}"
            ))
            .bind::<SqlUuid, _>(tenant_id)
            .bind::<Int8, _>(limit)
            .prepared()
            .load(conn)
            .await
        }
        Some(window) => {
            diesel::sql_query(format!(
                "WITH ranked AS (
                   SELECT influencer_id, sum(confirmed) AS confirmed FROM (
                     SELECT influencer_id, confirmed FROM dashboard_confirmed_days
                      WHERE tenant_id = $1 AND day >= $3 AND day < $4
                     UNION ALL
                     SELECT influencer_id, net_amount FROM commissions
                      WHERE tenant_id = $1 AND state = 'confirmed'
                        AND ((confirmed_at >= $5 AND confirmed_at < $6)
                          OR (confirmed_at >= $7 AND confirmed_at < $8))) parts
                    GROUP BY influencer_id) {TOP_TAIL}"
            ))
            .bind::<SqlUuid, _>(tenant_id)
            .bind::<Int8, _>(limit)
            .bind::<Date, _>(window.days_from)
            .bind::<Date, _>(window.days_to)
            .bind::<Timestamptz, _>(window.head.0)
            .bind::<Timestamptz, _>(window.head.1)
            .bind::<Timestamptz, _>(window.tail.0)
            .bind::<Timestamptz, _>(window.tail.1)
            .prepared()
            .load(conn)
            .await
        }
    }
}

/// One brand's performance.
#[derive(Debug, Clone, QueryableByName)]
pub struct BrandPerformance {
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// Its status.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// Σ effective eligible of non-reverted commissions (unrounded).
    #[diesel(sql_type = Numeric)]
    pub eligible_sales: Decimal,
    /// Σ net of estimated commissions.
    #[diesel(sql_type = Numeric)]
    pub estimated: Decimal,
    /// Σ net of confirmed commissions.
    #[diesel(sql_type = Numeric)]
    pub confirmed: Decimal,
    /// Σ reverted amounts.
    #[diesel(sql_type = Numeric)]
    pub reverted: Decimal,
}

/// Every active brand plus the other brands with commissions, by confirmed commission
/// descending, then name.
pub async fn performance_by_brand(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<Vec<BrandPerformance>> {
    diesel::sql_query(
        "SELECT b.id AS brand_id, b.name AS brand_name, b.status,
                coalesce(sum(t.eligible_sales), 0) AS eligible_sales,
                coalesce(sum(t.estimated), 0) AS estimated,
                coalesce(sum(t.confirmed), 0) AS confirmed,
                coalesce(sum(t.reverted), 0) AS reverted
           FROM brands b
           LEFT JOIN dashboard_totals t ON t.brand_id = b.id
          WHERE b.tenant_id = $1
          GROUP BY b.id
         HAVING (b.status = 'active' AND b.deleted_at IS NULL) OR count(t.brand_id) > 0
          ORDER BY confirmed DESC, b.name COLLATE dashboard_name_es, b.id",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .prepared()
    .load(conn)
    .await
}

/// The `system` block's counts (the backup comes from `backup_snapshots::latest`).
#[derive(Debug, Clone, QueryableByName)]
pub struct SystemCounts {
    /// Webhook deliveries received in the last 24 hours.
    #[diesel(sql_type = Int8)]
    pub deliveries_last_24h: i64,
    /// Of those, failed ones.
    #[diesel(sql_type = Int8)]
    pub failed_deliveries_last_24h: i64,
    /// Discrepancies open or being resolved.
    #[diesel(sql_type = Int8)]
    pub open_discrepancies: i64,
    /// E-mails not delivered (nor cancelled) created more than 30 minutes ago.
    #[diesel(sql_type = Int8)]
    pub emails_undelivered: i64,
    /// Job runs failed in the last 24 hours.
    #[diesel(sql_type = Int8)]
    pub jobs_failed_last_24h: i64,
}

/// The counts of the `system` block at `now`.
pub async fn system(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<SystemCounts> {
    diesel::sql_query(
        "SELECT d.deliveries_last_24h, d.failed_deliveries_last_24h,
                (SELECT count(*) FROM reconciliation_discrepancies
                  WHERE tenant_id = $1 AND status IN ('open', 'resolving')) AS open_discrepancies,
                (SELECT count(*) FROM email_outbox
                  WHERE tenant_id = $1 AND NOT delivered AND status <> 'cancelled'
                    AND created_at < $2 - interval '30 minutes') AS emails_undelivered,
                (SELECT count(*) FROM job_runs
                  WHERE tenant_id = $1 AND status = 'failed'
                    AND started_at >= $2 - interval '24 hours') AS jobs_failed_last_24h
           FROM (SELECT count(*) AS deliveries_last_24h,
                        count(*) FILTER (WHERE status = 'failed') AS failed_deliveries_last_24h
                   FROM webhook_delivery_log
                  WHERE tenant_id = $1 AND received_at >= $2 - interval '24 hours'
                    AND received_at <= $2) d",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(now)
    .prepared()
    .get_result(conn)
    .await
}

/// One rollup row that differs from what the commissions say.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct Drift {
    /// `totals|days|months|placed_days`.
    #[diesel(sql_type = Text)]
    pub rollup: String,
    /// The row's key and values, maintained and recomputed, as text.
    #[diesel(sql_type = Nullable<Text>)]
    pub maintained: Option<String>,
    /// What it should be.
    #[diesel(sql_type = Nullable<Text>)]
    pub recomputed: Option<String>,
}

/// Compares the maintained rollups of a tenant with the ones recomputed from scratch (the views
/// of the migration, also its backfill). Rows that are all zero count as absent. Empty = no
/// drift.
pub async fn rollup_drift(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<Vec<Drift>> {
    diesel::sql_query(
        "WITH kept_t AS (SELECT influencer_id, brand_id, estimated, confirmed, reverted,
                                eligible_sales, attributed_orders FROM dashboard_totals
                          WHERE tenant_id = $1 AND (estimated, confirmed, reverted, eligible_sales,
                                attributed_orders) <> (0, 0, 0, 0, 0)),
              new_t AS (SELECT influencer_id, brand_id, estimated, confirmed, reverted,
                               eligible_sales, attributed_orders FROM dashboard_totals_recomputed
                         WHERE tenant_id = $1 AND (estimated, confirmed, reverted, eligible_sales,
                               attributed_orders) <> (0, 0, 0, 0, 0)),
              kept_d AS (SELECT influencer_id, brand_id, day, confirmed FROM dashboard_confirmed_days
                          WHERE tenant_id = $1 AND confirmed <> 0),
              new_d AS (SELECT influencer_id, brand_id, day, confirmed
                          FROM dashboard_confirmed_days_recomputed
                         WHERE tenant_id = $1 AND confirmed <> 0),
              kept_m AS (SELECT influencer_id, brand_id, month, confirmed, eligible_sales
                           FROM dashboard_months
                          WHERE tenant_id = $1 AND (confirmed, eligible_sales) <> (0, 0)),
              new_m AS (SELECT influencer_id, brand_id, month, confirmed, eligible_sales
                          FROM dashboard_months_recomputed
                         WHERE tenant_id = $1 AND (confirmed, eligible_sales) <> (0, 0)),
              kept_p AS (SELECT influencer_id, day, campaign_id, brand_id, eligible_sales,
                                estimated_free, estimated_held, confirmed, on_hold, reverted
                           FROM dashboard_placed_days
                          WHERE tenant_id = $1 AND (eligible_sales, estimated_free, estimated_held,
                                confirmed, on_hold, reverted) <> (0, 0, 0, 0, 0, 0)),
              new_p AS (SELECT influencer_id, day, campaign_id, brand_id, eligible_sales,
                               estimated_free, estimated_held, confirmed, on_hold, reverted
                          FROM dashboard_placed_days_recomputed
                         WHERE tenant_id = $1 AND (eligible_sales, estimated_free, estimated_held,
                               confirmed, on_hold, reverted) <> (0, 0, 0, 0, 0, 0))
         SELECT 'totals' AS rollup, k::text AS maintained, n::text AS recomputed
           FROM kept_t k FULL JOIN new_t n USING (influencer_id, brand_id)
          WHERE k IS DISTINCT FROM n
         UNION ALL
         SELECT 'days', k::text, n::text
           FROM kept_d k FULL JOIN new_d n USING (influencer_id, brand_id, day)
          WHERE k IS DISTINCT FROM n
         UNION ALL
         SELECT 'months', k::text, n::text
           FROM kept_m k FULL JOIN new_m n USING (influencer_id, brand_id, month)
          WHERE k IS DISTINCT FROM n
         UNION ALL
         SELECT 'placed_days', k::text, n::text
           FROM kept_p k FULL JOIN new_p n USING (influencer_id, day, campaign_id, brand_id)
          WHERE k IS DISTINCT FROM n",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .load(conn)
    .await
}

/// Overwrites a tenant's rollups with the recomputed ones (the repair the drift check points
/// to; also what the tests compare against).
pub async fn rebuild_rollups(conn: &mut AsyncPgConnection, tenant_id: Uuid) -> crate::Result<()> {
    for statement in [
        "DELETE FROM dashboard_totals WHERE tenant_id = $1",
        "DELETE FROM dashboard_confirmed_days WHERE tenant_id = $1",
        "DELETE FROM dashboard_months WHERE tenant_id = $1",
        "DELETE FROM dashboard_placed_days WHERE tenant_id = $1",
        "INSERT INTO dashboard_totals SELECT * FROM dashboard_totals_recomputed WHERE tenant_id = $1",
        "INSERT INTO dashboard_confirmed_days
         SELECT * FROM dashboard_confirmed_days_recomputed WHERE tenant_id = $1",
        "INSERT INTO dashboard_months SELECT * FROM dashboard_months_recomputed WHERE tenant_id = $1",
        "INSERT INTO dashboard_placed_days SELECT * FROM dashboard_placed_days_recomputed
         WHERE tenant_id = $1",
    ] {
        diesel::sql_query(statement)
            .bind::<SqlUuid, _>(tenant_id)
            .execute(conn)
            .await?;
    }
    Ok(())
}
