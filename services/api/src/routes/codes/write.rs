//! Creating and editing codes and forcing their VTEX sync.

use actix_web::{HttpResponse, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::codes::{CreateCodeRequest, DiscountCodeResponse, UpdateCodeRequest};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::STAFF;
use crate::error::{ApiError, ApiResult};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::brand_scope::resolve;
use crate::usecases::codes::create::{CodeInput, Target, check_open, create, validate};
use crate::usecases::codes::representation::code_response;
use crate::usecases::codes::{sync, update};
use crate::usecases::memberships::assign::ensure;

/// Creates a code (generated `PREFIX-HANDLESUFFIX` or custom); the membership is created first
/// when missing.
#[utoipa::path(tag = "codes", request_body = CreateCodeRequest, responses(
    (status = 201, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/codes")]
pub(super) async fn create_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateCodeRequest>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &STAFF, true, false).await?;
    let input = CodeInput {
        custom: body.code.clone(),
        discount_percent: body.discount_percent,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        max_uses: body.max_uses,
        max_uses_per_customer: body.max_uses_per_customer,
        additional: body.additional,
    };
    let created = conn
        .transaction(async |tx| {
            let campaign = crate::usecases::campaigns::visible(
                tx,
                state.tenant_id,
                &scope,
                body.campaign_id,
                true,
            )
            .await?;
            let influencer =
                afiliados_db::influencers::find(tx, state.tenant_id, body.influencer_id)
                    .await?
                    .ok_or(ApiError::NotFound)?;
            let brand = afiliados_db::brands::find(tx, state.tenant_id, campaign.brand_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let conditions = validate(&campaign, &input)?;
            check_open(&campaign, &brand)?;
            ensure(tx, &state, &user, &campaign, &influencer, None).await?;
            let target = Target {
                campaign: &campaign,
                brand: &brand,
                influencer: &influencer,
            };
            let row = create(tx, &state, &user, target, &input, &conditions).await?;
            Ok::<_, ApiError>(code_response(tx, state.tenant_id, row.id).await?)
        })
        .await?;
    state.wake_relay();
    Ok(HttpResponse::Created().json(created))
}

/// Edits a code's conditions or its switch (the code string never changes).
#[utoipa::path(tag = "codes", request_body = UpdateCodeRequest, responses(
    (status = 200, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[patch("/codes/{id}")]
pub(super) async fn update_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateCodeRequest>,
) -> ApiResult<web::Json<DiscountCodeResponse>> {
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &STAFF, true, false).await?;
    let updated = conn
        .transaction(async |tx| update::update(tx, &state, &user, &scope, *id, &body).await)
        .await?;
    state.wake_relay();
    Ok(web::Json(updated))
}

async fn request_sync(state: &AppState, user: &CurrentUser, id: Uuid) -> ApiResult<HttpResponse> {
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, user, &STAFF, true, false).await?;
    let code = conn
        .transaction(async |tx| sync::request_sync(tx, state, user, &scope, id).await)
        .await?;
    state.wake_relay();
    Ok(HttpResponse::Accepted().json(code))
}

/// Queues a new VTEX coupon sync of the code's current desired state.
#[utoipa::path(tag = "codes", responses(
    (status = 202, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/codes/{id}/sync")]
pub(super) async fn sync_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    request_sync(&state, &user, *id).await
}

/// Same as `POST /codes/{id}/sync` (the runbook's path).
#[utoipa::path(tag = "codes", responses(
    (status = 202, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/vtex/codes/{id}/sync")]
pub(super) async fn sync_vtex_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    request_sync(&state, &user, *id).await
}
