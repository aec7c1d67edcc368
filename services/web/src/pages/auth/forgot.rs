//! `/recuperar-clave`: asks the api to e-mail a reset link. The answer never says whether the
//! address exists.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::auth::ForgotPasswordRequest;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/auth/forgot_password.html")]
pub(crate) struct ForgotPasswordPage {
    l: Layout,
    email: String,
    message: Option<String>,
    fields: FieldErrors,
}

#[derive(Deserialize)]
pub(crate) struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// `GET /recuperar-clave`.
pub(crate) async fn show_forgot_password(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let page = ForgotPasswordPage {
        l: ctx.layout().await?,
        email: String::new(),
        message: None,
        fields: FieldErrors::default(),
    };
    render(&page, StatusCode::OK)
}

/// `POST /recuperar-clave`.
pub(crate) async fn submit_forgot_password(
    ctx: Ctx,
    form: web::Form<ForgotForm>,
) -> Result<HttpResponse, WebError> {
    let email = form.into_inner().email;
    match ctx
        .api()
        .forgot_password(
            "",
            &ForgotPasswordRequest {
                email: email.clone(),
            },
        )
        .await
    {
        Ok(_) => ctx.done("/login", "forgot.sent"),
        Err(error) => {
            let feedback = form_feedback(error.into(), ctx.i18n)?;
            let page = ForgotPasswordPage {
                l: ctx.layout().await?,
                email,
                message: feedback.message,
                fields: feedback.fields,
            };
            render(&page, feedback.status)
        }
    }
}
