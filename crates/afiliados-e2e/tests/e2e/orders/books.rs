//! What the api's database holds for the orders of a story, counted in SQL: how many commissions
//! and `commission_estimated` ledger entries each order has, and the webhook deliveries by status.
//! The exactly-once checks of the fault stories read these (the api shows one commission per
//! order, so a duplicate would only be visible here).

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl as _;

use crate::coupon_sync::stack::{Stack, TestResult};

/// One order's bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub(crate) struct OrderBooks {
    #[diesel(sql_type = Text)]
    pub(crate) vtex_order_id: String,
    #[diesel(sql_type = BigInt)]
    pub(crate) commissions: i64,
    #[diesel(sql_type = BigInt)]
    pub(crate) estimated_entries: i64,
}

/// Every stored order with its counts, by VTEX order id.
pub(crate) async fn orders(stack: &Stack) -> TestResult<Vec<OrderBooks>> {
    let mut conn = stack.api.state.db.get().await?;
    Ok(diesel::sql_query(
        "SELECT o.vtex_order_id, \
           (SELECT count(*) FROM commissions c WHERE c.order_id = o.id) AS commissions, \
           (SELECT count(*) FROM ledger_entries l JOIN commissions c ON c.id = l.commission_id \
             WHERE c.order_id = o.id AND l.entry_type = 'commission_estimated') AS estimated_entries \
         FROM orders o ORDER BY o.vtex_order_id",
    )
    .load(&mut conn)
    .await?)
}

#[derive(Debug, QueryableByName)]
struct StatusCount {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// `(status, count)` of the webhook deliveries, by status.
pub(crate) async fn deliveries(stack: &Stack) -> TestResult<Vec<(String, i64)>> {
    let mut conn = stack.api.state.db.get().await?;
    let rows: Vec<StatusCount> = diesel::sql_query(
        "SELECT status, count(*) AS n FROM webhook_delivery_log GROUP BY status ORDER BY status",
    )
    .load(&mut conn)
    .await?;
    Ok(rows.into_iter().map(|row| (row.status, row.n)).collect())
}

#[derive(Debug, QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Job outbox rows the relay has not pushed to Redis yet.
pub(crate) async fn undispatched_jobs(stack: &Stack) -> TestResult<i64> {
    let mut conn = stack.api.state.db.get().await?;
    let row: Count =
        diesel::sql_query("SELECT count(*) AS n FROM job_outbox WHERE dispatched_at IS NULL")
            .get_result(&mut conn)
            .await?;
    Ok(row.n)
}

#[derive(Debug, QueryableByName)]
struct DeliveryRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    vtex_order_id: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    vtex_state: Option<String>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    error: Option<String>,
}

/// Every delivery as `order state status error`, oldest first: what a failed wait reports.
pub(crate) async fn delivery_trail(stack: &Stack) -> TestResult<Vec<String>> {
    let mut conn = stack.api.state.db.get().await?;
    let rows: Vec<DeliveryRow> = diesel::sql_query(
        "SELECT vtex_order_id, vtex_state, status, error FROM webhook_delivery_log \
         ORDER BY received_at",
    )
    .load(&mut conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            format!(
                "{} {} {} {}",
                row.vtex_order_id.unwrap_or_default(),
                row.vtex_state.unwrap_or_default(),
                row.status,
                row.error.unwrap_or_default()
            )
        })
        .collect())
}

#[derive(Debug, QueryableByName)]
struct Entry {
    #[diesel(sql_type = Text)]
    entry_type: String,
    #[diesel(sql_type = Text)]
    amount: String,
}

/// The ledger entries of the order's commission as `type amount`, in ledger order.
pub(crate) async fn ledger_of(stack: &Stack, vtex_order_id: &str) -> TestResult<Vec<String>> {
    let mut conn = stack.api.state.db.get().await?;
    let rows: Vec<Entry> = diesel::sql_query(
        "SELECT l.entry_type, l.amount::text AS amount FROM ledger_entries l \
         JOIN commissions c ON c.id = l.commission_id JOIN orders o ON o.id = c.order_id \
         WHERE o.vtex_order_id = $1 ORDER BY l.seq",
    )
    .bind::<Text, _>(vtex_order_id)
    .load(&mut conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| format!("{} {}", row.entry_type, row.amount))
        .collect())
}
