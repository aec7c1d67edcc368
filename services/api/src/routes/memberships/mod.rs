//! `POST` and `PATCH /influencers/{id}/campaigns/{campaignId}` (`api.md` §6): assigning an
//! influencer to a campaign and editing the membership.

use actix_web::{HttpResponse, patch, post, web};
use afiliados_api_types::campaigns::{
    AssignCampaignRequest, AssignCampaignResponse, MembershipResponse, UpdateMembershipRequest,
};
use afiliados_api_types::{ApiErrorBody, ApiErrorCode};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::memberships::{assign, update};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(assign_campaign).service(update_membership);
}

/// The body is optional: empty means every default.
fn parse_body(bytes: &[u8]) -> Result<AssignCampaignRequest, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(AssignCampaignRequest::default());
    }
    serde_json::from_slice(bytes).map_err(|error| {
        if error.is_data() {
            ApiError::field("body", "invalid_type")
        } else {
            ApiError::BadRequest(ApiErrorCode::InvalidJson, error.to_string())
        }
    })
}

/// Assigns the influencer to the campaign (201 with its first code; 200 when it was already a
/// member, re-activated if inactive).
#[utoipa::path(tag = "memberships", request_body = AssignCampaignRequest, responses(
    (status = 201, body = AssignCampaignResponse), (status = 200, body = AssignCampaignResponse),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/influencers/{id}/campaigns/{campaign_id}")]
async fn assign_campaign(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let (influencer_id, campaign_id) = path.into_inner();
    let request = parse_body(&body)?;
    let ctx = state.use_case_context();
    let assigned = transaction::run(&state, async |tx| {
        assign::assign_campaign(tx, &ctx, &user, influencer_id, campaign_id, &request).await
    })
    .await?;
    Ok(if assigned.created {
        HttpResponse::Created().json(assigned.body)
    } else {
        HttpResponse::Ok().json(assigned.body)
    })
}

/// Changes the membership's status or notes; a status change re-derives its codes.
#[utoipa::path(tag = "memberships", request_body = UpdateMembershipRequest, responses(
    (status = 200, body = MembershipResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[patch("/influencers/{id}/campaigns/{campaign_id}")]
async fn update_membership(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<UpdateMembershipRequest>,
) -> ApiResult<web::Json<MembershipResponse>> {
    let (influencer_id, campaign_id) = path.into_inner();
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        update::update(tx, &ctx, &user, influencer_id, campaign_id, &body).await
    })
    .await?;
    Ok(web::Json(updated))
}
