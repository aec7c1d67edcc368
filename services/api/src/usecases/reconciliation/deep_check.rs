//! `POST /internal/v1/reconciliations/{id}/deep-check` (`domain.md` §5.16.2): for attributed
//! orders equal on the list's data, the worker sends the full OMS documents; the api recomputes
//! eligible total and net commission exactly as a re-ingestion would (frozen rate) by running
//! that very ingestion inside a savepoint it always rolls back — nothing of it is kept. A
//! difference beyond the run's tolerance is class C; an increase of a confirmed commission is C
//! but not auto-resolvable (money already settled needs a person).

use afiliados_api_types::orders::{IngestOrderRequest, IngestSource, NormalizedOrder};
use afiliados_api_types::reconciliation::DeepCheckRequest;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{DiscrepancyClass, FieldCode, amounts_differ};
use diesel_async::RunQueryDsl;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::counters;
use super::detect::{Finding, amount_details, detect};
use super::stage::running_run;
use crate::usecases::orders::ingest::ingest;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The most documents one deep-check call may carry.
pub const MAX_DEEP_CHECK_ORDERS: usize = 100;

/// Amounts of an order: as stored, or as a re-ingestion would leave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Amounts {
    eligible_total: Decimal,
    /// `commission_amount − reverted_amount`; `None` without a commission.
    net_commission: Option<Decimal>,
}

/// Recomputes each order and records the C discrepancies; returns how many were found.
pub async fn deep_check(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    request: &DeepCheckRequest,
) -> Result<u32, UseCaseError> {
    if request.orders.len() > MAX_DEEP_CHECK_ORDERS {
        return Err(UseCaseError::invalid("orders", FieldCode::TooLong));
    }
    let run = running_run(tx, ctx, run_id).await?;
    let mut found = 0;
    for order in &request.orders {
        let vtex_order_id = order.vtex_order_id.trim();
        let Some(stored) =
            afiliados_db::orders::find_for_update(tx, ctx.tenant_id, vtex_order_id).await?
        else {
            // Not stored: the comparison already made it class A.
            continue;
        };
        let commission = afiliados_db::commissions::of_order_for_update(tx, stored.id).await?;
        let before = Amounts {
            eligible_total: stored.eligible_total,
            net_commission: commission
                .as_ref()
                .map(|row| row.commission_amount - row.reverted_amount),
        };
        let after = recompute(tx, ctx, run.id, stored.id, order).await?;
        let confirmed = commission
            .as_ref()
            .is_some_and(|row| row.state == "confirmed");
        let details = if amounts_differ(
            before.eligible_total,
            after.eligible_total,
            run.tolerance_percent,
        ) {
            Some(amount_details(
                "eligibleTotal",
                before.eligible_total,
                after.eligible_total,
            ))
        } else {
            match (before.net_commission, after.net_commission) {
                (Some(platform), Some(recomputed))
                    if amounts_differ(platform, recomputed, run.tolerance_percent) =>
                {
                    Some(amount_details("netCommission", platform, recomputed))
                }
                _ => None,
            }
        };
        let Some(details) = details else { continue };
        let increase = match (before.net_commission, after.net_commission) {
            (Some(platform), Some(recomputed)) => recomputed > platform,
            _ => false,
        };
        found += 1;
        let finding = Finding {
            class: DiscrepancyClass::C,
            vtex_order_id: stored.vtex_order_id.clone(),
            order_id: Some(stored.id),
            brand_id: stored.brand_id,
            influencer_id: stored.influencer_id,
            details,
            auto_resolvable: !(confirmed && increase),
        };
        detect(tx, ctx, run.id, finding).await?;
    }
    if !request.not_found.is_empty() {
        // Listed by VTEX but gone when fetched: nothing to recompute; the next run sees it.
        tracing::warn!(
            reconciliation.run_id = %run.id,
            orders = request.not_found.len(),
            "deep check: VTEX answered 404 for listed orders"
        );
    }
    counters::refresh(tx, ctx, run.id).await?;
    Ok(found)
}

const SAVEPOINT: &str = "reconciliation_deep_check";

/// Runs the forced re-ingestion of `order` in a savepoint, reads what it left and rolls it back.
async fn recompute(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    order_id: Uuid,
    order: &NormalizedOrder,
) -> Result<Amounts, UseCaseError> {
    diesel::sql_query(format!("SAVEPOINT {SAVEPOINT}"))
        .execute(tx)
        .await?;
    let result = reingest(tx, ctx, run_id, order_id, order).await;
    // Always undone, whatever the re-ingestion did or failed to do.
    diesel::sql_query(format!("ROLLBACK TO SAVEPOINT {SAVEPOINT}"))
        .execute(tx)
        .await?;
    diesel::sql_query(format!("RELEASE SAVEPOINT {SAVEPOINT}"))
        .execute(tx)
        .await?;
    result
}

async fn reingest(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    order_id: Uuid,
    order: &NormalizedOrder,
) -> Result<Amounts, UseCaseError> {
    let request = IngestOrderRequest {
        source: IngestSource::Reconciliation,
        delivery_id: None,
        reconciliation_run_id: Some(run_id),
        discrepancy_id: None,
        force: true,
        order: order.clone(),
    };
    ingest(tx, ctx, &request).await?;
    let stored = afiliados_db::orders::find(tx, ctx.tenant_id, order_id)
        .await?
        .ok_or_else(|| UseCaseError::internal("order vanished during the deep check"))?;
    let commission = afiliados_db::commissions::of_order_for_update(tx, order_id).await?;
    Ok(Amounts {
        eligible_total: stored.eligible_total,
        net_commission: commission.map(|row| row.commission_amount - row.reverted_amount),
    })
}
