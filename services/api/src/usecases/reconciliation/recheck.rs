//! The end of a discrepancy's resolution (`domain.md` §4.9, §5.16.2). When
//! `POST /internal/v1/orders/ingest` carries a `discrepancyId`, the order just ingested is compared
//! with the VTEX data it carried: equal → `resolved` (`auto`, by `system`; `reprocessed`, by the
//! person, when a person asked for it), still different → back to `open` with the difference in
//! `last_error`. `orders/not-found` with a `discrepancyId` reopens it with "VTEX answered 404".
//! Only a `resolving` discrepancy moves; a repeated report changes nothing.

use afiliados_api_types::orders::{IngestOrderResponse, IngestOutcome, NormalizedOrder};
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use afiliados_db::reconciliation_discrepancy_outcomes as outcomes;
use afiliados_domain::commission::OrderStatus;
use afiliados_domain::{DiscrepancyClass, StatusComparison, amounts_differ, compare_status};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::counters;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Who resolved a discrepancy by itself.
pub const SYSTEM: &str = "system";

/// The live discrepancy `id` of the tenant, locked, when it is `resolving`.
async fn resolving(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<Option<DiscrepancyRow>, UseCaseError> {
    Ok(
        afiliados_db::reconciliation_discrepancies::find_for_update(tx, id)
            .await?
            .filter(|row| row.tenant_id == ctx.tenant_id && row.status == "resolving"),
    )
}

/// After the ingestion of `order` (its `response`) for discrepancy `id`.
pub async fn after_ingest(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    order: &NormalizedOrder,
    response: &IngestOrderResponse,
) -> Result<(), UseCaseError> {
    let Some(discrepancy) = resolving(tx, ctx, id).await? else {
        return Ok(());
    };
    let stored = afiliados_db::orders::find(tx, ctx.tenant_id, response.order_id)
        .await?
        .ok_or_else(|| UseCaseError::internal("ingested order not found"))?;
    let tolerance =
        afiliados_db::reconciliation_runs::find(tx, ctx.tenant_id, discrepancy.last_run_id)
            .await?
            .map_or(ctx.settings.reconciliation.tolerance_percent, |run| {
                run.tolerance_percent
            });
    let class = DiscrepancyClass::parse(&discrepancy.class)
        .ok_or_else(|| UseCaseError::internal("stored discrepancy class unknown"))?;
    let applied = matches!(
        response.outcome,
        IngestOutcome::Created | IngestOutcome::Updated
    );
    let mut differences = Vec::new();
    if class == DiscrepancyClass::D {
        if stored.non_attribution_reason.as_deref() == Some("coupon_unknown") {
            differences.push(format!(
                "the coupon {} still matches no code",
                stored.coupon_code.as_deref().unwrap_or("")
            ));
        }
    } else {
        let platform = OrderStatus::parse(&stored.status)
            .ok_or_else(|| UseCaseError::internal("stored order status unknown"))?;
        match compare_status(platform, &order.vtex_status) {
            StatusComparison::Same => {}
            StatusComparison::Differs(_) => differences.push(format!(
                "status: platform {} vs VTEX {}",
                stored.status, order.vtex_status
            )),
            StatusComparison::Unmapped => differences.push(format!(
                "status: VTEX state {} is not in the mapping table",
                order.vtex_status
            )),
        }
        let vtex_total = order.total_value.amount();
        if amounts_differ(stored.total_value, vtex_total, tolerance) {
            differences.push(format!(
                "totalValue: platform {} vs VTEX {}",
                stored.total_value.round_dp(2),
                vtex_total.round_dp(2)
            ));
        }
        // A recomputation (eligible total, commission) is settled only by a version applied.
        if class == DiscrepancyClass::C && !applied && differences.is_empty() {
            differences.push("the ingestion did not apply the version (stale)".to_owned());
        }
    }
    let now = ctx.now();
    if differences.is_empty() {
        let (resolution, by) = match reprocessed_by(tx, ctx, id).await? {
            Some(person) => ("reprocessed", person),
            None => ("auto", SYSTEM.to_owned()),
        };
        outcomes::resolve(tx, id, resolution, &by, Some(stored.id), now).await?;
    } else {
        let error: String = differences.join("; ").chars().take(2000).collect();
        outcomes::reopen(tx, id, &error, now).await?;
    }
    counters::refresh(tx, ctx, discrepancy.last_run_id).await?;
    Ok(())
}

/// `orders/not-found` for discrepancy `id`: back to `open`.
pub async fn not_found(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<(), UseCaseError> {
    let Some(discrepancy) = resolving(tx, ctx, id).await? else {
        return Ok(());
    };
    outcomes::reopen(tx, id, "VTEX answered 404", ctx.now()).await?;
    counters::refresh(tx, ctx, discrepancy.last_run_id).await?;
    Ok(())
}

/// The person whose `discrepancy.reprocessed` started the current attempt, if a person did: the
/// latest reprocess is after the latest reopening, so it is this attempt's.
async fn reprocessed_by(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<Option<String>, UseCaseError> {
    use afiliados_db::schema::audit_log as audit;
    let discrepancy = afiliados_db::reconciliation_discrepancies::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    // A reprocess moves an `open` discrepancy; one detected and started by a run never was open
    // in between, so only a reprocess after its detection counts.
    let label: Option<String> = audit::table
        .filter(audit::tenant_id.eq(ctx.tenant_id))
        .filter(audit::action.eq("discrepancy.reprocessed"))
        .filter(audit::entity_id.eq(id.to_string()))
        .filter(audit::occurred_at.ge(discrepancy.first_detected_at))
        .filter(audit::actor_type.eq("user"))
        .order(audit::occurred_at.desc())
        .select(audit::actor_label)
        .first(tx)
        .await
        .optional()?;
    Ok(label)
}
