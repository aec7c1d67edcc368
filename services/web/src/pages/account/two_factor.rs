//! `/cuenta/2fa`: enrolment (QR code, secret, confirmation) when 2FA is off, and the management
//! forms (new recovery codes, disable) when it is on. The enrolment in progress is kept in the
//! session so a reload or a wrong code does not replace the secret already scanned.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::auth::{
    DisableTwoFactorRequest, EnrollTwoFactorResponse, TwoFactorCodeRequest,
};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::{Layout, render};
use crate::qr::qr_svg;

#[derive(Template, WebTemplate)]
#[template(path = "pages/account/two_factor_enroll.html")]
pub(crate) struct EnrollPage {
    l: Layout,
    qr_svg: String,
    secret: String,
    message: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/account/two_factor_manage.html")]
pub(crate) struct ManagePage {
    pub(crate) l: Layout,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

#[derive(Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    pub(crate) code: String,
}

#[derive(Deserialize)]
pub(crate) struct DisableForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

async fn enroll_page(
    ctx: &Ctx,
    enrollment: &EnrollTwoFactorResponse,
    message: Option<String>,
) -> Result<EnrollPage, WebError> {
    Ok(EnrollPage {
        l: ctx.layout().await?,
        qr_svg: qr_svg(&enrollment.otpauth_uri)?,
        secret: enrollment.secret.clone(),
        message,
    })
}

/// `GET /cuenta/2fa` (also with the restricted enrolment token).
pub(crate) async fn show_two_factor_settings(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require_any_session()?;
    let profile = ctx
        .call(async |api, token| api.profile(token).await)
        .await?;
    if profile.two_factor_enabled {
        ctx.session.clear_enrollment();
        let page = ManagePage {
            l: ctx.layout().await?,
            message: None,
            fields: FieldErrors::default(),
        };
        return render(&page, StatusCode::OK);
    }
    let enrollment = match ctx.session.enrollment() {
        Some(enrollment) => enrollment,
        None => {
            let enrollment = ctx
                .call(async |api, token| api.enroll_two_factor(token).await)
                .await?;
            ctx.session.set_enrollment(&enrollment)?;
            enrollment
        }
    };
    render(&enroll_page(&ctx, &enrollment, None).await?, StatusCode::OK)
}

/// `POST /cuenta/2fa/confirmar`: enables 2FA and shows the recovery codes once. The restricted
/// token stays restricted, so that session ends and the user signs in again.
pub(crate) async fn submit_confirm_two_factor(
    ctx: Ctx,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require_any_session()?;
    let request = TwoFactorCodeRequest {
        code: form.into_inner().code.trim().to_owned(),
    };
    match ctx
        .call(async |api, token| api.confirm_two_factor(token, &request).await)
        .await
    {
        Ok(codes) => {
            ctx.session.clear_enrollment();
            if user.enroll_only {
                ctx.session.sign_out();
            }
            ctx.session.set_recovery_codes(&codes.recovery_codes)?;
            Ok(ctx.see_other("/cuenta/2fa/codigos"))
        }
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            if feedback.code == ApiErrorCode::EnrollmentNotStarted {
                ctx.session.clear_enrollment();
                return ctx.failed("/cuenta/2fa", &feedback.message.unwrap_or_default());
            }
            let Some(enrollment) = ctx.session.enrollment() else {
                return Ok(ctx.see_other("/cuenta/2fa"));
            };
            render(
                &enroll_page(&ctx, &enrollment, feedback.message).await?,
                feedback.status,
            )
        }
    }
}

/// `POST /cuenta/2fa/desactivar`: password and current code.
pub(crate) async fn submit_disable_two_factor(
    ctx: Ctx,
    form: web::Form<DisableForm>,
) -> Result<HttpResponse, WebError> {
    ctx.require(&[])?;
    let DisableForm { password, code } = form.into_inner();
    let request = DisableTwoFactorRequest {
        password,
        code: code.trim().to_owned(),
    };
    match ctx
        .call(async |api, token| api.disable_two_factor(token, &request).await)
        .await
    {
        Ok(()) => ctx.done("/cuenta/2fa", "two_factor.disabled"),
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
