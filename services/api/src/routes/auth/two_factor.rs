//! `/auth/2fa/*`.

use actix_web::{HttpResponse, delete, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::auth::{
    DisableTwoFactorRequest, EnrollTwoFactorResponse, RecoveryCodesResponse, TwoFactorCodeRequest,
};

use crate::error::ApiResult;
use crate::extract::AnyTokenUser;
use crate::state::AppState;
use crate::usecases::auth::two_factor as usecase;

/// Starts enrolment: a new secret and its otpauth URI.
#[utoipa::path(tag = "auth", responses(
    (status = 200, body = EnrollTwoFactorResponse), (status = 401, body = ApiErrorBody), (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/auth/2fa/enroll")]
pub(super) async fn enroll_two_factor(
    state: web::Data<AppState>,
    user: AnyTokenUser,
) -> ApiResult<web::Json<EnrollTwoFactorResponse>> {
    usecase::enroll(&state, &user.0).await.map(web::Json)
}

/// Confirms enrolment; answers the recovery codes once.
#[utoipa::path(tag = "auth", request_body = TwoFactorCodeRequest, responses(
    (status = 200, body = RecoveryCodesResponse), (status = 401, body = ApiErrorBody), (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/auth/2fa/confirm")]
pub(super) async fn confirm_two_factor(
    state: web::Data<AppState>,
    user: AnyTokenUser,
    body: web::Json<TwoFactorCodeRequest>,
) -> ApiResult<web::Json<RecoveryCodesResponse>> {
    usecase::confirm(&state, &user.0, &body.code)
        .await
        .map(web::Json)
}

/// Replaces the recovery codes.
#[utoipa::path(tag = "auth", request_body = TwoFactorCodeRequest, responses(
    (status = 200, body = RecoveryCodesResponse), (status = 401, body = ApiErrorBody), (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/auth/2fa/recovery-codes")]
pub(super) async fn regenerate_recovery_codes(
    state: web::Data<AppState>,
    user: AnyTokenUser,
    body: web::Json<TwoFactorCodeRequest>,
) -> ApiResult<web::Json<RecoveryCodesResponse>> {
    usecase::regenerate_recovery_codes(&state, &user.0, &body.code)
        .await
        .map(web::Json)
}

/// Disables 2FA (refused where it is mandatory).
#[utoipa::path(tag = "auth", request_body = DisableTwoFactorRequest, responses(
    (status = 204), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[delete("/auth/2fa")]
pub(super) async fn disable_two_factor(
    state: web::Data<AppState>,
    user: AnyTokenUser,
    body: web::Json<DisableTwoFactorRequest>,
) -> ApiResult<HttpResponse> {
    usecase::disable(&state, &user.0, &body.password, &body.code).await?;
    Ok(HttpResponse::NoContent().finish())
}
