//! The aggregations of the gestor dashboard (`domain.md` §6.2). `brands` limits every figure to
//! those brands (admin_marca scope and the `brandId` filter; `None` = the whole tenant):
//! brand-owned rows by their `brand_id`, influencers by a membership in a campaign of the brands
//! (`domain.md` §2.3).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, Date, Int8, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

/// The SQL condition "influencer `i` is in scope of `$2` brands" (any membership status).
const INFLUENCER_IN_SCOPE: &str = "i.tenant_id = $1 AND i.deleted_at IS NULL \
     AND i.anonymized_at IS NULL AND ($2::uuid[] IS NULL OR EXISTS ( \
       SELECT 1 FROM campaign_influencers ci JOIN campaigns ca ON ca.id = ci.campaign_id \
        WHERE ci.influencer_id = i.id AND ca.brand_id = ANY($2)))";

/// A count per stored status.
#[derive(Debug, Clone, QueryableByName)]
pub struct StatusCount {
    /// Status.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// Rows.
    #[diesel(sql_type = Int8)]
    pub count: i64,
}

/// Non-anonymised influencers in scope per status.
pub async fn influencers_by_status(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<Vec<StatusCount>> {
    diesel::sql_query(format!(
        "SELECT i.status, count(*) AS count FROM influencers i
          WHERE {INFLUENCER_IN_SCOPE} GROUP BY i.status"
    ))
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .load(conn)
    .await
}

/// A pending influencer.
#[derive(Debug, Clone, QueryableByName)]
pub struct PendingRow {
    /// Id.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Given name.
    #[diesel(sql_type = Text)]
    pub first_name: String,
    /// Family name.
    #[diesel(sql_type = Text)]
    pub last_name: String,
    /// Email.
    #[diesel(sql_type = Text)]
    pub email: String,
    /// Registered.
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// The `limit` oldest pending influencers in scope.
pub async fn oldest_pending(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brands: Option<&[Uuid]>,
    limit: i64,
) -> crate::Result<Vec<PendingRow>> {
    diesel::sql_query(format!(
        "SELECT i.id, i.first_name, i.last_name, i.email, i.created_at FROM influencers i
          WHERE {INFLUENCER_IN_SCOPE} AND i.status = 'pending'
          ORDER BY i.created_at, i.id LIMIT $3"
    ))
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .bind::<Int8, _>(limit)
    .load(conn)
    .await
}

/// A count.
#[derive(Debug, Clone, QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    count: i64,
}

/// Influencers in scope with at least one active policy version they have not accepted.
pub async fn with_pending_consents(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<i64> {
    let row: Count = diesel::sql_query(format!(
        "SELECT count(*) AS count FROM influencers i
          WHERE {INFLUENCER_IN_SCOPE} AND EXISTS (
            SELECT 1 FROM policy_versions pv
             WHERE pv.tenant_id = $1 AND pv.is_active
               AND NOT EXISTS (SELECT 1 FROM consents co
                                WHERE co.influencer_id = i.id AND co.policy_version_id = pv.id
                                  AND co.revoked_at IS NULL))"
    ))
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .get_result(conn)
    .await?;
    Ok(row.count)
}

/// One campaign with its figures.
#[derive(Debug, Clone, QueryableByName)]
pub struct CampaignRow {
    /// Id.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Name.
    #[diesel(sql_type = Text)]
    pub name: String,
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Its name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// Status.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// First day.
    #[diesel(sql_type = Date)]
    pub start_date: NaiveDate,
    /// Last day.
    #[diesel(sql_type = Nullable<Date>)]
    pub end_date: Option<NaiveDate>,
    /// Active memberships.
    #[diesel(sql_type = Int8)]
    pub active_members: i64,
    /// Codes with stored status `active`.
    #[diesel(sql_type = Int8)]
    pub active_codes: i64,
    /// Attributed orders placed since `since`.
    #[diesel(sql_type = Int8)]
    pub orders: i64,
    /// Σ effective eligible of their commissions, reverted excluded.
    #[diesel(sql_type = Numeric)]
    pub eligible_sales: Decimal,
    /// Σ net of their estimated and confirmed commissions.
    #[diesel(sql_type = Numeric)]
    pub commission: Decimal,
}

/// Every live campaign in scope with its members, active codes and the attributed orders
/// placed in `[since, until)` (read through `orders (tenant_id, placed_at)`).
pub async fn campaigns(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brands: Option<&[Uuid]>,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> crate::Result<Vec<CampaignRow>> {
    diesel::sql_query(
        "WITH recent AS (
            SELECT o.campaign_id, count(*) AS orders,
                   round(coalesce(sum(CASE WHEN c.commission_amount = 0 THEN c.eligible_amount
                        ELSE c.eligible_amount * c.net_amount / c.commission_amount END)
                        FILTER (WHERE c.state <> 'reverted'), 0), 2) AS eligible_sales,
                   coalesce(sum(c.net_amount) FILTER (WHERE c.state IN ('estimated', 'confirmed')), 0)
                       AS commission
              FROM orders o
              LEFT JOIN commissions c ON c.order_id = o.id
             WHERE o.tenant_id = $1 AND o.attributed AND o.placed_at >= $3 AND o.placed_at < $4
               AND ($2::uuid[] IS NULL OR o.brand_id = ANY($2))
             GROUP BY o.campaign_id)
         SELECT ca.id, ca.name, ca.brand_id, b.name AS brand_name, ca.status, ca.start_date,
                ca.end_date,
                (SELECT count(*) FROM campaign_influencers ci
                  WHERE ci.campaign_id = ca.id AND ci.status = 'active') AS active_members,
                (SELECT count(*) FROM discount_codes d
                  WHERE d.campaign_id = ca.id AND d.status = 'active') AS active_codes,
                coalesce(r.orders, 0) AS orders, coalesce(r.eligible_sales, 0) AS eligible_sales,
                coalesce(r.commission, 0) AS commission
           FROM campaigns ca
           JOIN brands b ON b.id = ca.brand_id
           LEFT JOIN recent r ON r.campaign_id = ca.id
          WHERE ca.tenant_id = $1 AND ca.deleted_at IS NULL
            AND ($2::uuid[] IS NULL OR ca.brand_id = ANY($2))
          ORDER BY ca.start_date DESC, ca.name, ca.id",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .bind::<Timestamptz, _>(since)
    .bind::<Timestamptz, _>(until)
    .load(conn)
    .await
}

/// Codes in scope per stored status.
pub async fn codes_by_status(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<Vec<StatusCount>> {
    diesel::sql_query(
        "SELECT d.status, count(*) AS count FROM discount_codes d
          WHERE d.tenant_id = $1 AND ($2::uuid[] IS NULL OR d.brand_id = ANY($2))
          GROUP BY d.status",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .load(conn)
    .await
}

/// Codes in scope whose VTEX sync failed.
pub async fn codes_sync_failed(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<i64> {
    let row: Count = diesel::sql_query(
        "SELECT count(*) AS count FROM discount_codes d
          WHERE d.tenant_id = $1 AND d.sync_state = 'failed'
            AND ($2::uuid[] IS NULL OR d.brand_id = ANY($2))",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .get_result(conn)
    .await?;
    Ok(row.count)
}

/// A recent code.
#[derive(Debug, Clone, QueryableByName)]
pub struct RecentCode {
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
    /// Influencer.
    #[diesel(sql_type = SqlUuid)]
    pub influencer_id: Uuid,
    /// Its full name.
    #[diesel(sql_type = Text)]
    pub influencer_name: String,
    /// Stored status.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// Sync state.
    #[diesel(sql_type = Text)]
    pub sync_state: String,
    /// Last sync failure.
    #[diesel(sql_type = Nullable<Text>)]
    pub last_sync_error: Option<String>,
    /// Created.
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// The `limit` newest codes in scope.
pub async fn recent_codes(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brands: Option<&[Uuid]>,
    limit: i64,
) -> crate::Result<Vec<RecentCode>> {
    diesel::sql_query(
        "SELECT d.id, d.code, d.campaign_id, ca.name AS campaign_name, d.influencer_id,
                i.first_name || ' ' || i.last_name AS influencer_name, d.status, d.sync_state,
                d.last_sync_error, d.created_at
           FROM discount_codes d
           JOIN campaigns ca ON ca.id = d.campaign_id
           JOIN influencers i ON i.id = d.influencer_id
          WHERE d.tenant_id = $1 AND ($2::uuid[] IS NULL OR d.brand_id = ANY($2))
          ORDER BY d.created_at DESC, d.id DESC LIMIT $3",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .bind::<Int8, _>(limit)
    .load(conn)
    .await
}

/// Held commissions: count and Σ net.
#[derive(Debug, Clone, QueryableByName)]
pub struct HeldTotals {
    /// Count.
    #[diesel(sql_type = Int8)]
    pub count: i64,
    /// Σ net amount.
    #[diesel(sql_type = Numeric)]
    pub net_amount: Decimal,
}

/// Held commissions in scope (read through the partial `commissions_tenant_on_hold_idx`).
pub async fn held_commissions(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brands: Option<&[Uuid]>,
) -> crate::Result<HeldTotals> {
    diesel::sql_query(
        "SELECT count(*) AS count, coalesce(sum(c.net_amount), 0) AS net_amount
           FROM commissions c
          WHERE c.tenant_id = $1 AND c.on_hold
            AND ($2::uuid[] IS NULL OR c.brand_id = ANY($2))",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Array<SqlUuid>>, _>(brands)
    .get_result(conn)
    .await
}
