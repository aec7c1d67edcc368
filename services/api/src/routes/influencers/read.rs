//! Listing influencers, one record, and its status trail.

use actix_web::{get, web};
use afiliados_api_types::influencers::{
    InfluencerResponse, InfluencerStatusHistory, InfluencerSummary, ListInfluencersQuery,
};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::influencers::{list, read};

/// Influencers in the caller's scope (admin_marca: members of its brands' campaigns).
#[utoipa::path(tag = "influencers", params(ListInfluencersQuery), responses(
    (status = 200, body = Page<InfluencerSummary>), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/influencers")]
pub(super) async fn list_influencers(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListInfluencersQuery>,
) -> ApiResult<web::Json<Page<InfluencerSummary>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| list::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One influencer, reduced for admin_marca and finance.
#[utoipa::path(tag = "influencers", responses(
    (status = 200, body = InfluencerResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/influencers/{id}")]
pub(super) async fn get_influencer(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InfluencerResponse>> {
    let ctx = state.use_case_context();
    let found = transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(found))
}

/// Status transitions, oldest first.
#[utoipa::path(tag = "influencers", responses(
    (status = 200, body = InfluencerStatusHistory), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/influencers/{id}/status-history")]
pub(super) async fn get_status_history(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InfluencerStatusHistory>> {
    let ctx = state.use_case_context();
    let history = transaction::read(&state, async |tx| {
        read::status_history(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(history))
}
