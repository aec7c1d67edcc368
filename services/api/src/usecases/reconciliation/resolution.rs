//! Starting the resolution of a discrepancy: the discrepancy goes to `resolving` and a
//! `FetchVtexOrder {source: reconciliation, discrepancyId, force: true}` job is queued in the same
//! transaction. The ingest of that fetch re-compares the order with VTEX and moves the
//! discrepancy to `resolved` or back to `open` (§5.16.2); a 404 from VTEX reopens it.
//! Used by detection (classes A, B, C), recorded runs and the manual reprocess.

use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use afiliados_jobs::{FetchSource, FetchVtexOrder};

use crate::usecases::{UseCaseContext, UseCaseError};

/// Moves `discrepancy` to `resolving` and queues its re-fetch; returns the updated row.
pub async fn start(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    discrepancy: &DiscrepancyRow,
) -> Result<DiscrepancyRow, UseCaseError> {
    let row =
        afiliados_db::reconciliation_discrepancies::mark_resolving(tx, discrepancy.id, ctx.now())
            .await?;
    crate::jobs::enqueue(
        tx,
        &FetchVtexOrder {
            vtex_order_id: row.vtex_order_id.clone(),
            source: FetchSource::Reconciliation,
            reconciliation_run_id: Some(row.last_run_id),
            discrepancy_id: Some(row.id),
            force: true,
        },
    )
    .await?;
    Ok(row)
}
