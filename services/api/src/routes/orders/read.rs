//! Listing, reading and explaining orders.

use actix_web::{get, web};
use afiliados_api_types::order_explain::OrderExplanation;
use afiliados_api_types::order_views::{ListOrdersQuery, OrderResponse};
use afiliados_api_types::{ApiErrorBody, Page};

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::orders::{explain, read};

/// Orders in scope (AM: its brands; IN: its own, whatever `influencerId` says).
#[utoipa::path(tag = "orders", params(ListOrdersQuery), responses(
    (status = 200, body = Page<OrderResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/orders")]
pub(super) async fn list_orders(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListOrdersQuery>,
) -> ApiResult<web::Json<Page<OrderResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One order (by id or VTEX order id) with lines and status history.
#[utoipa::path(tag = "orders", params(("id" = String, Path, description = "Order id or VTEX order id")),
    responses((status = 200, body = OrderResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/orders/{id}")]
pub(super) async fn get_order(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<OrderResponse>> {
    let ctx = state.use_case_context();
    let order = transaction::read(&state, async |tx| read::get(tx, &ctx, &user, &id).await).await?;
    Ok(web::Json(order))
}

/// Why the order is (not) attributed and how its commission was computed.
#[utoipa::path(tag = "orders", params(("id" = String, Path, description = "Order id or VTEX order id")),
    responses((status = 200, body = OrderExplanation), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/orders/{id}/explain")]
pub(super) async fn explain_order(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<OrderExplanation>> {
    let ctx = state.use_case_context();
    let explanation = transaction::read(&state, async |tx| {
        explain::explain_order(tx, &ctx, &user, &id).await
    })
    .await?;
    Ok(web::Json(explanation))
}
