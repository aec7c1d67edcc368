//! `/restablecer-clave?token=…`: sets a new password from a reset or invitation link.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::auth::ResetPasswordRequest;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/auth/reset_password.html")]
pub(crate) struct ResetPasswordPage {
    l: Layout,
    token: String,
    message: Option<String>,
    fields: FieldErrors,
}

#[derive(Deserialize)]
pub(crate) struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub(crate) struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

/// `GET /restablecer-clave?token=…`.
pub(crate) async fn show_reset_password(
    ctx: Ctx,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, WebError> {
    let page = ResetPasswordPage {
        l: ctx.layout().await?,
        token: query.into_inner().token,
        message: None,
        fields: FieldErrors::default(),
    };
    render(&page, StatusCode::OK)
}

/// `POST /restablecer-clave`.
pub(crate) async fn submit_reset_password(
    ctx: Ctx,
    form: web::Form<ResetForm>,
) -> Result<HttpResponse, WebError> {
    let ResetForm {
        token,
        new_password,
        confirm_password,
    } = form.into_inner();
    if new_password != confirm_password {
        let mut fields = FieldErrors::default();
        fields.add(
            "confirmPassword",
            ctx.i18n.t("field_error.mismatch").to_owned(),
        );
        let page = ResetPasswordPage {
            l: ctx.layout().await?,
            token,
            message: None,
            fields,
        };
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = ResetPasswordRequest {
        token: token.clone(),
        new_password,
    };
    match ctx.api().reset_password("", &request).await {
        Ok(()) => ctx.done("/login", "reset.done"),
        Err(error) => {
            let feedback = form_feedback(error.into(), ctx.i18n)?;
            let page = ResetPasswordPage {
                l: ctx.layout().await?,
                token,
                message: feedback.message,
                fields: feedback.fields,
            };
            render(&page, feedback.status)
        }
    }
}
