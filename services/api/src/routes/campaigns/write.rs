//! Creating, editing (including transitions) and deleting campaigns.

use actix_web::{HttpResponse, delete, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::campaigns::{
    CampaignResponse, CreateCampaignRequest, UpdateCampaignRequest,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::campaigns::{create, delete, update};

/// Creates a campaign (`draft` by default, or `active`).
#[utoipa::path(tag = "campaigns", request_body = CreateCampaignRequest, responses(
    (status = 201, body = CampaignResponse), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/campaigns")]
pub(super) async fn create_campaign(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateCampaignRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let created = transaction::run(&state, async |tx| {
        create::create(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Edits a campaign; `status` moves it through the state machine.
#[utoipa::path(tag = "campaigns", request_body = UpdateCampaignRequest, responses(
    (status = 200, body = CampaignResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[patch("/campaigns/{id}")]
pub(super) async fn update_campaign(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateCampaignRequest>,
) -> ApiResult<web::Json<CampaignResponse>> {
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        update::update(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(updated))
}

/// Deletes a draft campaign whose codes were never used.
#[utoipa::path(tag = "campaigns", responses(
    (status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[delete("/campaigns/{id}")]
pub(super) async fn delete_campaign(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        delete::delete(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
