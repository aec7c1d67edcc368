//! `order_status_history`: append-only, one row per status move, regression or unknown state of
//! an order (`domain.md` §4.5); the database refuses UPDATE and DELETE.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::order_status_history;

/// One row to append.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = order_status_history)]
pub struct NewOrderStatus<'a> {
    /// Id.
    pub id: Uuid,
    /// Order.
    pub order_id: Uuid,
    /// Stored before (none for a new order).
    pub from_status: Option<&'a str>,
    /// Stored after (unchanged for a regression).
    pub to_status: &'a str,
    /// Raw VTEX state.
    pub vtex_status: &'a str,
    /// VTEX `lastChange` of the version.
    pub changed_at: DateTime<Utc>,
    /// Source of the version.
    pub source: &'a str,
    /// The webhook delivery, when one carried it.
    pub delivery_id: Option<Uuid>,
}

/// Appends a row.
pub async fn append(conn: &mut AsyncPgConnection, row: &NewOrderStatus<'_>) -> crate::Result<()> {
    diesel::insert_into(order_status_history::table)
        .values(row)
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// (from, to, vtex status, changed at) of an order, oldest first.
pub async fn of_order(
    conn: &mut AsyncPgConnection,
    order_id: Uuid,
) -> crate::Result<Vec<(Option<String>, String, String, DateTime<Utc>)>> {
    order_status_history::table
        .filter(order_status_history::order_id.eq(order_id))
        .order((
            order_status_history::changed_at.asc(),
            order_status_history::id.asc(),
        ))
        .select((
            order_status_history::from_status,
            order_status_history::to_status,
            order_status_history::vtex_status,
            order_status_history::changed_at,
        ))
        .load(conn)
        .await
}

/// (from, to, VTEX state, changed at, source) of every move of an order, oldest first.
pub async fn with_source_of_order(
    conn: &mut AsyncPgConnection,
    order_id: Uuid,
) -> crate::Result<Vec<(Option<String>, String, String, DateTime<Utc>, String)>> {
    order_status_history::table
        .filter(order_status_history::order_id.eq(order_id))
        .order((
            order_status_history::changed_at.asc(),
            order_status_history::id.asc(),
        ))
        .select((
            order_status_history::from_status,
            order_status_history::to_status,
            order_status_history::vtex_status,
            order_status_history::changed_at,
            order_status_history::source,
        ))
        .load(conn)
        .await
}
