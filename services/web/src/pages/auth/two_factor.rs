//! `/login/2fa`: the second sign-in step, with a TOTP code or a recovery code. Only the api's
//! challenge id waits in the session (ADR 0028); the password is not kept or sent again.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::auth::TwoFactorLoginRequest;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::form_feedback;
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/auth/two_factor.html")]
pub(crate) struct TwoFactorPage {
    l: Layout,
    recovery: bool,
    message: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct ModeQuery {
    #[serde(default)]
    recovery: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct TwoFactorForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    recovery_code: String,
}

/// `GET /login/2fa` (`?recovery=1` shows the recovery-code field).
pub(crate) async fn show_two_factor(
    ctx: Ctx,
    query: web::Query<ModeQuery>,
) -> Result<HttpResponse, WebError> {
    if ctx.session.pending_login().is_none() {
        return Ok(ctx.see_other("/login"));
    }
    let page = TwoFactorPage {
        l: ctx.layout().await?,
        recovery: query.recovery.is_some(),
        message: None,
    };
    render(&page, StatusCode::OK)
}

/// `POST /login/2fa`.
pub(crate) async fn submit_two_factor(
    ctx: Ctx,
    form: web::Form<TwoFactorForm>,
) -> Result<HttpResponse, WebError> {
    let Some(pending) = ctx.session.pending_login() else {
        return ctx.failed("/login", ctx.i18n.t("login.two_factor_expired"));
    };
    let form = form.into_inner();
    let recovery = !form.recovery_code.trim().is_empty();
    let request = TwoFactorLoginRequest {
        challenge_id: pending.challenge_id,
        two_factor_code: (!recovery).then(|| form.code.trim().to_owned()),
        recovery_code: recovery.then(|| form.recovery_code.trim().to_uppercase()),
    };
    match ctx.api().login_two_factor("", &request).await {
        Ok(pair) => super::finish_sign_in(&ctx, pair).await,
        Err(error) => {
            let feedback = form_feedback(error.into(), ctx.i18n)?;
            if feedback.code == ApiErrorCode::TwoFactorChallengeInvalid {
                // Expired or spent: the password step starts again.
                return ctx.failed("/login", ctx.i18n.t("login.two_factor_expired"));
            }
            let message = feedback
                .message
                .or_else(|| Some(ctx.i18n.t("api_error.invalid_two_factor_code").to_owned()));
            let page = TwoFactorPage {
                l: ctx.layout().await?,
                recovery,
                message,
            };
            render(&page, feedback.status)
        }
    }
}
