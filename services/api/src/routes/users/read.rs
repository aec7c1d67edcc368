//! Listing and reading users.

use actix_web::{get, web};
use afiliados_api_types::users::{ListUsersQuery, UserResponse};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::users::read;

/// Users of the tenant, filtered by role, status and text.
#[utoipa::path(tag = "users", params(ListUsersQuery), responses(
    (status = 200, body = Page<UserResponse>), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/users")]
pub(super) async fn list_users(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListUsersQuery>,
) -> ApiResult<web::Json<Page<UserResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One user with its sessions.
#[utoipa::path(tag = "users", responses(
    (status = 200, body = UserResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/users/{id}")]
pub(super) async fn get_user(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserResponse>> {
    let ctx = state.use_case_context();
    let found = transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(found))
}
