//! `/cuenta/2fa/codigos`: the ten recovery codes, shown exactly once, and the form that replaces
//! them.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::auth::TwoFactorCodeRequest;
use askama::Template;
use askama_web::WebTemplate;

use super::two_factor::{CodeForm, ManagePage};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::form_feedback;
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/account/recovery_codes.html")]
pub(crate) struct RecoveryCodesPage {
    l: Layout,
    codes: Vec<String>,
    signed_in: bool,
}

/// `GET /cuenta/2fa/codigos`; a second visit finds nothing and goes back.
pub(crate) async fn show_recovery_codes(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let Some(codes) = ctx.session.take_recovery_codes() else {
        return Ok(ctx.see_other("/cuenta/2fa"));
    };
    let signed_in = ctx.require(&[]).is_ok();
    render(
        &RecoveryCodesPage {
            l: ctx.layout().await?,
            codes,
            signed_in,
        },
        StatusCode::OK,
    )
}

/// `POST /cuenta/2fa/codigos`: a new set (the previous one stops working).
pub(crate) async fn submit_regenerate_recovery_codes(
    ctx: Ctx,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, WebError> {
    ctx.require(&[])?;
    let request = TwoFactorCodeRequest {
        code: form.into_inner().code.trim().to_owned(),
    };
    match ctx
        .call(async |api, token| api.regenerate_recovery_codes(token, &request).await)
        .await
    {
        Ok(codes) => {
            ctx.session.set_recovery_codes(&codes.recovery_codes)?;
            Ok(ctx.see_other("/cuenta/2fa/codigos"))
        }
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let page = ManagePage {
                l: ctx.layout().await?,
                message: feedback.message,
                fields: feedback.fields,
            };
            render(&page, feedback.status)
        }
    }
}
