//! Listing and reading users.

use actix_web::{get, web};
use afiliados_api_types::users::{ListUsersQuery, UserResponse};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_db::users::UserFilter;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;
use crate::usecases::users::representation;

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
    user.require_any(&[Role::AdminDentsu])?;
    let paging = Pagination::new(query.page, query.page_size)?;
    if let Some(status) = &query.status
        && afiliados_domain::UserStatus::parse(status).is_none()
    {
        return Err(ApiError::field("status", "invalid_enum"));
    }
    let mut conn = state.conn().await?;
    let ids = match &query.role {
        Some(role) => {
            let role = Role::parse(role).ok_or_else(|| ApiError::field("role", "invalid_enum"))?;
            Some(afiliados_db::roles::users_with_role(&mut conn, role.as_str()).await?)
        }
        None => None,
    };
    let filter = UserFilter {
        ids,
        status: query.status.clone(),
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
    };
    let (rows, total) = afiliados_db::users::list(
        &mut conn,
        state.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = representation::many(&mut conn, rows, state.now()).await?;
    Ok(web::Json(paging.page(items, total)))
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
    user.require_any(&[Role::AdminDentsu])?;
    let mut conn = state.conn().await?;
    let found = afiliados_db::users::find(&mut conn, state.tenant_id, *id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(
        representation::detail(&mut conn, found, state.now()).await?,
    ))
}
