//! `/auth/2fa/*`.

use actix_web::{HttpResponse, delete, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::auth::{
    DisableTwoFactorRequest, EnrollTwoFactorResponse, RecoveryCodesResponse, TwoFactorCodeRequest,
};

use crate::error::ApiResult;
use crate::extract::AnyTokenUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::auth::two_factor as usecase;

/// Starts enrolment: a new secret and its otpauth URI.
#[utoipa::path(tag = "auth", responses(
    (status = 200, body = EnrollTwoFactorResponse), (status = 401, body = ApiErrorBody), (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/auth/2fa/enroll")]
pub(super) async fn enroll_two_factor(
    state: web::Data<AppState>,
    user: AnyTokenUser,
) -> ApiResult<web::Json<EnrollTwoFactorResponse>> {
    let ctx = state.use_case_context();
    let enrolment =
        transaction::run(&state, async |tx| usecase::enroll(tx, &ctx, &user.0).await).await?;
    Ok(web::Json(enrolment))
}

/// Confirms enrolment; answers the recovery codes once.
#[utoipa::path(tag = "auth", request_body = TwoFactorCodeRequest, responses(
    (status = 200, body = RecoveryCodesResponse), (status = 401, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 423, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/auth/2fa/confirm")]
pub(super) async fn confirm_two_factor(
    state: web::Data<AppState>,
    user: AnyTokenUser,
    body: web::Json<TwoFactorCodeRequest>,
) -> ApiResult<web::Json<RecoveryCodesResponse>> {
    let ctx = state.use_case_context();
    // A wrong code's lockout count commits before the refusal is answered.
    let outcome = transaction::run(&state, async |tx| {
        usecase::confirm(tx, &ctx, &user.0, &body.code).await
    })
    .await?;
    Ok(web::Json(outcome.into_result()?))
}

/// Replaces the recovery codes.
#[utoipa::path(tag = "auth", request_body = TwoFactorCodeRequest, responses(
    (status = 200, body = RecoveryCodesResponse), (status = 401, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 423, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/auth/2fa/recovery-codes")]
pub(super) async fn regenerate_recovery_codes(
    state: web::Data<AppState>,
    user: AnyTokenUser,
    body: web::Json<TwoFactorCodeRequest>,
) -> ApiResult<web::Json<RecoveryCodesResponse>> {
    let ctx = state.use_case_context();
    // A wrong code's lockout count commits before the refusal is answered.
    let outcome = transaction::run(&state, async |tx| {
        usecase::regenerate_recovery_codes(tx, &ctx, &user.0, &body.code).await
    })
    .await?;
    Ok(web::Json(outcome.into_result()?))
}

/// Disables 2FA (refused where it is mandatory).
#[utoipa::path(tag = "auth", request_body = DisableTwoFactorRequest, responses(
    (status = 204), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 423, body = ApiErrorBody)), security(("bearer" = [])))]
#[delete("/auth/2fa")]
pub(super) async fn disable_two_factor(
    state: web::Data<AppState>,
    user: AnyTokenUser,
    body: web::Json<DisableTwoFactorRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    // A wrong code's lockout count commits before the refusal is answered.
    transaction::run(&state, async |tx| {
        usecase::disable(tx, &ctx, &user.0, &body.password, &body.code).await
    })
    .await?
    .into_result()?;
    Ok(HttpResponse::NoContent().finish())
}
