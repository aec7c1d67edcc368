//! How a running reconciliation run moves (`domain.md` §4.9, §5.16.3): pages read, the counts of
//! the comparison, the counters kept current as discrepancies change, and the final status.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Int4, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

/// Raises `pages_fetched` to `pages` (never lowers it: chunks may arrive again).
pub async fn pages_fetched(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    pages: i32,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::sql_query(
        "UPDATE reconciliation_runs SET pages_fetched = GREATEST(pages_fetched, $2), updated_at = $3 \
         WHERE id = $1",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<Int4, _>(pages)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The sizes of both sides, stored by the comparison.
pub async fn compared(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    vtex_orders: i32,
    platform_orders: i32,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::sql_query(
        "UPDATE reconciliation_runs SET vtex_orders_count = $2, platform_orders_count = $3, \
         updated_at = $4 WHERE id = $1",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<Int4, _>(vtex_orders)
    .bind::<Int4, _>(platform_orders)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Discrepancies a run found (its `last_run_id`), per class and state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, diesel::QueryableByName)]
pub struct RunTally {
    /// Class A.
    #[diesel(sql_type = BigInt)]
    pub a: i64,
    /// Class B.
    #[diesel(sql_type = BigInt)]
    pub b: i64,
    /// Class C.
    #[diesel(sql_type = BigInt)]
    pub c: i64,
    /// Class D.
    #[diesel(sql_type = BigInt)]
    pub d: i64,
    /// Class E.
    #[diesel(sql_type = BigInt)]
    pub e: i64,
    /// Resolved by the platform itself (`auto`, `vanished`).
    #[diesel(sql_type = BigInt)]
    pub auto_resolved: i64,
    /// Still `open`: waiting for a person.
    #[diesel(sql_type = BigInt)]
    pub pending_manual: i64,
}

/// Counts the discrepancies whose `last_run_id` is the run.
pub async fn tally(conn: &mut AsyncPgConnection, run_id: Uuid) -> crate::Result<RunTally> {
    diesel::sql_query(
        "SELECT count(*) FILTER (WHERE class = 'A') AS a, count(*) FILTER (WHERE class = 'B') AS b, \
         count(*) FILTER (WHERE class = 'C') AS c, count(*) FILTER (WHERE class = 'D') AS d, \
         count(*) FILTER (WHERE class = 'E') AS e, \
         count(*) FILTER (WHERE status = 'resolved' AND resolution IN ('auto', 'vanished')) AS auto_resolved, \
         count(*) FILTER (WHERE status = 'open') AS pending_manual \
         FROM reconciliation_discrepancies WHERE last_run_id = $1",
    )
    .bind::<SqlUuid, _>(run_id)
    .get_result(conn)
    .await
}

/// Stores the counters kept current (`auto_resolved_count`, `pending_manual_count`) and, for a
/// finished run, its `auto_reconciled_ratio`.
pub async fn counters(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    auto_resolved: i32,
    pending_manual: i32,
    ratio: Option<Decimal>,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::sql_query(
        "UPDATE reconciliation_runs SET auto_resolved_count = $2, pending_manual_count = $3, \
         auto_reconciled_ratio = CASE WHEN status = 'running' THEN auto_reconciled_ratio ELSE $4 END, \
         updated_at = $5 WHERE id = $1",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<Int4, _>(auto_resolved)
    .bind::<Int4, _>(pending_manual)
    .bind::<Nullable<Numeric>, _>(ratio)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The final state of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished<'a> {
    /// `success|warning|failed`.
    pub status: &'a str,
    /// The counts per class, A to E.
    pub classes: [i32; 5],
    /// Σ classes.
    pub discrepancies_found: i32,
    /// Resolved by the platform.
    pub auto_resolved: i32,
    /// Waiting for a person.
    pub pending_manual: i32,
    /// `(compared − pending) / compared`.
    pub ratio: Option<Decimal>,
    /// Why a failed run failed.
    pub error: Option<&'a str>,
    /// Pages read (a failed run reports them).
    pub pages_fetched: Option<i32>,
}

/// Ends a `running` run; `false` when it was no longer running (a repeated call).
pub async fn finish(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    finished: &Finished<'_>,
    now: DateTime<Utc>,
) -> crate::Result<bool> {
    let [a, b, c, d, e] = finished.classes;
    let updated = diesel::sql_query(
        "UPDATE reconciliation_runs SET status = $2, class_a_count = $3, class_b_count = $4, \
         class_c_count = $5, class_d_count = $6, class_e_count = $7, discrepancies_found = $8, \
         auto_resolved_count = $9, pending_manual_count = $10, auto_reconciled_ratio = $11, \
         error = $12, pages_fetched = GREATEST(pages_fetched, COALESCE($13, 0)), finished_at = $14, \
         updated_at = $14 WHERE id = $1 AND status = 'running'",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<Text, _>(finished.status)
    .bind::<Int4, _>(a)
    .bind::<Int4, _>(b)
    .bind::<Int4, _>(c)
    .bind::<Int4, _>(d)
    .bind::<Int4, _>(e)
    .bind::<Int4, _>(finished.discrepancies_found)
    .bind::<Int4, _>(finished.auto_resolved)
    .bind::<Int4, _>(finished.pending_manual)
    .bind::<Nullable<Numeric>, _>(finished.ratio)
    .bind::<Nullable<Text>, _>(finished.error)
    .bind::<Nullable<Int4>, _>(finished.pages_fetched)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await?;
    Ok(updated == 1)
}
