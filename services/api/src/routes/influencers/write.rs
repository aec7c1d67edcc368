//! Editing an influencer and changing its status.

use actix_web::{patch, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::influencers::{
    ChangeInfluencerStatusRequest, InfluencerResponse, UpdateInfluencerRequest,
};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::influencers::{status, update};

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
    let mut conn = state.conn().await?;
    let updated = conn
        .transaction(async |tx| update::update(tx, &state, &user, *id, &body).await)
        .await?;
    state.wake_relay();
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
    let mut conn = state.conn().await?;
    let updated = conn
        .transaction(async |tx| status::change(tx, &state, &user, *id, &body).await)
        .await?;
    state.wake_relay();
    Ok(web::Json(updated))
}
