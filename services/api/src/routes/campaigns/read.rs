//! Reading campaigns, their members and their status history.

use actix_web::{get, web};
use afiliados_api_types::campaigns::CampaignStatusHistory;
use afiliados_api_types::campaigns::{
    CampaignResponse, ListCampaignsQuery, ListMembershipsQuery, MembershipResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::campaigns::read;

/// Campaigns in scope (AM: its brands; IN: those it is a member of, reduced).
#[utoipa::path(tag = "campaigns", params(ListCampaignsQuery), responses(
    (status = 200, body = Page<CampaignResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/campaigns")]
pub(super) async fn list_campaigns(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListCampaignsQuery>,
) -> ApiResult<web::Json<Page<CampaignResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One campaign.
#[utoipa::path(tag = "campaigns", responses(
    (status = 200, body = CampaignResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/campaigns/{id}")]
pub(super) async fn get_campaign(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CampaignResponse>> {
    let ctx = state.use_case_context();
    let campaign =
        transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(campaign))
}

/// Members of a campaign.
#[utoipa::path(tag = "campaigns", params(ListMembershipsQuery), responses(
    (status = 200, body = Page<MembershipResponse>), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/campaigns/{id}/influencers")]
pub(super) async fn list_campaign_influencers(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    query: web::Query<ListMembershipsQuery>,
) -> ApiResult<web::Json<Page<MembershipResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        read::members(tx, &ctx, &user, *id, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// The campaign's transitions, oldest first.
#[utoipa::path(tag = "campaigns", responses(
    (status = 200, body = CampaignStatusHistory), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/campaigns/{id}/status-history")]
pub(super) async fn get_campaign_status_history(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CampaignStatusHistory>> {
    let ctx = state.use_case_context();
    let history = transaction::read(&state, async |tx| {
        read::status_history(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(history))
}
