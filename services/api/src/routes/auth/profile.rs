//! The caller's own profile.

use actix_web::{get, patch, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::auth::{Profile, UpdateProfileRequest};

use crate::error::ApiResult;
use crate::extract::{AnyTokenUser, CurrentUser};
use crate::state::AppState;
use crate::transaction;
use crate::usecases::auth::profile as usecase;

/// The signed-in user (also with the restricted enrolment token).
#[utoipa::path(tag = "auth", responses((status = 200, body = Profile), (status = 401, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/auth/profile")]
pub(super) async fn get_profile(
    state: web::Data<AppState>,
    user: AnyTokenUser,
) -> ApiResult<web::Json<Profile>> {
    let ctx = state.use_case_context();
    let profile =
        transaction::read(&state, async |tx| usecase::profile(tx, &ctx, &user.0).await).await?;
    Ok(web::Json(profile))
}

/// Changes names and locale.
#[utoipa::path(tag = "auth", request_body = UpdateProfileRequest, responses(
    (status = 200, body = Profile), (status = 401, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[patch("/auth/profile")]
pub(super) async fn update_profile(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<UpdateProfileRequest>,
) -> ApiResult<web::Json<Profile>> {
    let ctx = state.use_case_context();
    let request = body.into_inner();
    let profile = transaction::run(&state, async |tx| {
        usecase::update(tx, &ctx, &user, request).await
    })
    .await?;
    Ok(web::Json(profile))
}
