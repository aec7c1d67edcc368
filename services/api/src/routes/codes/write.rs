//! Creating and editing codes and forcing their VTEX sync.

use actix_web::{HttpResponse, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::codes::{CreateCodeRequest, DiscountCodeResponse, UpdateCodeRequest};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::codes::{create, sync, update};

/// Creates a code (generated `PREFIX-HANDLESUFFIX` or custom); the membership is created first
/// when missing.
#[utoipa::path(tag = "codes", request_body = CreateCodeRequest, responses(
    (status = 201, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/codes")]
pub(super) async fn create_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateCodeRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let created = transaction::run(&state, async |tx| {
        create::create_code(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Edits a code's conditions or its switch (the code string never changes).
#[utoipa::path(tag = "codes", request_body = UpdateCodeRequest, responses(
    (status = 200, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[patch("/codes/{id}")]
pub(super) async fn update_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateCodeRequest>,
) -> ApiResult<web::Json<DiscountCodeResponse>> {
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        update::update(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(updated))
}

async fn request_sync(state: &AppState, user: &CurrentUser, id: Uuid) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let code = transaction::run(state, async |tx| {
        sync::request_sync(tx, &ctx, user, id).await
    })
    .await?;
    Ok(HttpResponse::Accepted().json(code))
}

/// Queues a new VTEX coupon sync of the code's current desired state.
#[utoipa::path(tag = "codes", responses(
    (status = 202, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/codes/{id}/sync")]
pub(super) async fn sync_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    request_sync(&state, &user, *id).await
}

/// Same as `POST /codes/{id}/sync` (the runbook's path).
#[utoipa::path(tag = "codes", responses(
    (status = 202, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/vtex/codes/{id}/sync")]
pub(super) async fn sync_vtex_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    request_sync(&state, &user, *id).await
}
