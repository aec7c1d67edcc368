//! The delivery log for staff (`api.md` §19; admin_dentsu and finance): list, detail, and
//! reprocessing one delivery or a range.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::deliveries::{
    Delivery, ListDeliveriesQuery, ReprocessRangeRequest, ReprocessRangeResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::webhooks::staff;

/// Deliveries, newest first, without payloads.
#[utoipa::path(tag = "vtex", params(ListDeliveriesQuery), responses(
    (status = 200, body = Page<Delivery>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/vtex/webhooks/deliveries")]
pub(super) async fn list_deliveries(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListDeliveriesQuery>,
) -> ApiResult<web::Json<Page<Delivery>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        staff::list(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// One delivery with its payload (order documents without the customer's data).
#[utoipa::path(tag = "vtex", responses(
    (status = 200, body = Delivery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/vtex/webhooks/deliveries/{id}")]
pub(super) async fn get_delivery(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Delivery>> {
    let ctx = state.use_case_context();
    let delivery =
        transaction::read(&state, async |tx| staff::detail(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(delivery))
}

/// Reprocesses one delivery (`received`, forced `IngestVtexOrder`); audited.
#[utoipa::path(tag = "vtex", responses(
    (status = 202, body = Delivery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`delivery_not_reprocessable`: rejected, duplicate, ignored, in progress, or a purged document.")),
    security(("bearer" = [])))]
#[post("/vtex/webhooks/deliveries/{id}/reprocess")]
pub(super) async fn reprocess_delivery(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let delivery = transaction::run(&state, async |tx| {
        staff::reprocess(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(HttpResponse::Accepted().json(delivery))
}

/// Reprocesses every delivery of a status received in a range (≤ 31 days, ≤ 1 000).
#[utoipa::path(tag = "vtex", request_body = ReprocessRangeRequest, responses(
    (status = 202, body = ReprocessRangeResponse), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/vtex/webhooks/deliveries/reprocess")]
pub(super) async fn reprocess_deliveries(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<ReprocessRangeRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let enqueued = transaction::run(&state, async |tx| {
        staff::reprocess_range(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Accepted().json(enqueued))
}
