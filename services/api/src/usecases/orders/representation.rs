//! The **Order** representation (`api.md` §1) of stored rows, and which orders a caller sees
//! (`domain.md` §2.3): admin_marca the orders whose matched code is of its brands (orders
//! without a matched code are invisible to it), an influencer its own, everyone else all.

use afiliados_api_types::order_views::{
    OrderCommissionBrief, OrderLineResponse, OrderResponse, OrderStatusChange,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::commissions::Commission;
use afiliados_db::orders::Order;
use afiliados_domain::commission::{
    CommissionState, IneligibilityReason, NonAttributionReason, OrderStatus,
};
use uuid::Uuid;

use crate::usecases::brand_scope::Scope;
use crate::usecases::fields::money;
use crate::usecases::list_query::stored;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Whether the caller's scope covers the order.
pub fn visible(scope: &Scope, order: &Order) -> bool {
    match scope {
        Scope::All => true,
        Scope::Brands(ids) => order.brand_id.is_some_and(|brand| ids.contains(&brand)),
        Scope::Influencer(own) => order.influencer_id == Some(*own),
    }
}

/// The order named by `id` (its uuid or its VTEX order id) when the scope covers it.
pub async fn find_visible(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    scope: &Scope,
    id: &str,
) -> Result<Order, UseCaseError> {
    let id = id.trim();
    let order = match id.parse::<Uuid>() {
        Ok(uuid) => afiliados_db::orders::find(tx, ctx.tenant_id, uuid).await?,
        Err(_) => afiliados_db::orders::find_by_vtex_id(tx, ctx.tenant_id, id).await?,
    };
    order
        .filter(|order| visible(scope, order))
        .ok_or(UseCaseError::NotFound)
}

/// The commission in brief.
pub fn commission_brief(row: &Commission) -> Result<OrderCommissionBrief, UseCaseError> {
    Ok(OrderCommissionBrief {
        id: row.id,
        state: stored(&row.state, CommissionState::parse)?,
        commission_amount: money(row.commission_amount),
        net_amount: money(row.commission_amount - row.reverted_amount),
        on_hold: row.on_hold,
    })
}

/// An order without lines and history.
pub fn order_response(
    order: &Order,
    commission: Option<&Commission>,
) -> Result<OrderResponse, UseCaseError> {
    Ok(OrderResponse {
        id: order.id,
        vtex_order_id: order.vtex_order_id.clone(),
        sequence: order.sequence.clone(),
        status: stored(&order.status, OrderStatus::parse)?,
        vtex_status: order.vtex_status.clone(),
        status_unmapped: order.status_unmapped,
        placed_at: order.placed_at,
        paid_at: order.paid_at,
        invoiced_at: order.invoiced_at,
        shipped_at: order.shipped_at,
        canceled_at: order.canceled_at,
        returned_at: order.returned_at,
        currency: order.currency.trim().to_owned(),
        items_total: money(order.items_total),
        discounts_total: money(order.discounts_total),
        shipping_amount: money(order.shipping_total),
        tax_amount: money(order.tax_total),
        total_amount: money(order.total_value),
        net_items_total: money(order.net_items_total),
        eligible_amount: money(order.eligible_total),
        coupon_code: order.coupon_code.clone(),
        discount_code_id: order.discount_code_id.map(Into::into),
        brand_id: order.brand_id.map(Into::into),
        influencer_id: order.influencer_id.map(Into::into),
        campaign_id: order.campaign_id.map(Into::into),
        attributed: order.attributed,
        non_attribution_reason: order
            .non_attribution_reason
            .as_deref()
            .map(|reason| stored(reason, NonAttributionReason::parse))
            .transpose()?,
        self_referral: order.self_referral,
        last_change: order.vtex_last_change,
        ingest_count: order.ingest_count,
        last_source: order.last_source.clone(),
        commission: commission.map(commission_brief).transpose()?,
        lines: None,
        status_history: None,
        created_at: order.created_at,
        updated_at: order.updated_at,
    })
}

/// Orders of a page with their commissions (one query for the page).
pub async fn order_responses(
    tx: &mut AsyncPgConnection,
    orders: &[Order],
) -> Result<Vec<OrderResponse>, UseCaseError> {
    let ids: Vec<Uuid> = orders.iter().map(|order| order.id).collect();
    let commissions = afiliados_db::commissions::of_orders(tx, &ids).await?;
    orders
        .iter()
        .map(|order| {
            let commission = commissions.iter().find(|row| row.order_id == order.id);
            order_response(order, commission)
        })
        .collect()
}

/// An order with its lines and status history.
pub async fn order_detail(
    tx: &mut AsyncPgConnection,
    order: &Order,
) -> Result<OrderResponse, UseCaseError> {
    let commission = afiliados_db::commissions::of_orders(tx, &[order.id]).await?;
    let mut response = order_response(order, commission.first())?;
    let mut lines = Vec::new();
    for line in afiliados_db::order_lines::of_order(tx, order.id).await? {
        lines.push(OrderLineResponse {
            line_index: line.line_index,
            sku_id: line.sku_id,
            product_id: line.product_id,
            ref_id: line.ref_id,
            name: line.name,
            vtex_brand_id: line.vtex_brand_id,
            brand_name: line.brand_name,
            category_path: line.category_path,
            category_id: line.category_id,
            quantity: line.quantity,
            removed_quantity: line.removed_quantity,
            returned_quantity: line.returned_quantity,
            unit_price: money(line.unit_price),
            list_price: money(line.list_price),
            selling_price: money(line.selling_price),
            line_gross: money(line.line_gross),
            line_discount: money(line.line_discount),
            line_net: money(line.line_net),
            line_tax: money(line.line_tax),
            shipping_share: money(line.shipping_share),
            is_gift: line.is_gift,
            eligible: line.eligible,
            ineligibility_reason: line
                .ineligibility_reason
                .as_deref()
                .map(|reason| stored(reason, IneligibilityReason::parse))
                .transpose()?,
            eligible_amount: money(line.eligible_amount),
        });
    }
    let mut history = Vec::new();
    for (from, to, vtex_status, changed_at, source) in
        afiliados_db::order_status_history::with_source_of_order(tx, order.id).await?
    {
        history.push(OrderStatusChange {
            from_status: from
                .as_deref()
                .map(|status| stored(status, OrderStatus::parse))
                .transpose()?,
            to_status: stored(&to, OrderStatus::parse)?,
            vtex_status,
            changed_at,
            source,
        });
    }
    response.lines = Some(lines);
    response.status_history = Some(history);
    Ok(response)
}
