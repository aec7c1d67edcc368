//! A version's lines: the domain's view of them, their calculation under the frozen snapshot,
//! and the `order_lines` rows that store both (`domain.md` §5.6, §5.8).

use afiliados_api_types::orders::NormalizedOrder;
use afiliados_db::order_lines::NewOrderLine;
use afiliados_domain::Money;
use afiliados_domain::commission::{
    CommissionCalculation, OrderLine, RuleSnapshot, calculate_commission,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// `ineligibility_reason` of every line of an order that is not attributed.
pub const NOT_ATTRIBUTED: &str = "not_attributed";

/// The domain's lines of a version.
pub fn domain_lines(order: &NormalizedOrder) -> Vec<OrderLine> {
    order
        .lines
        .iter()
        .map(|line| OrderLine {
            line_index: line.line_index,
            sku_id: line.sku_id.clone(),
            ref_id: line.ref_id.clone(),
            brand_id: line.brand_id.clone(),
            category_path: line.category_path.clone(),
            quantity: line.quantity,
            removed_quantity: line.removed_quantity,
            returned_quantity: line.returned_quantity,
            line_net: line.line_net,
            line_tax: line.line_tax,
            is_gift: line.is_gift,
            promotion_ids: line.promotion_ids.clone(),
        })
        .collect()
}

/// `net_items_total` = Σ `line_net`.
pub fn net_items_total(order: &NormalizedOrder) -> Money {
    order.lines.iter().map(|line| line.line_net).sum()
}

/// Every line computed under `snapshot`.
pub fn calculate(order: &NormalizedOrder, snapshot: &RuleSnapshot) -> CommissionCalculation {
    calculate_commission(
        &domain_lines(order),
        order.shipping_total,
        &snapshot.eligibility(),
        snapshot.pricing(),
    )
}

/// The rows of a version; `calculation` is `None` for an order that is not attributed.
pub fn rows(
    order_id: Uuid,
    order: &NormalizedOrder,
    calculation: Option<&CommissionCalculation>,
    now: DateTime<Utc>,
) -> Vec<NewOrderLine> {
    order
        .lines
        .iter()
        .map(|line| {
            let computed = calculation.and_then(|calc| {
                calc.lines
                    .iter()
                    .find(|computed| computed.line_index == line.line_index)
            });
            let (shipping_share, reason, eligible_amount) = match computed {
                Some(computed) => (
                    computed.shipping_share,
                    computed
                        .ineligibility_reason
                        .map(|reason| reason.as_str().to_owned()),
                    computed.eligible_amount,
                ),
                None => (Money::ZERO, Some(NOT_ATTRIBUTED.to_owned()), Money::ZERO),
            };
            NewOrderLine {
                id: afiliados_db::new_id(),
                order_id,
                line_index: i32::try_from(line.line_index).unwrap_or(i32::MAX),
                sku_id: line.sku_id.clone(),
                product_id: line.product_id.clone(),
                ref_id: line.ref_id.clone(),
                name: line.name.clone(),
                vtex_brand_id: line.brand_id.clone(),
                brand_name: line.brand_name.clone(),
                category_path: line.category_path.clone(),
                category_id: line.category_id.clone(),
                quantity: i32::try_from(line.quantity).unwrap_or(i32::MAX),
                removed_quantity: i32::try_from(line.removed_quantity).unwrap_or(i32::MAX),
                returned_quantity: i32::try_from(line.returned_quantity).unwrap_or(i32::MAX),
                unit_price: line.unit_price.amount(),
                list_price: line.list_price.amount(),
                selling_price: line.selling_price.amount(),
                line_gross: line.line_gross.amount(),
                line_discount: line.line_discount.amount(),
                line_net: line.line_net.amount(),
                line_tax: line.line_tax.amount(),
                shipping_share: shipping_share.amount(),
                is_gift: line.is_gift,
                promotion_ids: line.promotion_ids.clone(),
                eligible: reason.is_none(),
                ineligibility_reason: reason,
                eligible_amount: eligible_amount.amount(),
                updated_at: now,
            }
        })
        .collect()
}
