//! `/admin/usuarios/{id}`: one user with its sessions, the edit form and the action buttons.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::users::{UpdateUserRequest, UserResponse};
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::USER_ADMINS;
use super::user_form::UserFormValues;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::{Layout, render, roles_label};

/// One session row.
pub(crate) struct SessionRow {
    created: String,
    last_used: String,
    ip: String,
    user_agent: String,
    revoked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin/user_detail.html")]
pub(crate) struct UserDetailPage {
    l: Layout,
    id: String,
    email: String,
    name: String,
    roles: String,
    status: String,
    status_code: String,
    status_reason: String,
    two_factor: bool,
    locked: bool,
    is_influencer: bool,
    sessions: Vec<SessionRow>,
    form: UserFormValues,
    message: Option<String>,
    fields: FieldErrors,
}

fn stamp(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|at| at.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

async fn detail_page(
    ctx: &Ctx,
    user: UserResponse,
    form: Option<UserFormValues>,
) -> Result<UserDetailPage, WebError> {
    let form = form.unwrap_or_else(|| {
        let mut values = UserFormValues::new(ctx.i18n, &user.roles);
        values.first_name.clone_from(&user.first_name);
        values.last_name.clone_from(&user.last_name);
        values.locale = user.locale.to_string();
        values.brand_ids = user
            .brand_ids
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        values
    });
    let sessions = user.sessions.clone().unwrap_or_default();
    Ok(UserDetailPage {
        l: ctx.layout().await?,
        id: user.id.to_string(),
        name: format!("{} {}", user.first_name, user.last_name),
        roles: roles_label(ctx.i18n, &user.roles),
        status: ctx.i18n.t(&format!("status.{}", user.status)).to_owned(),
        status_code: user.status.to_string(),
        status_reason: user.status_reason.clone().unwrap_or_default(),
        two_factor: user.two_factor_enabled,
        locked: user
            .locked_until
            .is_some_and(|until| until > chrono::Utc::now()),
        is_influencer: user.roles.contains(&Role::Influencer),
        sessions: sessions
            .into_iter()
            .map(|session| SessionRow {
                created: stamp(Some(session.created_at)),
                last_used: stamp(session.last_used_at),
                ip: session.ip.unwrap_or_default(),
                user_agent: session.user_agent.unwrap_or_default(),
                revoked: session.revoked_at.is_some(),
            })
            .collect(),
        email: user.email,
        form,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /admin/usuarios/{id}`.
pub(crate) async fn show_user(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    ctx.require(USER_ADMINS)?;
    let id = id.into_inner();
    let user = ctx
        .call(async |api, token| api.get_user(token, id).await)
        .await?;
    render(&detail_page(&ctx, user, None).await?, StatusCode::OK)
}

/// `POST /admin/usuarios/{id}`: names, locale, roles and brands. Roles are not sent for an
/// influencer's account, which this form cannot give staff roles to.
pub(crate) async fn submit_update_user(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    ctx.require(USER_ADMINS)?;
    let id = id.into_inner();
    let values = UserFormValues::from_form(ctx.i18n, &form);
    let current = ctx
        .call(async |api, token| api.get_user(token, id).await)
        .await?;
    let staff = !current.roles.contains(&Role::Influencer);
    let mut fields = FieldErrors::default();
    let brand_ids = values.parsed_brand_ids();
    if brand_ids.is_none() {
        fields.add(
            "brandIds",
            ctx.i18n.t("field_error.invalid_format").to_owned(),
        );
    }
    let request = UpdateUserRequest {
        first_name: Some(values.first_name.clone()),
        last_name: Some(values.last_name.clone()),
        locale: Some(values.locale.clone()),
        roles: staff.then(|| values.selected()),
        brand_ids: if staff {
            brand_ids.map(afiliados_domain::ids::typed)
        } else {
            None
        },
    };
    if !fields.is_empty() {
        let mut page = detail_page(&ctx, current, Some(values)).await?;
        page.fields = fields;
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match ctx
        .call(async |api, token| api.update_user(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(&format!("/admin/usuarios/{id}"), "users.updated"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = detail_page(&ctx, current, Some(values)).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}
