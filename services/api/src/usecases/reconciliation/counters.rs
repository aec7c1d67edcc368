//! Keeping a run's `auto_resolved_count` and `pending_manual_count` current as its discrepancies
//! change (`domain.md` §5.16.3), and its `auto_reconciled_ratio` once it finished. Call
//! [`refresh`] in the transaction of any change of a discrepancy's status (detection,
//! re-ingestion, 404, accept, reprocess, vanish) with the discrepancy's `last_run_id`.

use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_run_progress::{self as progress, RunTally};
use afiliados_domain::auto_reconciled_ratio;
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// Re-counts the run's discrepancies and stores the counters; returns the tally.
pub async fn refresh(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
) -> Result<RunTally, UseCaseError> {
    let Some(run) = afiliados_db::reconciliation_runs::find(tx, ctx.tenant_id, run_id).await?
    else {
        return Ok(RunTally::default());
    };
    let tally = progress::tally(tx, run_id).await?;
    let ratio = ratio(
        run.vtex_orders_count,
        run.class_e_count,
        tally.pending_manual,
    );
    progress::counters(
        tx,
        run_id,
        clamp(tally.auto_resolved),
        clamp(tally.pending_manual),
        ratio,
        ctx.now(),
    )
    .await?;
    Ok(tally)
}

/// `(compared − pending) / compared` with compared = |VTEX ids ∪ platform ids| = the VTEX orders
/// listed plus the platform orders VTEX did not list (class E).
pub fn ratio(vtex_orders: i32, class_e: i32, pending_manual: i64) -> Option<rust_decimal::Decimal> {
    let compared = u64::try_from(i64::from(vtex_orders) + i64::from(class_e)).unwrap_or(0);
    auto_reconciled_ratio(compared, u64::try_from(pending_manual).unwrap_or(0))
}

/// Counts fit an `INT` column.
pub fn clamp(count: i64) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}
