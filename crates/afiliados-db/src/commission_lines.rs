//! `commission_lines`: the eligible lines of a commission with their cumulative reversals
//! (`domain.md` §3.6, §5.9). Only eligible lines get a row.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::{commission_lines, order_lines};

/// A commission line with its order line's index.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = commission_lines, check_for_backend(diesel::pg::Pg))]
pub struct CommissionLineRow {
    /// Id.
    pub id: Uuid,
    /// Commission.
    pub commission_id: Uuid,
    /// Order line.
    pub order_line_id: Uuid,
    /// Eligible amount.
    pub eligible_amount: Decimal,
    /// Line commission.
    pub commission_amount: Decimal,
    /// Units removed, as last applied.
    pub removed_quantity: i32,
    /// Units returned, as last applied.
    pub returned_quantity: i32,
    /// Returned-or-removed units, capped.
    pub reverted_quantity: i32,
    /// Cumulative reverted amount.
    pub reverted_amount: Decimal,
}

/// A line to write (insert or replace the values of `(commission, order line)`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = commission_lines)]
pub struct NewCommissionLine {
    /// Id (kept by an existing row).
    pub id: Uuid,
    /// Commission.
    pub commission_id: Uuid,
    /// Order line.
    pub order_line_id: Uuid,
    /// Eligible amount.
    pub eligible_amount: Decimal,
    /// Line commission.
    pub commission_amount: Decimal,
    /// Removed units.
    pub removed_quantity: i32,
    /// Returned units.
    pub returned_quantity: i32,
    /// Capped sum.
    pub reverted_quantity: i32,
    /// Cumulative reverted amount.
    pub reverted_amount: Decimal,
    /// Now.
    pub updated_at: DateTime<Utc>,
}

/// The lines of a commission with the index of their order line, by index.
pub async fn of_commission(
    conn: &mut AsyncPgConnection,
    commission_id: Uuid,
) -> crate::Result<Vec<(i32, CommissionLineRow)>> {
    commission_lines::table
        .inner_join(order_lines::table)
        .filter(commission_lines::commission_id.eq(commission_id))
        .order(order_lines::line_index.asc())
        .select((order_lines::line_index, CommissionLineRow::as_select()))
        .load(conn)
        .await
}

/// Writes the lines (new ones inserted, existing ones replaced).
pub async fn upsert(
    conn: &mut AsyncPgConnection,
    lines: &[NewCommissionLine],
) -> crate::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    diesel::insert_into(commission_lines::table)
        .values(lines)
        .on_conflict((
            commission_lines::commission_id,
            commission_lines::order_line_id,
        ))
        .do_update()
        .set((
            commission_lines::eligible_amount.eq(excluded(commission_lines::eligible_amount)),
            commission_lines::commission_amount.eq(excluded(commission_lines::commission_amount)),
            commission_lines::removed_quantity.eq(excluded(commission_lines::removed_quantity)),
            commission_lines::returned_quantity.eq(excluded(commission_lines::returned_quantity)),
            commission_lines::reverted_quantity.eq(excluded(commission_lines::reverted_quantity)),
            commission_lines::reverted_amount.eq(excluded(commission_lines::reverted_amount)),
            commission_lines::updated_at.eq(excluded(commission_lines::updated_at)),
        ))
        .prepared_rows(lines.len())
        .execute(conn)
        .await
        .map(|_| ())
}
