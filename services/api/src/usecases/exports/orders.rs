//! `GET /exports/orders.csv` (AD, GA, FI; AM its brands — not the influencer): the orders of
//! `GET /orders`'s filters with their influencer, campaign, brand and commission.

use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::order_views::ListOrdersQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_db::orders::Order;
use afiliados_domain::Actor;
use uuid::Uuid;

use super::writer::{CsvWriter, amount, flag, instant};
use super::{CsvFile, HeaderLanguage, audited, check_size, page_rows, pages};
use crate::usecases::brand_scope::resolve;
use crate::usecases::fields::money;
use crate::usecases::orders::read::{ORDER_READERS, parse, scoped};
use crate::usecases::{UseCaseContext, UseCaseError};

/// `(english, spanish)` headers, in `api.md` §17's order.
const COLUMNS: [(&str, &str); 15] = [
    ("vtex_order_id", "pedido_vtex"),
    ("placed_at", "fecha_pedido"),
    ("status", "estado"),
    ("vtex_status", "estado_vtex"),
    ("total_amount", "valor_total"),
    ("net_items_total", "total_neto_items"),
    ("eligible_amount", "monto_elegible"),
    ("coupon_code", "cupon"),
    ("attributed", "atribuido"),
    ("non_attribution_reason", "motivo_no_atribucion"),
    ("influencer", "influenciador"),
    ("campaign", "campaña"),
    ("brand", "marca"),
    ("commission_state", "estado_comision"),
    ("commission_amount", "monto_comision"),
];

fn ids(orders: &[Order], pick: fn(&Order) -> Option<Uuid>) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = orders.iter().filter_map(pick).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Writes one page of orders with their names and commissions.
async fn write_page(
    tx: &mut AsyncPgConnection,
    writer: &mut CsvWriter,
    orders: &[Order],
) -> Result<(), UseCaseError> {
    let influencers =
        afiliados_db::export_names::influencers(tx, &ids(orders, |o| o.influencer_id)).await?;
    let campaigns =
        afiliados_db::export_names::campaigns(tx, &ids(orders, |o| o.campaign_id)).await?;
    let brands = afiliados_db::export_names::brands(tx, &ids(orders, |o| o.brand_id)).await?;
    let order_ids: Vec<Uuid> = orders.iter().map(|order| order.id).collect();
    let commissions = afiliados_db::commissions::of_orders(tx, &order_ids).await?;
    let name = |map: &std::collections::HashMap<Uuid, String>, id: Option<Uuid>| {
        id.and_then(|id| map.get(&id).cloned()).unwrap_or_default()
    };
    for order in orders {
        let commission = commissions.iter().find(|row| row.order_id == order.id);
        writer.row([
            order.vtex_order_id.clone(),
            instant(Some(order.placed_at)),
            order.status.clone(),
            order.vtex_status.clone(),
            amount(money(order.total_value)),
            amount(money(order.net_items_total)),
            amount(money(order.eligible_total)),
            order.coupon_code.clone().unwrap_or_default(),
            flag(order.attributed).to_owned(),
            order.non_attribution_reason.clone().unwrap_or_default(),
            name(&influencers, order.influencer_id),
            name(&campaigns, order.campaign_id),
            name(&brands, order.brand_id),
            commission.map(|c| c.state.clone()).unwrap_or_default(),
            commission
                .map(|c| amount(money(c.commission_amount)))
                .unwrap_or_default(),
        ])?;
    }
    Ok(())
}

/// The orders CSV for the caller's scope, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListOrdersQuery,
    locale: &ExportLocaleQuery,
) -> Result<CsvFile, UseCaseError> {
    let language = HeaderLanguage::of(locale)?;
    let (mut filter, sort) = parse(query)?;
    let scope = resolve(tx, actor, &ORDER_READERS, true, false).await?;
    scoped(&mut filter, scope);
    let mut writer = CsvWriter::new(language.header(&COLUMNS))?;
    let (first, total) =
        afiliados_db::orders::list(tx, ctx.tenant_id, &filter, sort, 0, page_rows()).await?;
    check_size(total)?;
    write_page(tx, &mut writer, &first).await?;
    for offset in pages(total).skip(1) {
        let (rows, _) =
            afiliados_db::orders::list(tx, ctx.tenant_id, &filter, sort, offset, page_rows())
                .await?;
        write_page(tx, &mut writer, &rows).await?;
    }
    let rows = writer.rows();
    audited(tx, ctx, actor, "orders", query, rows, writer.finish()?).await
}
