//! Reconciliation discrepancies for staff (`api.md` §19): a run's, across runs, reprocess and
//! accept.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::reconciliation::DiscrepancyResponse;
use afiliados_api_types::reconciliation_requests::{
    AcceptDiscrepancyRequest, ListDiscrepanciesQuery, ListRunDiscrepanciesQuery,
};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::reconciliation::{accept, list, reprocess};

/// The discrepancies a run found (first or last), oldest detection first.
#[utoipa::path(tag = "vtex", params(ListRunDiscrepanciesQuery), responses(
    (status = 200, body = Page<DiscrepancyResponse>), (status = 400, body = ApiErrorBody),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/vtex/reconciliations/{id}/discrepancies")]
pub(super) async fn run_discrepancies(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    query: web::Query<ListRunDiscrepanciesQuery>,
) -> ApiResult<web::Json<Page<DiscrepancyResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        list::run_discrepancies(tx, &ctx, &user, *id, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// Discrepancies across runs (`open,resolving` unless `status` says otherwise), oldest first.
#[utoipa::path(tag = "vtex", params(ListDiscrepanciesQuery), responses(
    (status = 200, body = Page<DiscrepancyResponse>), (status = 400, body = ApiErrorBody),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/vtex/reconciliations/discrepancies")]
pub(super) async fn list_discrepancies(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListDiscrepanciesQuery>,
) -> ApiResult<web::Json<Page<DiscrepancyResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        list::discrepancies(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// Re-fetches the order of an `open` discrepancy (forced ingest); it becomes `resolving`.
#[utoipa::path(tag = "vtex", responses(
    (status = 202, body = DiscrepancyResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`discrepancy_not_open`")),
    security(("bearer" = [])))]
#[post("/vtex/reconciliations/discrepancies/{id}/reprocess")]
pub(super) async fn reprocess_discrepancy(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let discrepancy = transaction::run(&state, async |tx| {
        reprocess::reprocess(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(HttpResponse::Accepted().json(discrepancy))
}

/// Accepts an `open` discrepancy with a justification (20–1 000 characters); final.
#[utoipa::path(tag = "vtex", request_body = AcceptDiscrepancyRequest, responses(
    (status = 200, body = DiscrepancyResponse), (status = 400, body = ApiErrorBody),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`discrepancy_not_open`"),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/vtex/reconciliations/discrepancies/{id}/accept")]
pub(super) async fn accept_discrepancy(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<AcceptDiscrepancyRequest>,
) -> ApiResult<web::Json<DiscrepancyResponse>> {
    let ctx = state.use_case_context();
    let discrepancy = transaction::run(&state, async |tx| {
        accept::accept(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(discrepancy))
}
