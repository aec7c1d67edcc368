//! The normalised order's own rules beyond its JSON shape (`vtex.md` §4.3–4.4): a version that
//! breaks them is refused with 422 and every problem at once (the worker treats it as permanent).

use afiliados_api_types::orders::NormalizedOrder;
use afiliados_domain::FieldCode;
use afiliados_domain::commission::OrderStatus;

use crate::usecases::{Problems, UseCaseError};

/// Checks `order`; `Err` lists every field that breaks a rule.
pub fn validate(order: &NormalizedOrder) -> Result<(), UseCaseError> {
    let mut problems = Problems::new();
    let id = order.vtex_order_id.trim();
    if id.is_empty() {
        problems.push("order.vtexOrderId", FieldCode::Required);
    } else if id.len() > 64 {
        problems.push("order.vtexOrderId", FieldCode::TooLong);
    }
    if order.vtex_status.trim().is_empty() {
        problems.push("order.vtexStatus", FieldCode::Required);
    }
    if !order.status_unmapped && OrderStatus::parse(&order.status).is_none() {
        problems.push("order.status", FieldCode::InvalidEnum);
    }
    if order.currency.len() != 3 || !order.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        problems.push("order.currency", FieldCode::InvalidFormat);
    }
    if order.last_change < order.placed_at {
        problems.push("order.lastChange", FieldCode::OutOfRange);
    }
    if order.discounts_total.is_negative() {
        problems.push("order.discountsTotal", FieldCode::OutOfRange);
    }
    if order.lines.len() > 1000 {
        problems.push("order.lines", FieldCode::TooLong);
    }
    let mut seen = std::collections::HashSet::new();
    for (position, line) in order.lines.iter().enumerate() {
        let field = |name: &str| format!("order.lines[{position}].{name}");
        if !seen.insert(line.line_index) {
            problems.push(field("lineIndex"), FieldCode::NotUniqueInList);
        }
        if line.removed_quantity > line.quantity {
            problems.push(field("removedQuantity"), FieldCode::OutOfRange);
        }
        if line.returned_quantity > line.quantity - line.removed_quantity.min(line.quantity) {
            problems.push(field("returnedQuantity"), FieldCode::OutOfRange);
        }
        if line.line_discount.is_negative() {
            problems.push(field("lineDiscount"), FieldCode::OutOfRange);
        }
        if line.sku_id.trim().is_empty() {
            problems.push(field("skuId"), FieldCode::Required);
        }
    }
    if i32::try_from(order.lines.len()).is_err()
        || order
            .lines
            .iter()
            .any(|line| i32::try_from(line.quantity).is_err())
    {
        problems.push("order.lines", FieldCode::OutOfRange);
    }
    problems.finish()
}
