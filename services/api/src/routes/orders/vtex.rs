//! The VTEX-side order view and the staff refetch.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::order_views::{
    ListVtexOrdersQuery, OrderResponse, RefetchAccepted, RefetchOrderRequest,
};
use afiliados_api_types::{ApiErrorBody, Page};

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::orders::{read, refetch};

/// Orders by VTEX state (AD, GA, FI; AM its brands).
#[utoipa::path(tag = "orders", params(ListVtexOrdersQuery), responses(
    (status = 200, body = Page<OrderResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/vtex/orders")]
pub(super) async fn list_vtex_orders(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListVtexOrdersQuery>,
) -> ApiResult<web::Json<Page<OrderResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        read::list_vtex(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// Fetches the order again from VTEX (job `FetchVtexOrder`, `force` by default).
#[utoipa::path(tag = "orders", request_body(content = Option<RefetchOrderRequest>),
    params(("vtexOrderId" = String, Path, description = "VTEX order id")),
    responses((status = 202, body = RefetchAccepted), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/vtex/orders/{vtexOrderId}/refetch")]
pub(super) async fn refetch_order(
    state: web::Data<AppState>,
    user: CurrentUser,
    vtex_order_id: web::Path<String>,
    body: Option<web::Json<RefetchOrderRequest>>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let force = body.and_then(|body| body.force);
    let accepted = transaction::run(&state, async |tx| {
        refetch::refetch(tx, &ctx, &user, &vtex_order_id, force).await
    })
    .await?;
    Ok(HttpResponse::Accepted().json(accepted))
}
