//! `order_lines`: the lines of an order's last ingested version with their eligibility and
//! amounts (`domain.md` §3.5, §5.6, §5.8), one row per `(order, line_index)`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::order_lines;

/// A line row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_lines, check_for_backend(diesel::pg::Pg))]
pub struct OrderLineRow {
    /// Id.
    pub id: Uuid,
    /// Order.
    pub order_id: Uuid,
    /// Position in VTEX `items[]`.
    pub line_index: i32,
    /// SKU id.
    pub sku_id: String,
    /// Product id.
    pub product_id: String,
    /// Reference id.
    pub ref_id: Option<String>,
    /// Name.
    pub name: String,
    /// VTEX brand id.
    pub vtex_brand_id: Option<String>,
    /// Brand name.
    pub brand_name: Option<String>,
    /// Category ids, root first.
    pub category_path: Vec<String>,
    /// Last category id.
    pub category_id: Option<String>,
    /// Units.
    pub quantity: i32,
    /// Units removed by edits.
    pub removed_quantity: i32,
    /// Units returned.
    pub returned_quantity: i32,
    /// VTEX `price`.
    pub unit_price: Decimal,
    /// VTEX `listPrice`.
    pub list_price: Decimal,
    /// VTEX `sellingPrice`.
    pub selling_price: Decimal,
    /// `unit_price × quantity`.
    pub line_gross: Decimal,
    /// `line_gross − line_net`.
    pub line_discount: Decimal,
    /// After every discount.
    pub line_net: Decimal,
    /// Tax of the line.
    pub line_tax: Decimal,
    /// Share of the shipping total.
    pub shipping_share: Decimal,
    /// Gift.
    pub is_gift: bool,
    /// Promotions applied.
    pub promotion_ids: Vec<String>,
    /// Eligible for the commission.
    pub eligible: bool,
    /// First failing rule.
    pub ineligibility_reason: Option<String>,
    /// Eligible amount.
    pub eligible_amount: Decimal,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// One line of a version to write.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = order_lines)]
pub struct NewOrderLine {
    /// Id (kept by an existing row).
    pub id: Uuid,
    /// Order.
    pub order_id: Uuid,
    /// Position.
    pub line_index: i32,
    /// SKU id.
    pub sku_id: String,
    /// Product id.
    pub product_id: String,
    /// Reference id.
    pub ref_id: Option<String>,
    /// Name.
    pub name: String,
    /// VTEX brand id.
    pub vtex_brand_id: Option<String>,
    /// Brand name.
    pub brand_name: Option<String>,
    /// Category path.
    pub category_path: Vec<String>,
    /// Last category.
    pub category_id: Option<String>,
    /// Units.
    pub quantity: i32,
    /// Removed units.
    pub removed_quantity: i32,
    /// Returned units.
    pub returned_quantity: i32,
    /// `price`.
    pub unit_price: Decimal,
    /// `listPrice`.
    pub list_price: Decimal,
    /// `sellingPrice`.
    pub selling_price: Decimal,
    /// Gross.
    pub line_gross: Decimal,
    /// Discount.
    pub line_discount: Decimal,
    /// Net.
    pub line_net: Decimal,
    /// Tax.
    pub line_tax: Decimal,
    /// Shipping share.
    pub shipping_share: Decimal,
    /// Gift.
    pub is_gift: bool,
    /// Promotions.
    pub promotion_ids: Vec<String>,
    /// Eligible.
    pub eligible: bool,
    /// Why not.
    pub ineligibility_reason: Option<String>,
    /// Eligible amount.
    pub eligible_amount: Decimal,
    /// Written at.
    pub updated_at: DateTime<Utc>,
}

/// Writes the lines of a version: new indexes are inserted, existing ones take the new values
/// (their ids stay, so commission lines keep pointing at them). Returns the rows by index.
pub async fn upsert(
    conn: &mut AsyncPgConnection,
    lines: &[NewOrderLine],
) -> crate::Result<Vec<OrderLineRow>> {
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    diesel::insert_into(order_lines::table)
        .values(lines)
        .on_conflict((order_lines::order_id, order_lines::line_index))
        .do_update()
        .set((
            order_lines::sku_id.eq(excluded(order_lines::sku_id)),
            order_lines::product_id.eq(excluded(order_lines::product_id)),
            order_lines::ref_id.eq(excluded(order_lines::ref_id)),
            order_lines::name.eq(excluded(order_lines::name)),
            order_lines::vtex_brand_id.eq(excluded(order_lines::vtex_brand_id)),
            order_lines::brand_name.eq(excluded(order_lines::brand_name)),
            order_lines::category_path.eq(excluded(order_lines::category_path)),
            order_lines::category_id.eq(excluded(order_lines::category_id)),
            order_lines::quantity.eq(excluded(order_lines::quantity)),
            order_lines::removed_quantity.eq(excluded(order_lines::removed_quantity)),
            order_lines::returned_quantity.eq(excluded(order_lines::returned_quantity)),
            order_lines::unit_price.eq(excluded(order_lines::unit_price)),
            order_lines::list_price.eq(excluded(order_lines::list_price)),
            order_lines::selling_price.eq(excluded(order_lines::selling_price)),
            order_lines::line_gross.eq(excluded(order_lines::line_gross)),
            order_lines::line_discount.eq(excluded(order_lines::line_discount)),
            order_lines::line_net.eq(excluded(order_lines::line_net)),
            order_lines::line_tax.eq(excluded(order_lines::line_tax)),
            order_lines::shipping_share.eq(excluded(order_lines::shipping_share)),
            order_lines::is_gift.eq(excluded(order_lines::is_gift)),
            order_lines::promotion_ids.eq(excluded(order_lines::promotion_ids)),
            order_lines::eligible.eq(excluded(order_lines::eligible)),
            order_lines::ineligibility_reason.eq(excluded(order_lines::ineligibility_reason)),
            order_lines::eligible_amount.eq(excluded(order_lines::eligible_amount)),
            order_lines::updated_at.eq(excluded(order_lines::updated_at)),
        ))
        .returning(OrderLineRow::as_returning())
        .prepared_rows(lines.len())
        .get_results(conn)
        .await
}

/// The lines of an order by index.
pub async fn of_order(
    conn: &mut AsyncPgConnection,
    order_id: Uuid,
) -> crate::Result<Vec<OrderLineRow>> {
    order_lines::table
        .filter(order_lines::order_id.eq(order_id))
        .order(order_lines::line_index.asc())
        .select(OrderLineRow::as_select())
        .load(conn)
        .await
}
