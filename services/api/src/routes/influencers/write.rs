//! Editing an influencer and changing its status.

use actix_web::{patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::influencers::{
    ChangeInfluencerStatusRequest, InfluencerResponse, UpdateInfluencerRequest,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::influencers::{bank_change, status, update};

/// Edits the fields the caller's role may change.
#[utoipa::path(tag = "influencers", request_body = UpdateInfluencerRequest, responses(
    (status = 200, body = InfluencerResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[patch("/influencers/{id}")]
pub(super) async fn update_influencer(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateInfluencerRequest>,
) -> ApiResult<web::Json<InfluencerResponse>> {
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        update::update(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(updated))
}

/// Approves, rejects, suspends or reactivates; every code of the influencer is re-synced.
#[utoipa::path(tag = "influencers", request_body = ChangeInfluencerStatusRequest, responses(
    (status = 200, body = InfluencerResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[patch("/influencers/{id}/status")]
pub(super) async fn change_influencer_status(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<ChangeInfluencerStatusRequest>,
) -> ApiResult<web::Json<InfluencerResponse>> {
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        status::change(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(updated))
}

/// Applies the staff bank account change waiting for dual control: admin dentsu or finance,
/// never the user who asked for it (`second_approver_required`).
#[utoipa::path(tag = "influencers", responses(
    (status = 200, body = InfluencerResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/influencers/{id}/bank-account-change/confirm")]
pub(super) async fn confirm_bank_account_change(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InfluencerResponse>> {
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        bank_change::confirm(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(updated))
}

/// Drops the staff bank account change waiting for dual control, unapplied.
#[utoipa::path(tag = "influencers", responses(
    (status = 200, body = InfluencerResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/influencers/{id}/bank-account-change/reject")]
pub(super) async fn reject_bank_account_change(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InfluencerResponse>> {
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        bank_change::reject(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(updated))
}
