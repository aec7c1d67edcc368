//! The worker's side of a delivery (`api.md` §21.2): read it (the document decrypted), claim it,
//! report its outcome, or report that VTEX does not know its order. Every call is idempotent:
//! a repeated report finds the delivery already in the reported state and changes nothing.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::internal_deliveries::{
    ClaimedDelivery, DeliveryOutcome, DeliveryResult, InternalDelivery, OrderNotFound,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::webhook_delivery_log::{self as log, Delivery};
use afiliados_domain::{DeliveryKind, DeliveryStatus, FieldCode};
use uuid::Uuid;

use super::payload;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The statuses no claim or reprocess may leave: nothing was enqueued for them.
pub const NEVER_PROCESSED: [DeliveryStatus; 3] = [
    DeliveryStatus::Rejected,
    DeliveryStatus::Duplicate,
    DeliveryStatus::Ignored,
];

/// Whether the delivery's body is gone (retention purged an order document).
pub fn is_purged(delivery: &Delivery) -> bool {
    delivery.kind == DeliveryKind::OrderDocument
        && (delivery.payload_purged_at.is_some() || delivery.payload_ciphertext.is_none())
}

/// `GET /internal/v1/webhook-deliveries/{id}`: 404 unknown, 410 when the document was purged.
pub async fn read(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<InternalDelivery, UseCaseError> {
    let delivery = log::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    readable(ctx, delivery)
}

/// What the worker sees of a delivery; 410 when its document was purged.
fn readable(
    ctx: &UseCaseContext<'_>,
    delivery: Delivery,
) -> Result<InternalDelivery, UseCaseError> {
    if is_purged(&delivery) {
        return Err(UseCaseError::Gone);
    }
    let payload = match (&delivery.kind, &delivery.payload_ciphertext) {
        (DeliveryKind::OrderDocument, Some(sealed)) => {
            Some(payload::open(ctx.data_keys, delivery.id, sealed)?)
        }
        _ => None,
    };
    Ok(InternalDelivery {
        id: delivery.id,
        kind: delivery.kind,
        last_change: verbatim_last_change(&delivery),
        vtex_order_id: delivery.vtex_order_id,
        state: delivery.vtex_state,
        last_state: delivery.vtex_last_state,
        status: delivery.status,
        attempts: delivery.attempts,
        payload,
    })
}

/// `LastChange` exactly as VTEX wrote it: the last part of the idempotency key (the column
/// holds it as an instant, which keeps microseconds only).
fn verbatim_last_change(delivery: &Delivery) -> Option<String> {
    delivery
        .idempotency_key
        .as_deref()
        .and_then(|key| key.rsplit_once('|'))
        .map(|(_, last_change)| last_change.to_owned())
        .filter(|last_change| !last_change.is_empty())
        .or_else(|| delivery.last_change.map(|at| at.to_rfc3339()))
}

/// `POST /internal/v1/webhook-deliveries/{id}/claim`: `processing`, one more attempt, and the
/// delivery as the worker reads it (so it needs no `GET` first, ADR 0084). 409
/// `delivery_not_reprocessable` for a delivery that was never enqueued, or one already
/// `processed` without `force`; 410 when its document was purged (nothing is claimed). The claim's commit does not wait for the WAL flush
/// (`synchronous_commit = off`): a crash can only lose the `processing` mark and one counted
/// attempt, and the job that claimed is retried from Redis and claims again, so nothing is lost
/// — while every order otherwise paid one more flushed commit (ADR 0078).
pub async fn claim(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    force: bool,
) -> Result<ClaimedDelivery, UseCaseError> {
    {
        use diesel_async::SimpleAsyncConnection;
        tx.batch_execute("SET LOCAL synchronous_commit = off")
            .await?;
    }
    let delivery = log::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if is_purged(&delivery) {
        return Err(UseCaseError::Gone);
    }
    let refused = NEVER_PROCESSED.contains(&delivery.status)
        || (delivery.status == DeliveryStatus::Processed && !force);
    if refused {
        return Err(UseCaseError::conflict_with(
            ErrorCode::DeliveryNotReprocessable,
            serde_json::json!({ "status": delivery.status }),
        ));
    }
    let claimed = log::claim(tx, delivery.id, ctx.now()).await?;
    Ok(ClaimedDelivery {
        attempt: claimed.attempts,
        delivery: readable(ctx, claimed)?,
    })
}

/// `POST /internal/v1/webhook-deliveries/{id}/result`. A report for a delivery already in the
/// reported state changes nothing (the worker may repeat it); one for a delivery that is not
/// being processed is 409 `invalid_transition`.
pub async fn report(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    result: &DeliveryResult,
) -> Result<(), UseCaseError> {
    let delivery = log::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let reported = match result.status {
        DeliveryOutcome::Processed => DeliveryStatus::Processed,
        DeliveryOutcome::Failed => DeliveryStatus::Failed,
    };
    if delivery.status == reported {
        return Ok(());
    }
    if delivery.status != DeliveryStatus::Processing {
        return Err(UseCaseError::conflict_with(
            ErrorCode::InvalidTransition,
            serde_json::json!({ "status": delivery.status }),
        ));
    }
    match result.status {
        DeliveryOutcome::Processed => {
            if let Some(order_id) = result.order_id
                && !afiliados_db::orders::exists(tx, ctx.tenant_id, order_id).await?
            {
                return Err(UseCaseError::invalid(
                    "orderId",
                    FieldCode::UnknownReference,
                ));
            }
            let order_id = result.order_id.or(delivery.order_id);
            log::mark_processed(tx, delivery.id, order_id, ctx.now()).await?;
            super::events::outcome(&delivery, true);
        }
        DeliveryOutcome::Failed => {
            let error = result.error.as_deref().unwrap_or("failed");
            fail(tx, ctx, &delivery, error, result.permanent).await?;
        }
    }
    Ok(())
}

/// The delivery an ingest request names, locked: 422 `unknown_reference` at `deliveryId` when
/// there is none, 409 `delivery_not_reprocessable` when it was never enqueued.
pub async fn for_ingest(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<Delivery, UseCaseError> {
    let delivery = log::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or_else(|| UseCaseError::invalid("deliveryId", FieldCode::UnknownReference))?;
    if NEVER_PROCESSED.contains(&delivery.status) {
        return Err(UseCaseError::conflict_with(
            ErrorCode::DeliveryNotReprocessable,
            serde_json::json!({ "status": delivery.status }),
        ));
    }
    Ok(delivery)
}

/// The ingestion of `delivery`'s order version committed with it: `processed`, linked to the
/// order (counted once, on the way into `processed`).
pub async fn ingested(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    delivery: &Delivery,
    order_id: Uuid,
) -> Result<(), UseCaseError> {
    let now = ctx.now();
    log::mark_processed(tx, delivery.id, Some(order_id), now).await?;
    if delivery.status != DeliveryStatus::Processed {
        super::events::outcome(delivery, true);
        crate::metrics::order_ingest_lag(delivery.received_at, now);
    }
    Ok(())
}

/// `POST /internal/v1/orders/not-found`: the delivery that named the order fails for good; the
/// discrepancy being re-checked returns to `open` ("VTEX answered 404").
pub async fn order_not_found(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    report: &OrderNotFound,
) -> Result<(), UseCaseError> {
    if let Some(discrepancy) = report.discrepancy_id {
        crate::usecases::reconciliation::recheck::not_found(tx, ctx, discrepancy).await?;
    }
    let Some(id) = report.delivery_id else {
        return Ok(());
    };
    let delivery = log::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if delivery.status == DeliveryStatus::Failed || NEVER_PROCESSED.contains(&delivery.status) {
        return Ok(());
    }
    fail(tx, ctx, &delivery, "VTEX answered 404", true).await
}

async fn fail(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    delivery: &Delivery,
    error: &str,
    permanent: bool,
) -> Result<(), UseCaseError> {
    let error: String = error.chars().take(2000).collect();
    log::mark_failed(tx, delivery.id, &error, ctx.now()).await?;
    if permanent {
        // The final failure raises `webhook_failure` (`domain.md` §5.17), one alert per
        // delivery; the metric counts it.
        tracing::error!(
            alert = "webhook_failure",
            delivery.id = %delivery.id,
            delivery.attempts = delivery.attempts,
            error = %error,
            "a VTEX delivery failed for good"
        );
        super::events::outcome(delivery, false);
        let order = delivery.vtex_order_id.as_deref().unwrap_or("-");
        crate::usecases::alerts::raise(
            tx,
            ctx,
            crate::usecases::alerts::AlertInput {
                alert_type: afiliados_domain::AlertType::WebhookFailure,
                severity: afiliados_domain::AlertSeverity::Warning,
                dedup_key: format!("delivery:{}", delivery.id),
                message: format!(
                    "El webhook de VTEX del pedido {order} falló definitivamente tras {} intentos.",
                    delivery.attempts
                ),
                details: serde_json::json!({
                    "deliveryId": delivery.id,
                    "vtexOrderId": delivery.vtex_order_id,
                    "attempts": delivery.attempts,
                    "error": error,
                }),
            },
        )
        .await?;
    }
    Ok(())
}
