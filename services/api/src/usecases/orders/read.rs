//! `GET /orders`, `GET /orders/{id}` and `GET /vtex/orders` (`api.md` §9): AD, GA and FI see every
//! order, admin_marca the orders of its brands, an influencer its own (whatever `influencerId`
//! says); an order outside the scope is "not found".

use afiliados_api_types::Page;
use afiliados_api_types::order_views::{ListOrdersQuery, ListVtexOrdersQuery, OrderResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::orders::{OrderFilter, OrderSort};
use afiliados_domain::commission::{NonAttributionReason, OrderStatus};
use afiliados_domain::{Actor, FieldCode, Role};

use super::representation::{find_visible, order_detail, order_responses};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::list_query::{enum_list, instant};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// How many matches past a page's offset the order lists count before answering a capped total
/// (ADR 0046): enough for a pager to show hundreds of pages ahead, small enough that counting costs
/// a few milliseconds whatever the tenant's size.
const TOTAL_LOOKAHEAD: i64 = 10_000;

/// Roles that see every order.
pub const ORDER_READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];

fn sort(raw: Option<&str>, problems: &mut Problems) -> OrderSort {
    match raw.unwrap_or("-placedAt") {
        "-placedAt" => OrderSort::PlacedAtDesc,
        "placedAt" => OrderSort::PlacedAt,
        "-totalAmount" => OrderSort::TotalDesc,
        "totalAmount" => OrderSort::Total,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            OrderSort::PlacedAtDesc
        }
    }
}

/// Narrows a filter to the caller's scope (an influencer's own id replaces any `influencerId`).
pub fn scoped(filter: &mut OrderFilter, scope: Scope) {
    match scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::Influencer(own) => filter.influencer_id = Some(own),
    }
}

/// The filter and order of a `GET /orders` query (also `GET /exports/orders.csv`), before
/// scoping; unknown values are 422.
pub fn parse(query: &ListOrdersQuery) -> Result<(OrderFilter, OrderSort), UseCaseError> {
    let mut problems = Problems::new();
    let statuses = enum_list(
        query.status.as_deref(),
        "status",
        OrderStatus::parse,
        &mut problems,
    );
    let reasons = enum_list(
        query.non_attribution_reason.as_deref(),
        "nonAttributionReason",
        NonAttributionReason::parse,
        &mut problems,
    );
    let placed_from = instant("from", query.from.as_deref(), &mut problems);
    let placed_to = instant("to", query.to.as_deref(), &mut problems);
    let sort = sort(query.sort.as_deref(), &mut problems);
    problems.finish()?;
    let filter = OrderFilter {
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        campaign_id: query.campaign_id.map(Into::into),
        statuses: statuses.iter().map(|s| s.as_str().to_owned()).collect(),
        attributed: query.attributed,
        reasons: reasons.iter().map(|r| r.as_str().to_owned()).collect(),
        coupon_code_normalized: query
            .coupon_code
            .as_deref()
            .map(afiliados_domain::normalize_code)
            .filter(|code| !code.is_empty()),
        vtex_order_id: query
            .vtex_order_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned),
        self_referral: query.self_referral,
        placed_from,
        placed_to,
        ..Default::default()
    };
    Ok((filter, sort))
}

/// One page of the orders in scope matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListOrdersQuery,
) -> Result<Page<OrderResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let (mut filter, sort) = parse(query)?;
    let scope = resolve(tx, actor, &ORDER_READERS, true, true).await?;
    scoped(&mut filter, scope);
    let (rows, total) = afiliados_db::orders::list_capped(
        tx,
        ctx.tenant_id,
        &filter,
        sort,
        (paging.offset(), paging.limit()),
        TOTAL_LOOKAHEAD,
    )
    .await?;
    let items = order_responses(tx, &rows).await?;
    Ok(paging.capped_page(items, total.total, total.capped))
}

/// One order in scope, by id or VTEX order id, with lines and status history.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: &str,
) -> Result<OrderResponse, UseCaseError> {
    let scope = resolve(tx, actor, &ORDER_READERS, true, true).await?;
    let order = find_visible(tx, ctx, &scope, id).await?;
    order_detail(tx, &order).await
}

/// The VTEX-side view: orders by raw VTEX state; `flagged` are those whose last state was
/// unknown to the map (open B/C discrepancies join this once reconciliation exists).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list_vtex(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListVtexOrdersQuery,
) -> Result<Page<OrderResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut problems = Problems::new();
    let placed_from = instant("from", query.from.as_deref(), &mut problems);
    let placed_to = instant("to", query.to.as_deref(), &mut problems);
    problems.finish()?;
    let scope = resolve(tx, actor, &ORDER_READERS, true, false).await?;
    let mut filter = OrderFilter {
        status_unmapped: query.flagged,
        vtex_statuses: query
            .vtex_status
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|status| !status.is_empty())
            .map(str::to_owned)
            .collect(),
        vtex_order_id: query
            .vtex_order_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned),
        placed_from,
        placed_to,
        ..Default::default()
    };
    scoped(&mut filter, scope);
    let (rows, total) = afiliados_db::orders::list_capped(
        tx,
        ctx.tenant_id,
        &filter,
        OrderSort::PlacedAtDesc,
        (paging.offset(), paging.limit()),
        TOTAL_LOOKAHEAD,
    )
    .await?;
    let items = order_responses(tx, &rows).await?;
    Ok(paging.capped_page(items, total.total, total.capped))
}
