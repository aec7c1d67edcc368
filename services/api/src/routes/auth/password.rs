//! Password change, forgotten password and reset.

use actix_web::{HttpResponse, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::auth::{
    ChangePasswordRequest, ForgotPasswordRequest, MessageResponse, ResetPasswordRequest,
};

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::auth::password as usecase;

/// Changes the password; every other session is revoked.
#[utoipa::path(tag = "auth", request_body = ChangePasswordRequest, responses(
    (status = 200, body = MessageResponse), (status = 401, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[patch("/auth/password")]
pub(super) async fn change_password(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<ChangePasswordRequest>,
) -> ApiResult<web::Json<MessageResponse>> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        usecase::change(tx, &ctx, &user, &body.current_password, &body.new_password).await
    })
    .await?;
    Ok(web::Json(MessageResponse {
        message: "Contraseña actualizada.".into(),
    }))
}

/// Sends a reset link when the account exists; answers the same either way.
#[utoipa::path(tag = "auth", request_body = ForgotPasswordRequest, responses(
    (status = 202, body = MessageResponse), (status = 429, body = ApiErrorBody)))]
#[post("/auth/password/forgot")]
pub(super) async fn forgot_password(
    state: web::Data<AppState>,
    body: web::Json<ForgotPasswordRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        usecase::forgot(tx, &ctx, &body.email).await
    })
    .await?;
    Ok(HttpResponse::Accepted().json(MessageResponse {
        message: "Si la cuenta existe, enviamos un enlace para restablecer la contraseña.".into(),
    }))
}

/// Sets a new password with a reset or invitation token.
#[utoipa::path(tag = "auth", request_body = ResetPasswordRequest, responses(
    (status = 204), (status = 400, body = ApiErrorBody), (status = 422, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
#[post("/auth/password/reset")]
pub(super) async fn reset_password(
    state: web::Data<AppState>,
    body: web::Json<ResetPasswordRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        usecase::reset(tx, &ctx, &body.token, &body.new_password).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
