//! How a `resolving` discrepancy ends (`domain.md` §4.9): `resolved` when the re-ingested order
//! matches VTEX, back to `open` with the reason when it does not or VTEX answered 404; and the
//! open discrepancies of a run's orders that a later run no longer finds (`vanished`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::reconciliation_discrepancies::DiscrepancyRow;
use crate::schema::reconciliation_discrepancies as d;

/// `resolving → resolved` with `resolution` and who; `None` when it was not `resolving`.
pub async fn resolve(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    resolution: &str,
    resolved_by: &str,
    order_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> crate::Result<Option<DiscrepancyRow>> {
    // A class A discrepancy learns its order once the order exists.
    if let Some(order_id) = order_id {
        diesel::update(d::table.filter(d::id.eq(id)).filter(d::order_id.is_null()))
            .set(d::order_id.eq(order_id))
            .execute(conn)
            .await?;
    }
    diesel::update(
        d::table
            .filter(d::id.eq(id))
            .filter(d::status.eq("resolving")),
    )
    .set((
        d::status.eq("resolved"),
        d::resolution.eq(resolution),
        d::resolved_by.eq(resolved_by),
        d::resolved_at.eq(now),
        d::updated_at.eq(now),
    ))
    .returning(DiscrepancyRow::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// `resolving → open` keeping `error` in `last_error`; `None` when it was not `resolving`.
pub async fn reopen(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    error: &str,
    now: DateTime<Utc>,
) -> crate::Result<Option<DiscrepancyRow>> {
    diesel::update(
        d::table
            .filter(d::id.eq(id))
            .filter(d::status.eq("resolving")),
    )
    .set((
        d::status.eq("open"),
        d::last_error.eq(error),
        d::updated_at.eq(now),
    ))
    .returning(DiscrepancyRow::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// `open → resolved (vanished)` for the open discrepancies a later run no longer finds: those of
/// orders this run covered (listed by VTEX, or placed in `[from, to)`) that it did not record
/// again (their `last_run_id` is another run). One statement, nothing loaded. Returns the runs
/// whose counters changed.
pub async fn vanish(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    run_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> crate::Result<Vec<Uuid>> {
    #[derive(QueryableByName)]
    struct Run {
        #[diesel(sql_type = SqlUuid)]
        last_run_id: Uuid,
    }
    let runs: Vec<Run> = diesel::sql_query(
        "UPDATE reconciliation_discrepancies d SET status = 'resolved', resolution = 'vanished', \
         resolved_by = 'system', resolved_at = $5, updated_at = $5 \
         WHERE d.tenant_id = $1 AND d.status = 'open' AND d.last_run_id <> $2 \
           AND (EXISTS (SELECT 1 FROM reconciliation_vtex_orders v \
                  WHERE v.run_id = $2 AND v.vtex_order_id = d.vtex_order_id) \
             OR EXISTS (SELECT 1 FROM orders o WHERE o.tenant_id = $1 \
                  AND o.vtex_order_id = d.vtex_order_id AND o.placed_at >= $3 AND o.placed_at < $4)) \
         RETURNING d.last_run_id",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(run_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?;
    let mut ids: Vec<Uuid> = runs.into_iter().map(|run| run.last_run_id).collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The discrepancies a run found (its `last_run_id`), brand by brand then order: the summary
/// e-mails' rows.
pub async fn of_run(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
) -> crate::Result<Vec<DiscrepancyRow>> {
    d::table
        .filter(d::last_run_id.eq(run_id))
        .order((d::brand_id.asc(), d::class.asc(), d::vtex_order_id.asc()))
        .select(DiscrepancyRow::as_select())
        .load(conn)
        .await
}
