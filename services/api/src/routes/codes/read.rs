//! Listing and reading discount codes.

use actix_web::{get, web};
use afiliados_api_types::codes::{DiscountCodeResponse, ListCodesQuery};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::codes::read;

/// Codes in scope (AM: its brands; IN: its own, whatever `influencerId` says).
#[utoipa::path(tag = "codes", params(ListCodesQuery), responses(
    (status = 200, body = Page<DiscountCodeResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/codes")]
pub(super) async fn list_codes(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListCodesQuery>,
) -> ApiResult<web::Json<Page<DiscountCodeResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One code.
#[utoipa::path(tag = "codes", responses(
    (status = 200, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/codes/{id}")]
pub(super) async fn get_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<DiscountCodeResponse>> {
    let ctx = state.use_case_context();
    let code = transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(code))
}
