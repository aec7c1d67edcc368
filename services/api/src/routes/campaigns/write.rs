//! Creating, editing (including transitions) and deleting campaigns.

use actix_web::{HttpResponse, delete, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::campaigns::{
    CampaignResponse, CreateCampaignRequest, UpdateCampaignRequest,
};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::WRITERS;
use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::brand_scope::resolve;
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
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &WRITERS, true, false).await?;
    let (draft, status) = create::validate(&body)?;
    let created = conn
        .transaction(async |tx| {
            create::create(tx, &state, &user, &scope, &body, &draft, status).await
        })
        .await?;
    state.wake_relay();
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
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &WRITERS, true, false).await?;
    let updated = conn
        .transaction(async |tx| update::update(tx, &state, &user, &scope, *id, &body).await)
        .await?;
    state.wake_relay();
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
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &WRITERS, true, false).await?;
    conn.transaction(async |tx| delete::delete(tx, &state, &user, &scope, *id).await)
        .await?;
    state.wake_relay();
    Ok(HttpResponse::NoContent().finish())
}
