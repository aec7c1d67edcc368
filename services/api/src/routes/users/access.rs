//! Invitation, unlock, 2FA reset and session revocation.

use actix_web::{HttpResponse, post, web};
use afiliados_api_types::ApiErrorBody;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::users::access::{AccessAct, perform};

async fn act(state: &AppState, user: &CurrentUser, id: Uuid, act: AccessAct) -> ApiResult<()> {
    let ctx = state.use_case_context();
    transaction::run(state, async |tx| perform(tx, &ctx, user, id, act).await).await
}

/// Sends a new invitation (the previous link stops working).
#[utoipa::path(tag = "users", responses((status = 202), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/users/{id}/resend-invitation")]
pub(super) async fn resend_invitation(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    act(&state, &user, *id, AccessAct::ResendInvitation).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Clears a lockout.
#[utoipa::path(tag = "users", responses((status = 204), (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/users/{id}/unlock")]
pub(super) async fn unlock_user(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    act(&state, &user, *id, AccessAct::Unlock).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes the user's 2FA; it enrols again at next sign-in when mandatory.
#[utoipa::path(tag = "users", responses((status = 204), (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/users/{id}/2fa/disable")]
pub(super) async fn disable_user_two_factor(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    act(&state, &user, *id, AccessAct::DisableTwoFactor).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Revokes every session of the user.
#[utoipa::path(tag = "users", responses((status = 204), (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/users/{id}/sessions/revoke")]
pub(super) async fn revoke_user_sessions(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    act(&state, &user, *id, AccessAct::RevokeSessions).await?;
    Ok(HttpResponse::NoContent().finish())
}
