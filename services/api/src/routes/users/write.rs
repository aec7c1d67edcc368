//! Creating, updating, suspending and reactivating users.

use actix_web::{HttpResponse, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::users::{
    CreateUserRequest, SuspendUserRequest, UpdateUserRequest, UserResponse,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::users::{create, status, update};

/// Invites a staff user.
#[utoipa::path(tag = "users", request_body = CreateUserRequest, responses(
    (status = 201, body = UserResponse), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/users")]
pub(super) async fn create_user(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let created = transaction::run(&state, async |tx| {
        create::create(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Changes names, locale, roles or brands.
#[utoipa::path(tag = "users", request_body = UpdateUserRequest, responses(
    (status = 200, body = UserResponse), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[patch("/users/{id}")]
pub(super) async fn update_user(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateUserRequest>,
) -> ApiResult<web::Json<UserResponse>> {
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        update::update(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(updated))
}

/// Suspends an account (reason required); its sessions are revoked.
#[utoipa::path(tag = "users", request_body = SuspendUserRequest, responses(
    (status = 200, body = UserResponse), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/users/{id}/suspend")]
pub(super) async fn suspend_user(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<SuspendUserRequest>,
) -> ApiResult<web::Json<UserResponse>> {
    let ctx = state.use_case_context();
    let suspended = transaction::run(&state, async |tx| {
        status::suspend(tx, &ctx, &user, *id, &body.reason).await
    })
    .await?;
    Ok(web::Json(suspended))
}

/// Reactivates a suspended account.
#[utoipa::path(tag = "users", responses(
    (status = 200, body = UserResponse), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/users/{id}/reactivate")]
pub(super) async fn reactivate_user(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserResponse>> {
    let ctx = state.use_case_context();
    let reactivated = transaction::run(&state, async |tx| {
        status::reactivate(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(reactivated))
}
