//! `GET /arco/requests` and `GET /arco/requests/{id}`.

use actix_web::{get, web};
use afiliados_api_types::arco::{ArcoRequestResponse, ListArcoRequestsQuery};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::arco::read;

/// Requests ordered by due date; an influencer sees only its own.
#[utoipa::path(tag = "arco", params(ListArcoRequestsQuery), responses(
    (status = 200, body = Page<ArcoRequestResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/arco/requests")]
pub(super) async fn list_arco_requests(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListArcoRequestsQuery>,
) -> ApiResult<web::Json<Page<ArcoRequestResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One request.
#[utoipa::path(tag = "arco", params(("id" = Uuid, Path, description = "ARCO request")), responses(
    (status = 200, body = ArcoRequestResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/arco/requests/{id}")]
pub(super) async fn get_arco_request(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ArcoRequestResponse>> {
    let ctx = state.use_case_context();
    let request =
        transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(request))
}
