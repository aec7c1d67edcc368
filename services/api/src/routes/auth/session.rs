//! Sign-in, refresh and logout.

use actix_web::{HttpResponse, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::auth::{
    LoginRequest, LogoutRequest, RefreshRequest, TokenPair, TwoFactorLoginRequest,
};

use crate::error::ApiResult;
use crate::extract::AnyTokenUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::auth::{
    challenge as challenge_usecase, login as login_usecase, refresh as refresh_usecase,
};

/// Signs in with email, password and, when enabled, a TOTP or recovery code.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = TokenPair), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody), (status = 423, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
#[post("/auth/login")]
pub(super) async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let ctx = state.use_case_context();
    // A refusal commits what it recorded (failure counter, lock, audit) before it is answered.
    let outcome = transaction::run(&state, async |tx| {
        login_usecase::login(tx, &ctx, &body).await
    })
    .await?;
    Ok(web::Json(outcome.into_result()?))
}

/// Finishes a sign-in whose password step answered `two_factor_required`: the challenge id from
/// that answer and a TOTP or recovery code (the password is not sent again).
#[utoipa::path(tag = "auth", request_body = TwoFactorLoginRequest, responses(
    (status = 200, body = TokenPair), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 423, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
#[post("/auth/login/2fa")]
pub(super) async fn login_two_factor(
    state: web::Data<AppState>,
    body: web::Json<TwoFactorLoginRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let ctx = state.use_case_context();
    // A wrong code's lockout count commits before the refusal is answered.
    let outcome = transaction::run(&state, async |tx| {
        challenge_usecase::finish(tx, &ctx, &body).await
    })
    .await?;
    Ok(web::Json(outcome.into_result()?))
}

/// Rotates a refresh token; presenting a rotated one revokes its session (after a short grace
/// window for the token just rotated, ADR 0027). A staff user whose 2FA is mandatory but not
/// enabled is refused (403) and the session revoked.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, body = TokenPair), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
#[post("/auth/refresh")]
pub(super) async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let ctx = state.use_case_context();
    // A reused token's revocation commits before the refusal is answered.
    let outcome = transaction::run(&state, async |tx| {
        refresh_usecase::refresh(tx, &ctx, &body.refresh_token).await
    })
    .await?;
    Ok(web::Json(outcome.into_result()?))
}

/// Revokes the current session, a given session, or all of them.
#[utoipa::path(tag = "auth", request_body(content = Option<LogoutRequest>), responses(
    (status = 204), (status = 401, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/auth/logout")]
pub(super) async fn logout(
    state: web::Data<AppState>,
    user: AnyTokenUser,
    body: Option<web::Json<LogoutRequest>>,
) -> ApiResult<HttpResponse> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        let token = body.refresh_token.as_deref();
        refresh_usecase::logout(tx, &ctx, &user.0, token, body.all_sessions).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
