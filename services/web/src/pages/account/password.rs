//! `/cuenta/clave`: change the password (the api then revokes every other session).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::auth::ChangePasswordRequest;
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/account/password.html")]
pub(crate) struct ChangePasswordPage {
    l: Layout,
    message: Option<String>,
    fields: FieldErrors,
}

#[derive(Deserialize)]
pub(crate) struct ChangePasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

/// `GET /cuenta/clave`.
pub(crate) async fn show_change_password(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require(&[])?;
    let page = ChangePasswordPage {
        l: ctx.layout().await?,
        message: None,
        fields: FieldErrors::default(),
    };
    render(&page, StatusCode::OK)
}

/// `POST /cuenta/clave`.
pub(crate) async fn submit_change_password(
    ctx: Ctx,
    form: web::Form<ChangePasswordForm>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(&[])?;
    let ChangePasswordForm {
        current_password,
        new_password,
        confirm_password,
    } = form.into_inner();
    if new_password != confirm_password {
        let mut fields = FieldErrors::default();
        fields.add(
            "confirmPassword",
            ctx.i18n.t("field_error.mismatch").to_owned(),
        );
        let page = ChangePasswordPage {
            l: ctx.layout().await?,
            message: None,
            fields,
        };
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = ChangePasswordRequest {
        current_password,
        new_password,
    };
    match ctx
        .call(async |api, token| api.change_password(token, &request).await)
        .await
    {
        Ok(_) => ctx.done(Role::landing_path(&user.roles), "password.changed"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let page = ChangePasswordPage {
                l: ctx.layout().await?,
                message: feedback.message,
                fields: feedback.fields,
            };
            render(&page, feedback.status)
        }
    }
}
