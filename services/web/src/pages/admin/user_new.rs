//! `/admin/usuarios/nuevo`: invite a staff user.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::users::CreateUserRequest;
use askama::Template;
use askama_web::WebTemplate;

use super::USER_ADMINS;
use super::user_form::UserFormValues;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin/user_new.html")]
pub(crate) struct NewUserPage {
    l: Layout,
    form: UserFormValues,
    message: Option<String>,
    fields: FieldErrors,
}

/// `GET /admin/usuarios/nuevo`.
pub(crate) async fn show_new_user(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require(USER_ADMINS)?;
    let page = NewUserPage {
        form: UserFormValues::new(ctx.i18n, &[]),
        l: ctx.layout().await?,
        message: None,
        fields: FieldErrors::default(),
    };
    render(&page, StatusCode::OK)
}

/// `POST /admin/usuarios/nuevo`.
pub(crate) async fn submit_new_user(
    ctx: Ctx,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    ctx.require(USER_ADMINS)?;
    let values = UserFormValues::from_form(ctx.i18n, &form);
    let Some(brand_ids) = values.parsed_brand_ids() else {
        let mut fields = FieldErrors::default();
        fields.add(
            "brandIds",
            ctx.i18n.t("field_error.invalid_format").to_owned(),
        );
        let page = NewUserPage {
            l: ctx.layout().await?,
            form: values,
            message: None,
            fields,
        };
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let request = CreateUserRequest {
        email: values.email.clone(),
        first_name: values.first_name.clone(),
        last_name: values.last_name.clone(),
        roles: values.selected(),
        brand_ids: afiliados_domain::ids::typed(brand_ids),
        locale: Some(values.locale.clone()),
    };
    match ctx
        .call(async |api, token| api.create_user(token, &request).await)
        .await
    {
        Ok(user) => ctx.done(&format!("/admin/usuarios/{}", user.id), "users.created"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let page = NewUserPage {
                l: ctx.layout().await?,
                form: values,
                message: feedback.message,
                fields: feedback.fields,
            };
            render(&page, feedback.status)
        }
    }
}
