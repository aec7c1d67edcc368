//! `POST /internal/v1/reconciliations/{id}/vtex-orders` (`api.md` §21.5): a chunk of the VTEX
//! list is staged in `reconciliation_vtex_orders`. A repeated chunk number replaces the earlier
//! chunk; an order listed twice (it shifted pages while new orders arrived) is kept once.

use std::collections::BTreeMap;

use afiliados_api_types::reconciliation::VtexOrdersChunk;
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_runs::ReconciliationRunRow;
use afiliados_db::reconciliation_vtex_orders::{StagedOrder, replace_chunk};
use afiliados_domain::{FieldCode, ReconciliationStatus};
use uuid::Uuid;

use crate::usecases::problems::Problems;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The most orders one chunk may carry.
pub const MAX_CHUNK_ORDERS: usize = 1_000;

/// The run, locked, when it is still `running`: 404 unknown, 409 `invalid_transition` finished.
pub async fn running_run(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
) -> Result<ReconciliationRunRow, UseCaseError> {
    let run = afiliados_db::reconciliation_runs::find_for_update(tx, run_id)
        .await?
        .filter(|run| run.tenant_id == ctx.tenant_id)
        .ok_or(UseCaseError::NotFound)?;
    if run.status != ReconciliationStatus::Running.as_str() {
        return Err(UseCaseError::conflict_with(
            afiliados_api_types::ErrorCode::InvalidTransition,
            serde_json::json!({ "status": run.status }),
        ));
    }
    Ok(run)
}

/// Validates and stages the chunk.
pub async fn stage(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    chunk: &VtexOrdersChunk,
) -> Result<(), UseCaseError> {
    let orders = validate(chunk)?;
    let run = running_run(tx, ctx, run_id).await?;
    let number = i32::try_from(chunk.chunk)
        .map_err(|_| UseCaseError::invalid("chunk", FieldCode::OutOfRange))?;
    replace_chunk(tx, run.id, number, &orders).await?;
    let pages = i32::try_from(chunk.pages_fetched).unwrap_or(i32::MAX);
    afiliados_db::reconciliation_run_progress::pages_fetched(tx, run.id, pages, ctx.now()).await?;
    Ok(())
}

/// Every problem of the chunk at once; the orders de-duplicated by id (the last listing wins).
fn validate(chunk: &VtexOrdersChunk) -> Result<Vec<StagedOrder>, UseCaseError> {
    let mut problems = Problems::new();
    if chunk.orders.len() > MAX_CHUNK_ORDERS {
        problems.push("orders", FieldCode::TooLong);
    }
    if i32::try_from(chunk.chunk).is_err() {
        problems.push("chunk", FieldCode::OutOfRange);
    }
    let mut unique: BTreeMap<String, StagedOrder> = BTreeMap::new();
    for (index, order) in chunk.orders.iter().enumerate() {
        let id = order.vtex_order_id.trim();
        if id.is_empty() || id.chars().count() > 64 {
            problems.push(
                format!("orders[{index}].vtexOrderId"),
                FieldCode::InvalidFormat,
            );
        }
        if order.vtex_status.trim().is_empty() || order.vtex_status.chars().count() > 64 {
            problems.push(
                format!("orders[{index}].vtexStatus"),
                FieldCode::InvalidFormat,
            );
        }
        let currency = order.currency.trim();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            problems.push(
                format!("orders[{index}].currency"),
                FieldCode::InvalidFormat,
            );
        }
        if order.total_value.is_negative() {
            problems.push(
                format!("orders[{index}].totalValue"),
                FieldCode::InvalidAmount,
            );
        }
        unique.insert(
            id.to_owned(),
            StagedOrder {
                vtex_order_id: id.to_owned(),
                vtex_status: order.vtex_status.trim().to_owned(),
                total_value: order.total_value.amount(),
                currency: currency.to_owned(),
                creation_date: order.creation_date,
                last_change: order.last_change,
            },
        );
    }
    problems.finish()?;
    Ok(unique.into_values().collect())
}
