//! `orders`: every order VTEX reports, as its last ingested version (`domain.md` §3.5). The row
//! is locked while a version is applied, so two ingestions of one order run one after the other.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::orders;

/// An order row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = orders, check_for_backend(diesel::pg::Pg))]
pub struct Order {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// VTEX `orderId`.
    pub vtex_order_id: String,
    /// VTEX `sequence`.
    pub sequence: Option<String>,
    /// `created|paid|invoiced|shipped|canceled|returned`.
    pub status: String,
    /// Raw VTEX state of the last version.
    pub vtex_status: String,
    /// The last VTEX state was unknown.
    pub status_unmapped: bool,
    /// VTEX `creationDate`.
    pub placed_at: DateTime<Utc>,
    /// First paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// First invoiced.
    pub invoiced_at: Option<DateTime<Utc>>,
    /// First shipped.
    pub shipped_at: Option<DateTime<Utc>>,
    /// Canceled.
    pub canceled_at: Option<DateTime<Utc>>,
    /// Returned.
    pub returned_at: Option<DateTime<Utc>>,
    /// ISO currency.
    pub currency: String,
    /// `Items` total.
    pub items_total: Decimal,
    /// `Discounts` total (positive).
    pub discounts_total: Decimal,
    /// `Shipping` total.
    pub shipping_total: Decimal,
    /// `Tax` total.
    pub tax_total: Decimal,
    /// `value`.
    pub total_value: Decimal,
    /// Σ `line_net`.
    pub net_items_total: Decimal,
    /// Σ eligible amounts of the lines.
    pub eligible_total: Decimal,
    /// Coupon as received.
    pub coupon_code: Option<String>,
    /// Trimmed, upper case.
    pub coupon_code_normalized: Option<String>,
    /// The matched code, even when not attributed.
    pub discount_code_id: Option<Uuid>,
    /// The matched code's brand.
    pub brand_id: Option<Uuid>,
    /// The matched code's influencer.
    pub influencer_id: Option<Uuid>,
    /// The matched code's campaign.
    pub campaign_id: Option<Uuid>,
    /// All eight checks passed at first ingestion (frozen).
    pub attributed: bool,
    /// The first failing check.
    pub non_attribution_reason: Option<String>,
    /// SHA-256 of the peppered normalised e-mail.
    pub customer_email_hash: Option<String>,
    /// SHA-256 of the peppered document digits.
    pub customer_document_hash: Option<String>,
    /// The customer is the influencer.
    pub self_referral: bool,
    /// VTEX `lastChange` of the stored version.
    pub vtex_last_change: DateTime<Utc>,
    /// Versions applied.
    pub ingest_count: i32,
    /// Last applied.
    pub last_ingested_at: DateTime<Utc>,
    /// `hook|push|feed|reconciliation|refetch`.
    pub last_source: String,
    /// Consistency warnings of the stored version.
    pub warnings: Vec<String>,
    /// The OMS document without personal data.
    pub document_json: serde_json::Value,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// The columns every applied version writes.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = orders, treat_none_as_null = true)]
pub struct OrderVersion {
    /// VTEX `sequence`.
    pub sequence: Option<String>,
    /// Platform status after the version.
    pub status: String,
    /// Raw VTEX state.
    pub vtex_status: String,
    /// Unknown VTEX state.
    pub status_unmapped: bool,
    /// First paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// First invoiced.
    pub invoiced_at: Option<DateTime<Utc>>,
    /// First shipped.
    pub shipped_at: Option<DateTime<Utc>>,
    /// Canceled.
    pub canceled_at: Option<DateTime<Utc>>,
    /// Returned.
    pub returned_at: Option<DateTime<Utc>>,
    /// ISO currency.
    pub currency: String,
    /// `Items`.
    pub items_total: Decimal,
    /// `Discounts` (positive).
    pub discounts_total: Decimal,
    /// `Shipping`.
    pub shipping_total: Decimal,
    /// `Tax`.
    pub tax_total: Decimal,
    /// `value`.
    pub total_value: Decimal,
    /// Σ `line_net`.
    pub net_items_total: Decimal,
    /// Σ eligible amounts.
    pub eligible_total: Decimal,
    /// Coupon as received.
    pub coupon_code: Option<String>,
    /// Trimmed, upper case.
    pub coupon_code_normalized: Option<String>,
    /// Hash of the customer e-mail.
    pub customer_email_hash: Option<String>,
    /// Hash of the customer document.
    pub customer_document_hash: Option<String>,
    /// VTEX `lastChange`.
    pub vtex_last_change: DateTime<Utc>,
    /// Applied at.
    pub last_ingested_at: DateTime<Utc>,
    /// Source.
    pub last_source: String,
    /// Warnings.
    pub warnings: Vec<String>,
    /// The document.
    pub document_json: serde_json::Value,
}

/// The attribution fixed at first ingestion.
#[derive(Debug, Clone, Default, Insertable, AsChangeset)]
#[diesel(table_name = orders, treat_none_as_null = true)]
pub struct OrderAttribution {
    /// Matched code.
    pub discount_code_id: Option<Uuid>,
    /// Its brand.
    pub brand_id: Option<Uuid>,
    /// Its influencer.
    pub influencer_id: Option<Uuid>,
    /// Its campaign.
    pub campaign_id: Option<Uuid>,
    /// Attributed.
    pub attributed: bool,
    /// First failure.
    pub non_attribution_reason: Option<String>,
    /// Customer is the influencer.
    pub self_referral: bool,
}

/// The order `vtex_order_id` of the tenant, locked for the rest of the transaction.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    vtex_order_id: &str,
) -> crate::Result<Option<Order>> {
    orders::table
        .filter(orders::tenant_id.eq(tenant_id))
        .filter(orders::vtex_order_id.eq(vtex_order_id))
        .for_update()
        .select(Order::as_select())
        .first(conn)
        .await
        .optional()
}

/// Inserts the first version of an order with its attribution; `None` when a concurrent
/// ingestion inserted it first (the caller then locks that row and applies its version to it).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    vtex_order_id: &str,
    placed_at: DateTime<Utc>,
    version: &OrderVersion,
    attribution: &OrderAttribution,
) -> crate::Result<Option<Order>> {
    diesel::insert_into(orders::table)
        .values((
            orders::id.eq(crate::new_id()),
            orders::tenant_id.eq(tenant_id),
            orders::vtex_order_id.eq(vtex_order_id),
            orders::placed_at.eq(placed_at),
            version,
            attribution,
        ))
        .on_conflict((orders::tenant_id, orders::vtex_order_id))
        .do_nothing()
        .returning(Order::as_returning())
        .prepared()
        .get_result(conn)
        .await
        .optional()
}

/// Writes a newer (or forced) version; `ingest_count` grows.
pub async fn apply_version(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    version: &OrderVersion,
) -> crate::Result<Order> {
    diesel::update(orders::table.filter(orders::id.eq(id)))
        .set((
            version,
            orders::ingest_count.eq(orders::ingest_count + 1),
            orders::updated_at.eq(version.last_ingested_at),
        ))
        .returning(Order::as_returning())
        .prepared()
        .get_result(conn)
        .await
}

/// Whether order `id` belongs to the tenant.
pub async fn exists(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        orders::table
            .filter(orders::tenant_id.eq(tenant_id))
            .filter(orders::id.eq(id)),
    ))
    .get_result(conn)
    .await
}

/// The order `id` of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Order>> {
    orders::table
        .filter(orders::tenant_id.eq(tenant_id))
        .filter(orders::id.eq(id))
        .select(Order::as_select())
        .first(conn)
        .await
        .optional()
}

/// The order with VTEX id `vtex_order_id` of the tenant.
pub async fn find_by_vtex_id(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    vtex_order_id: &str,
) -> crate::Result<Option<Order>> {
    orders::table
        .filter(orders::tenant_id.eq(tenant_id))
        .filter(orders::vtex_order_id.eq(vtex_order_id))
        .select(Order::as_select())
        .first(conn)
        .await
        .optional()
}

/// Filters of the order lists; `None`/empty means "any".
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// Scope of an admin_marca: `brand_id` in the set (orders without a matched code never are).
    pub brand_ids: Option<Vec<Uuid>>,
    /// Influencer.
    pub influencer_id: Option<Uuid>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Campaign.
    pub campaign_id: Option<Uuid>,
    /// Statuses.
    pub statuses: Vec<String>,
    /// Attributed.
    pub attributed: Option<bool>,
    /// Non-attribution reasons.
    pub reasons: Vec<String>,
    /// Normalised coupon.
    pub coupon_code_normalized: Option<String>,
    /// VTEX order id.
    pub vtex_order_id: Option<String>,
    /// Self-referral.
    pub self_referral: Option<bool>,
    /// Unknown VTEX state.
    pub status_unmapped: Option<bool>,
    /// Raw VTEX states.
    pub vtex_statuses: Vec<String>,
    /// `placed_at` ≥.
    pub placed_from: Option<DateTime<Utc>>,
    /// `placed_at` <.
    pub placed_to: Option<DateTime<Utc>>,
}

/// Sort of the order lists (always completed with `id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderSort {
    /// `-placedAt` (default).
    PlacedAtDesc,
    /// `placedAt`.
    PlacedAt,
    /// `-totalAmount`.
    TotalDesc,
    /// `totalAmount`.
    Total,
}

/// The tenant's orders matching `filter`, unsorted.
fn filtered<'a>(tenant_id: Uuid, filter: &OrderFilter) -> orders::BoxedQuery<'a, diesel::pg::Pg> {
    let mut query = orders::table
        .filter(orders::tenant_id.eq(tenant_id))
        .into_boxed();
    if let Some(ids) = &filter.brand_ids {
        query = query.filter(orders::brand_id.eq_any(ids.clone()));
    }
    if let Some(id) = filter.influencer_id {
        query = query.filter(orders::influencer_id.eq(id));
    }
    if let Some(id) = filter.brand_id {
        query = query.filter(orders::brand_id.eq(id));
    }
    if let Some(id) = filter.campaign_id {
        query = query.filter(orders::campaign_id.eq(id));
    }
    if !filter.statuses.is_empty() {
        query = query.filter(orders::status.eq_any(filter.statuses.clone()));
    }
    if let Some(attributed) = filter.attributed {
        query = query.filter(orders::attributed.eq(attributed));
    }
    if !filter.reasons.is_empty() {
        query = query.filter(orders::non_attribution_reason.eq_any(filter.reasons.clone()));
    }
    if let Some(code) = &filter.coupon_code_normalized {
        query = query.filter(orders::coupon_code_normalized.eq(code.clone()));
    }
    if let Some(vtex) = &filter.vtex_order_id {
        query = query.filter(orders::vtex_order_id.eq(vtex.clone()));
    }
    if let Some(flag) = filter.self_referral {
        query = query.filter(orders::self_referral.eq(flag));
    }
    if let Some(flag) = filter.status_unmapped {
        query = query.filter(orders::status_unmapped.eq(flag));
    }
    if !filter.vtex_statuses.is_empty() {
        query = query.filter(orders::vtex_status.eq_any(filter.vtex_statuses.clone()));
    }
    if let Some(from) = filter.placed_from {
        query = query.filter(orders::placed_at.ge(from));
    }
    if let Some(to) = filter.placed_to {
        query = query.filter(orders::placed_at.lt(to));
    }
    query
}

/// The rows `offset..offset + limit` of the tenant's orders matching `filter`, in `sort` order.
async fn rows(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &OrderFilter,
    sort: OrderSort,
    offset: i64,
    limit: i64,
) -> crate::Result<Vec<Order>> {
    let query = filtered(tenant_id, filter);
    let query = match sort {
        OrderSort::PlacedAtDesc => query.order((orders::placed_at.desc(), orders::id.asc())),
        OrderSort::PlacedAt => query.order((orders::placed_at.asc(), orders::id.asc())),
        OrderSort::TotalDesc => query.order((orders::total_value.desc(), orders::id.asc())),
        OrderSort::Total => query.order((orders::total_value.asc(), orders::id.asc())),
    };
    query
        .offset(offset)
        .limit(limit)
        .select(Order::as_select())
        .load(conn)
        .await
}

/// One page of the tenant's orders matching `filter`, with the exact total (a `count(*)` over
/// every match: the CSV export, which needs it to refuse oversized files and to page).
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &OrderFilter,
    sort: OrderSort,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<Order>, i64)> {
    let total = filtered(tenant_id, filter).count().get_result(conn).await?;
    let rows = rows(conn, tenant_id, filter, sort, offset, limit).await?;
    Ok((rows, total))
}

/// A list's total, counted no further than a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CappedTotal {
    /// The number of matches, or the bound when there are more.
    pub total: i64,
    /// `true` when there are more than `total` matches.
    pub capped: bool,
}

/// One page of the tenant's orders matching `filter`, with the number of matches counted up to
/// `offset + lookahead` (ADR 0046). A tenant's orders grow without bound and an exact `count(*)`
/// over a million of them cost more than the page itself (95 ms at 100 000 orders), so this
/// first asks whether a match exists past the bound (at most `offset + lookahead` index entries
/// read, the same order of work as the page's own `OFFSET`): if one does the total is the bound,
/// marked capped; if none does the exact count reads fewer entries than the bound.
pub async fn list_capped(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &OrderFilter,
    sort: OrderSort,
    (offset, limit): (i64, i64),
    lookahead: i64,
) -> crate::Result<(Vec<Order>, CappedTotal)> {
    let bound = offset.saturating_add(lookahead.max(limit));
    // No ORDER BY: whether a (bound + 1)-th match exists does not depend on the order.
    let beyond: Option<Uuid> = filtered(tenant_id, filter)
        .select(orders::id)
        .offset(bound)
        .limit(1)
        .get_result(conn)
        .await
        .optional()?;
    let total = match beyond {
        Some(_) => CappedTotal {
            total: bound,
            capped: true,
        },
        None => CappedTotal {
            total: filtered(tenant_id, filter).count().get_result(conn).await?,
            capped: false,
        },
    };
    let rows = rows(conn, tenant_id, filter, sort, offset, limit).await?;
    Ok((rows, total))
}
