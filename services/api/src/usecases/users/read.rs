//! `GET /users` and `GET /users/{id}` (admin_dentsu): the tenant's users filtered by role,
//! status and text, and one user with its sessions.

use afiliados_api_types::Page;
use afiliados_api_types::users::{ListUsersQuery, UserResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::UserFilter;
use afiliados_domain::{Actor, FieldCode, Role, UserStatus};
use uuid::Uuid;

use super::representation;
use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// One page of users.
#[tracing::instrument(skip_all, fields(actor.id = %admin.user_id))]
pub async fn list(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: &Actor,
    query: &ListUsersQuery,
) -> Result<Page<UserResponse>, UseCaseError> {
    admin.require_any(&[Role::AdminDentsu])?;
    let paging = Pagination::new(query.page, query.page_size)?;
    if let Some(status) = &query.status
        && UserStatus::parse(status).is_none()
    {
        return Err(UseCaseError::invalid("status", FieldCode::InvalidEnum));
    }
    let ids = match &query.role {
        Some(role) => {
            let role = Role::parse(role)
                .ok_or_else(|| UseCaseError::invalid("role", FieldCode::InvalidEnum))?;
            Some(afiliados_db::roles::users_with_role(conn, role.as_str()).await?)
        }
        None => None,
    };
    let filter = UserFilter {
        ids,
        status: query.status.clone(),
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
    };
    let (rows, total) = afiliados_db::users::list(
        conn,
        ctx.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = representation::many(conn, rows, ctx.now()).await?;
    Ok(paging.page(items, total))
}

/// One user with its sessions.
#[tracing::instrument(skip_all, fields(actor.id = %admin.user_id, user.id = %id))]
pub async fn get(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: &Actor,
    id: Uuid,
) -> Result<UserResponse, UseCaseError> {
    admin.require_any(&[Role::AdminDentsu])?;
    let found = afiliados_db::users::find(conn, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    Ok(representation::detail(conn, found, ctx.now()).await?)
}
