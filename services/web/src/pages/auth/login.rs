//! `/login`: email and password. A `two_factor_required` answer moves to the 2FA step, keeping
//! only the api's challenge id (ADR 0028); the restricted enrolment token goes to `/cuenta/2fa`;
//! success lands on the role's page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_client::ApiClientError;
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::auth::{LoginRequest, TokenPair};
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::{ACCEPT_POLICIES_PATH, WebError};
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::{Layout, render};
use crate::session::{SessionUser, Tokens};

#[derive(Template, WebTemplate)]
#[template(path = "pages/auth/login.html")]
pub(crate) struct LoginPage {
    pub(crate) l: Layout,
    pub(crate) email: String,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `GET /login`; a signed-in user goes straight to its landing page.
pub(crate) async fn show_login(ctx: Ctx) -> Result<HttpResponse, WebError> {
    if let Ok(user) = ctx.require(&[]) {
        return Ok(ctx.see_other(Role::landing_path(&user.roles)));
    }
    let page = LoginPage {
        l: ctx.layout().await?,
        email: String::new(),
        message: None,
        fields: FieldErrors::default(),
    };
    render(&page, StatusCode::OK)
}

/// `POST /login`.
pub(crate) async fn submit_login(
    ctx: Ctx,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, WebError> {
    let LoginForm { email, password } = form.into_inner();
    let request = LoginRequest {
        email: email.clone(),
        password,
        two_factor_code: None,
        recovery_code: None,
    };
    match ctx.api().login("", &request).await {
        Ok(pair) => finish_sign_in(&ctx, pair).await,
        Err(error) => {
            if let Some(challenge_id) = two_factor_challenge(&error) {
                ctx.session.set_pending_login(&challenge_id)?;
                return Ok(ctx.see_other("/login/2fa"));
            }
            if error.code() == Some(ApiErrorCode::ServerBusy) {
                // Every password-hashing slot is taken (ADR 0026): the form again, with a
                // "try again in a moment" message and the e-mail kept.
                let page = LoginPage {
                    l: ctx.layout().await?,
                    email,
                    message: Some(ctx.i18n.t("api_error.server_busy").to_owned()),
                    fields: FieldErrors::default(),
                };
                return render(&page, StatusCode::SERVICE_UNAVAILABLE);
            }
            let feedback = form_feedback(error.into(), ctx.i18n)?;
            let page = LoginPage {
                l: ctx.layout().await?,
                email,
                message: feedback.message,
                fields: feedback.fields,
            };
            render(&page, feedback.status)
        }
    }
}

/// The challenge id of a `two_factor_required` answer (`details[0].challengeId`).
fn two_factor_challenge(error: &ApiClientError) -> Option<String> {
    let ApiClientError::Api { body, .. } = error else {
        return None;
    };
    if body.error != ApiErrorCode::TwoFactorRequired {
        return None;
    }
    body.details
        .iter()
        .find_map(|detail| detail.get("challengeId")?.as_str().map(str::to_owned))
}

/// Stores the tokens and a user summary read from the profile, then redirects (303) to the
/// landing page, or to enrolment when the token only allows that.
pub(crate) async fn finish_sign_in(ctx: &Ctx, pair: TokenPair) -> Result<HttpResponse, WebError> {
    let profile = ctx.api().profile(&pair.access_token).await?;
    let user = SessionUser {
        id: profile.id.into(),
        name: format!("{} {}", profile.first_name, profile.last_name)
            .trim()
            .to_owned(),
        email: profile.email,
        roles: profile.roles,
        locale: profile.locale,
        enroll_only: pair.two_factor_enrollment_required,
        influencer_id: profile.influencer_id.map(Into::into),
    };
    let tokens = Tokens {
        access: pair.access_token,
        refresh: pair.refresh_token,
    };
    ctx.session.sign_in(&tokens, &user)?;
    tracing::info!(user.id = %user.id, enroll_only = user.enroll_only, "user {} signed in", user.id);
    if user.enroll_only {
        return Ok(ctx.see_other("/cuenta/2fa"));
    }
    // An influencer with policy versions to accept sees them before anything else.
    if user.roles.contains(&Role::Influencer) && !profile.pending_consents.is_empty() {
        return Ok(ctx.see_other(ACCEPT_POLICIES_PATH));
    }
    Ok(ctx.see_other(Role::landing_path(&user.roles)))
}
