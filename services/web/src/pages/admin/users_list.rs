//! `/admin/usuarios`: users with filters (text, role, status) and pages.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::users::{ListUsersQuery, UserResponse};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::{Pager, USER_ADMINS, filter_query};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render, roles_label};

/// One table row.
pub(crate) struct UserRow {
    id: String,
    name: String,
    email: String,
    roles: String,
    status: String,
    two_factor: bool,
    last_login: String,
}

impl UserRow {
    fn new(ctx: &Ctx, user: UserResponse) -> UserRow {
        UserRow {
            id: user.id.to_string(),
            name: format!("{} {}", user.first_name, user.last_name),
            roles: roles_label(ctx.i18n, &user.roles),
            status: ctx.i18n.t(&format!("status.{}", user.status)).to_owned(),
            two_factor: user.two_factor_enabled,
            last_login: user
                .last_login_at
                .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            email: user.email,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin/users_list.html")]
pub(crate) struct UsersListPage {
    l: Layout,
    q: String,
    role: String,
    status: String,
    rows: Vec<UserRow>,
    pager: Pager,
    role_names: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
    q: Option<String>,
    role: Option<String>,
    status: Option<String>,
}

const STATUSES: [&str; 4] = afiliados_domain::UserStatus::SPELLINGS;

/// `GET /admin/usuarios`.
pub(crate) async fn list_users(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(USER_ADMINS)?;
    let Filters {
        page,
        q,
        role,
        status,
    } = filters.into_inner();
    let query = ListUsersQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(20),
        role: role.clone().filter(|value| !value.is_empty()),
        status: status.clone().filter(|value| !value.is_empty()),
        q: q.clone().filter(|value| !value.is_empty()),
    };
    let result = ctx
        .call(async |api, token| api.list_users(token, &query).await)
        .await?;
    let filters = filter_query(&[
        ("q", q.as_deref()),
        ("role", role.as_deref()),
        ("status", status.as_deref()),
    ]);
    let t = |key: String| ctx.i18n.t(&key).to_owned();
    let page = UsersListPage {
        pager: Pager::new(
            "/admin/usuarios",
            &filters,
            result.page,
            result.page_size,
            result.total,
        ),
        rows: result
            .items
            .into_iter()
            .map(|user| UserRow::new(&ctx, user))
            .collect(),
        role_names: afiliados_domain::Role::ALL
            .iter()
            .map(|r| (r.as_str(), t(format!("role.{}", r.as_str()))))
            .collect(),
        statuses: STATUSES
            .iter()
            .map(|s| (*s, t(format!("status.{s}"))))
            .collect(),
        q: q.unwrap_or_default(),
        role: role.unwrap_or_default(),
        status: status.unwrap_or_default(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
