//! `POST /vtex/reconciliations/discrepancies/{id}/reprocess` (`domain.md` §5.16.4): an `open`
//! discrepancy goes back to `resolving` with a forced re-fetch of its order; anything else is 409
//! `discrepancy_not_open`. The runs that found it keep their pending counts current.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::reconciliation::DiscrepancyResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use afiliados_domain::Actor;
use serde_json::json;
use uuid::Uuid;

use super::representation::{self, ACTORS};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The tenant's discrepancy, locked, or 404.
pub async fn locked(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<DiscrepancyRow, UseCaseError> {
    afiliados_db::reconciliation_discrepancies::find_for_update(tx, id)
        .await?
        .filter(|row| row.tenant_id == ctx.tenant_id)
        .ok_or(UseCaseError::NotFound)
}

/// Keeps `pending_manual_count`/`auto_resolved_count` of the run that last found `row` current
/// (`counters::refresh`).
pub async fn refresh_counters(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &DiscrepancyRow,
) -> Result<(), UseCaseError> {
    super::counters::refresh(tx, ctx, row.last_run_id).await?;
    Ok(())
}

/// 202 with the discrepancy `resolving`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, discrepancy.id = %id))]
pub async fn reprocess(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<DiscrepancyResponse, UseCaseError> {
    actor.require_any(&ACTORS)?;
    let row = locked(tx, ctx, id).await?;
    if row.status != "open" {
        return Err(UseCaseError::conflict_with(
            ErrorCode::DiscrepancyNotOpen,
            json!({"status": row.status}),
        ));
    }
    let updated = super::resolution::start(tx, ctx, &row).await?;
    refresh_counters(tx, ctx, &updated).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new(
            "discrepancy.reprocessed",
            "reconciliation_discrepancy",
            row.id,
        )
        .changes(
            Some(json!({"status": row.status, "attempts": row.attempts})),
            Some(
                json!({"status": updated.status, "attempts": updated.attempts,
                        "vtexOrderId": updated.vtex_order_id}),
            ),
        ),
    )
    .await?;
    representation::discrepancy(&updated)
}
