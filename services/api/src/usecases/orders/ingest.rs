//! `POST /internal/v1/orders/ingest` (`api.md` §21.2, `domain.md` §5.6): one normalised VTEX
//! version applied in the caller's transaction. The order row is locked first, so versions of one
//! order apply one at a time; its `lastChange` decides (created / updated / unchanged / stale,
//! `force` re-applies an equal one). An applied version upserts the order and its lines, appends
//! the status history (never moving backwards), attributes a new order once (frozen), and replays
//! the commission effects with their transitions, ledger entries and balance.

use afiliados_api_types::orders::{
    IngestOrderRequest, IngestOrderResponse, IngestOutcome, NormalizedOrder,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::order_status_history::NewOrderStatus;
use afiliados_db::orders::{Order, OrderVersion};
use afiliados_domain::Money;
use afiliados_domain::commission::{
    CommissionCalculation, IngestAction, ObservedStatus, OrderStatus, RuleSnapshot, StatusDates,
    StatusMove, VersionDates, ingest_action, move_status,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::attribution::{self, Attributed};
use super::commission::{self, AppliedVersion, CommissionOutcome};
use super::lines;
use super::validate::validate;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Ingests one version of an order.
#[tracing::instrument(skip_all, fields(
    order.vtex_id = %request.order.vtex_order_id,
    ingest.source = request.source.as_str(),
    order.id = tracing::field::Empty,
    ingest.outcome = tracing::field::Empty,
))]
pub async fn ingest(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: &IngestOrderRequest,
) -> Result<IngestOrderResponse, UseCaseError> {
    validate(&request.order)?;
    let delivery = match request.delivery_id {
        Some(id) => Some(crate::usecases::webhooks::worker::for_ingest(tx, ctx, id).await?),
        None => None,
    };
    let vtex_order_id = request.order.vtex_order_id.trim();
    let stored = afiliados_db::orders::find_for_update(tx, ctx.tenant_id, vtex_order_id).await?;
    let response = match stored {
        Some(stored) => existing(tx, ctx, request, stored).await?,
        None => match first(tx, ctx, request).await? {
            Some(response) => response,
            // A concurrent ingestion inserted the order first: apply this version on top of it.
            None => {
                let stored =
                    afiliados_db::orders::find_for_update(tx, ctx.tenant_id, vtex_order_id)
                        .await?
                        .ok_or_else(|| UseCaseError::internal("order vanished after a conflict"))?;
                existing(tx, ctx, request, stored).await?
            }
        },
    };
    // The delivery that carried the version is done, in the same transaction (`api.md` §21.2).
    if let Some(delivery) = &delivery {
        crate::usecases::webhooks::worker::ingested(tx, ctx, delivery, response.order_id).await?;
    }
    // A reconciliation's re-fetch: does the order match VTEX now (`domain.md` §5.16.2)?
    if let Some(discrepancy) = request.discrepancy_id {
        crate::usecases::reconciliation::recheck::after_ingest(
            tx,
            ctx,
            discrepancy,
            &request.order,
            &response,
        )
        .await?;
    }
    let span = tracing::Span::current();
    span.record("order.id", tracing::field::display(response.order_id));
    span.record("ingest.outcome", tracing::field::debug(response.outcome));
    Ok(response)
}

fn observed(order: &NormalizedOrder) -> ObservedStatus {
    match OrderStatus::parse(&order.status) {
        Some(status) if !order.status_unmapped => ObservedStatus::Mapped(status),
        _ => ObservedStatus::Unmapped,
    }
}

fn version_dates(order: &NormalizedOrder) -> VersionDates {
    VersionDates {
        authorized_at: order.authorized_at,
        invoiced_at: order.invoiced_at,
        last_change: order.last_change,
    }
}

/// HMAC-SHA-256 of a normalised customer value keyed by the tenant (`customer_*_hash`): equal
/// customers compare equal within a tenant, and the raw value is never stored.
fn customer_hash(tenant_id: Uuid, value: Option<String>) -> Option<String> {
    let value = value.filter(|value| !value.is_empty())?;
    let digest = afiliados_crypto::hmac_sha256(tenant_id.as_bytes(), value.as_bytes());
    Some(digest.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// The OMS document without personal data (`vtex.md` §4.7); the normalised order without the
/// customer's e-mail and document when the worker did not send the document.
fn document(order: &NormalizedOrder) -> serde_json::Value {
    let mut document = match &order.document {
        Some(document) => document.clone(),
        None => serde_json::to_value(order).unwrap_or_default(),
    };
    if let Some(object) = document.as_object_mut() {
        for key in [
            "clientProfileData",
            "paymentData",
            "customerEmail",
            "customerDocument",
        ] {
            object.remove(key);
        }
        if let Some(shipping) = object
            .get_mut("shippingData")
            .and_then(|v| v.as_object_mut())
        {
            shipping.remove("address");
            shipping.remove("selectedAddresses");
        }
        if let Some(invoice) = object
            .get_mut("invoiceData")
            .and_then(|v| v.as_object_mut())
        {
            invoice.remove("address");
        }
    }
    document
}

fn order_version(
    ctx: &UseCaseContext<'_>,
    request: &IngestOrderRequest,
    status: OrderStatus,
    dates: StatusDates,
    eligible_total: Money,
    warnings: &[String],
    now: DateTime<Utc>,
) -> OrderVersion {
    let order = &request.order;
    OrderVersion {
        sequence: order.sequence.clone(),
        status: status.as_str().to_owned(),
        vtex_status: order.vtex_status.clone(),
        status_unmapped: observed(order) == ObservedStatus::Unmapped,
        paid_at: dates.paid_at,
        invoiced_at: dates.invoiced_at,
        shipped_at: dates.shipped_at,
        canceled_at: dates.canceled_at,
        returned_at: dates.returned_at,
        currency: order.currency.clone(),
        items_total: order.items_total.amount(),
        discounts_total: order.discounts_total.amount(),
        shipping_total: order.shipping_total.amount(),
        tax_total: order.tax_total.amount(),
        total_value: order.total_value.amount(),
        net_items_total: lines::net_items_total(order).amount(),
        eligible_total: eligible_total.amount(),
        coupon_code: order.coupon_code.clone(),
        coupon_code_normalized: order
            .coupon_code
            .as_deref()
            .map(afiliados_domain::normalize_code)
            .filter(|code| !code.is_empty()),
        customer_email_hash: customer_hash(
            ctx.tenant_id,
            order
                .customer_email
                .as_deref()
                .and_then(afiliados_domain::commission::normalise_email),
        ),
        customer_document_hash: customer_hash(
            ctx.tenant_id,
            order
                .customer_document
                .as_deref()
                .map(afiliados_domain::commission::document_digits),
        ),
        vtex_last_change: order.last_change,
        last_ingested_at: now,
        last_source: request.source.as_str().to_owned(),
        warnings: warnings.to_vec(),
        document_json: document(order),
    }
}

fn eligible_total(calculation: Option<&CommissionCalculation>) -> Money {
    calculation.map_or(Money::ZERO, |calc| calc.eligible_amount)
}

fn response(
    order: &Order,
    outcome: IngestOutcome,
    commission: Option<CommissionOutcome>,
    mut warnings: Vec<String>,
) -> IngestOrderResponse {
    let (commission, ledger_entries) = match commission {
        Some(done) => {
            warnings.extend(done.warnings);
            (Some(done.summary), done.ledger_entries)
        }
        None => (None, 0),
    };
    IngestOrderResponse {
        order_id: order.id,
        outcome,
        status: order.status.clone(),
        attributed: order.attributed,
        non_attribution_reason: order.non_attribution_reason.clone(),
        commission,
        ledger_entries,
        warnings,
    }
}

async fn history(
    tx: &mut AsyncPgConnection,
    request: &IngestOrderRequest,
    order: &Order,
    from: Option<OrderStatus>,
) -> Result<(), UseCaseError> {
    afiliados_db::order_status_history::append(
        tx,
        &NewOrderStatus {
            id: afiliados_db::new_id(),
            order_id: order.id,
            from_status: from.map(OrderStatus::as_str),
            to_status: &order.status,
            vtex_status: &request.order.vtex_status,
            changed_at: request.order.last_change,
            source: request.source.as_str(),
            delivery_id: request.delivery_id,
        },
    )
    .await?;
    Ok(())
}

/// The first version of an order; `None` when a concurrent ingestion inserted it first.
async fn first(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: &IngestOrderRequest,
) -> Result<Option<IngestOrderResponse>, UseCaseError> {
    let now = ctx.now();
    let version = &request.order;
    let Attributed { row, pricing, .. } =
        attribution::evaluate(tx, ctx, version, lines::net_items_total(version)).await?;
    let calculation = pricing
        .as_ref()
        .map(|pricing| lines::calculate(version, &pricing.snapshot));
    let mut warnings = version.warnings.clone();
    let status = match move_status(None, observed(version)) {
        StatusMove::Initial { to, unmapped } => {
            if unmapped {
                warnings.push("unknown_state".to_owned());
            }
            to
        }
        other => other.status(None),
    };
    let dates = StatusDates::default().after(status, version_dates(version));
    let changes = order_version(
        ctx,
        request,
        status,
        dates,
        eligible_total(calculation.as_ref()),
        &warnings,
        now,
    );
    let Some(order) = afiliados_db::orders::insert(
        tx,
        ctx.tenant_id,
        version.vtex_order_id.trim(),
        version.placed_at,
        &changes,
        &row,
    )
    .await?
    else {
        return Ok(None);
    };
    history(tx, request, &order, None).await?;
    let stored_lines = afiliados_db::order_lines::upsert(
        tx,
        &lines::rows(order.id, version, calculation.as_ref(), now),
    )
    .await?;
    let outcome = match (pricing, calculation) {
        (Some(pricing), Some(calculation)) => {
            afiliados_db::order_attribution::count_usage(tx, pricing.code_id).await?;
            let applied = AppliedVersion {
                order: &order,
                version,
                lines: &stored_lines,
                calculation: &calculation,
                now,
            };
            Some(commission::create(tx, ctx, &pricing, applied).await?)
        }
        _ => None,
    };
    Ok(Some(response(
        &order,
        IngestOutcome::Created,
        outcome,
        warnings,
    )))
}

/// A version of a stored (locked) order.
async fn existing(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: &IngestOrderRequest,
    stored: Order,
) -> Result<IngestOrderResponse, UseCaseError> {
    let now = ctx.now();
    let version = &request.order;
    let action = ingest_action(
        Some(stored.vtex_last_change),
        version.last_change,
        request.force,
    );
    let commission_row = afiliados_db::commissions::of_order_for_update(tx, stored.id).await?;
    if !action.applies() {
        let outcome = if action == IngestAction::Stale {
            IngestOutcome::Stale
        } else {
            IngestOutcome::Unchanged
        };
        let summary = commission_row
            .as_ref()
            .map(commission::summary)
            .transpose()?;
        let mut response = response(&stored, outcome, None, Vec::new());
        response.commission = summary;
        return Ok(response);
    }
    let before = OrderStatus::parse(&stored.status)
        .ok_or_else(|| UseCaseError::internal("stored order status unknown"))?;
    let mut warnings = version.warnings.clone();
    let movement = move_status(Some(before), observed(version));
    match movement {
        StatusMove::Regression { needs_review, .. } => {
            warnings.push(if needs_review {
                "status_regression_after_final".to_owned()
            } else {
                "status_regression".to_owned()
            });
        }
        StatusMove::Unmapped { .. } => warnings.push("unknown_state".to_owned()),
        _ => {}
    }
    let status = movement.status(Some(before));
    let dates = StatusDates {
        paid_at: stored.paid_at,
        invoiced_at: stored.invoiced_at,
        shipped_at: stored.shipped_at,
        canceled_at: stored.canceled_at,
        returned_at: stored.returned_at,
    }
    .after(status, version_dates(version));
    let snapshot: Option<RuleSnapshot> = commission_row
        .as_ref()
        .map(|row| {
            serde_json::from_value(row.rule_snapshot.clone())
                .map_err(|error| UseCaseError::internal(format!("stored rule snapshot: {error}")))
        })
        .transpose()?;
    let calculation = snapshot
        .as_ref()
        .map(|snapshot| lines::calculate(version, snapshot));
    let quantities: Vec<(i32, i32)> = afiliados_db::order_lines::of_order(tx, stored.id)
        .await?
        .iter()
        .map(|line| (line.line_index, line.quantity))
        .collect();
    let changes = order_version(
        ctx,
        request,
        status,
        dates,
        eligible_total(calculation.as_ref()),
        &warnings,
        now,
    );
    let order = afiliados_db::orders::apply_version(tx, stored.id, &changes).await?;
    if movement != StatusMove::Same {
        history(tx, request, &order, Some(before)).await?;
    }
    let stored_lines = afiliados_db::order_lines::upsert(
        tx,
        &lines::rows(order.id, version, calculation.as_ref(), now),
    )
    .await?;
    let outcome = match (commission_row, calculation) {
        (Some(row), Some(calculation)) => {
            let applied = AppliedVersion {
                order: &order,
                version,
                lines: &stored_lines,
                calculation: &calculation,
                now,
            };
            Some(commission::apply(tx, ctx, &row, &quantities, applied).await?)
        }
        _ => None,
    };
    Ok(response(&order, IngestOutcome::Updated, outcome, warnings))
}
