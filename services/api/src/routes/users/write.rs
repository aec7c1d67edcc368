//! Creating, updating, suspending and reactivating users.

use actix_web::{HttpResponse, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::users::{
    CreateUserRequest, SuspendUserRequest, UpdateUserRequest, UserResponse,
};
use afiliados_domain::Role;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::CurrentUser;
use crate::state::AppState;
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
    user.require_any(&[Role::AdminDentsu])?;
    let email = create::validate(&body)?;
    let mut conn = state.conn().await?;
    let created = conn
        .transaction(async |tx| create::create(tx, &state, &user, &body, &email).await)
        .await?;
    state.wake_relay();
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
    user.require_any(&[Role::AdminDentsu])?;
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| update::update(tx, &state, &user, *id, &body).await)
        .await
        .map(web::Json)
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
    user.require_any(&[Role::AdminDentsu])?;
    if *id == user.id() {
        return Err(ApiError::field("id", "not_allowed"));
    }
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| status::suspend(tx, &state, &user, *id, &body.reason).await)
        .await
        .map(web::Json)
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
    user.require_any(&[Role::AdminDentsu])?;
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| status::reactivate(tx, &state, &user, *id).await)
        .await
        .map(web::Json)
}
