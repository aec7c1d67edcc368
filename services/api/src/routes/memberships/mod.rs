//! `POST` and `PATCH /influencers/{id}/campaigns/{campaignId}` (`api.md` §6): assigning an
//! influencer to a campaign and editing the membership.

use actix_web::{HttpResponse, patch, post, web};
use afiliados_api_types::campaigns::{
    AssignCampaignRequest, AssignCampaignResponse, MembershipResponse, UpdateMembershipRequest,
};
use afiliados_api_types::{ApiErrorBody, ApiErrorCode};
use afiliados_domain::Role;
use diesel_async::AsyncConnection;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::brand_scope::resolve;
use crate::usecases::campaigns::visible;
use crate::usecases::memberships::{assign, update};

const STAFF: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];

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
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &STAFF, true, false).await?;
    let request = parse_body(&body)?;
    let assigned = conn
        .transaction(async |tx| {
            let campaign = visible(tx, state.tenant_id, &scope, campaign_id, true).await?;
            let influencer = afiliados_db::influencers::find(tx, state.tenant_id, influencer_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let brand = afiliados_db::brands::find(tx, state.tenant_id, campaign.brand_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            assign::assign(tx, &state, &user, &campaign, &brand, &influencer, &request).await
        })
        .await?;
    state.wake_relay();
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
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &STAFF, true, false).await?;
    let updated = conn
        .transaction(async |tx| {
            let campaign = visible(tx, state.tenant_id, &scope, campaign_id, true).await?;
            update::update(tx, &state, &user, &campaign, influencer_id, &body).await
        })
        .await?;
    state.wake_relay();
    Ok(web::Json(updated))
}
