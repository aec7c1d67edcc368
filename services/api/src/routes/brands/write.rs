//! Creating and editing brands and their withdrawal policies.

use actix_web::{HttpResponse, patch, post, put, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::brands::{
    BrandResponse, CreateBrandRequest, UpdateBrandRequest, UpdateWithdrawalPolicyRequest,
    WithdrawalPolicyResponse,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::brands::{create, policy, update};

/// Creates a brand with its withdrawal policy and owners.
#[utoipa::path(tag = "brands", request_body = CreateBrandRequest, responses(
    (status = 201, body = BrandResponse), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/brands")]
pub(super) async fn create_brand(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateBrandRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let created = transaction::run(&state, async |tx| {
        create::create(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Edits a brand (admin_marca: only the description of its brand); deactivation pauses its
/// active campaigns.
#[utoipa::path(tag = "brands", request_body = UpdateBrandRequest, responses(
    (status = 200, body = BrandResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[patch("/brands/{id}")]
pub(super) async fn update_brand(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateBrandRequest>,
) -> ApiResult<web::Json<BrandResponse>> {
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        update::update(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(updated))
}

/// Replaces a brand's withdrawal policy.
#[utoipa::path(tag = "brands", request_body = UpdateWithdrawalPolicyRequest, responses(
    (status = 200, body = WithdrawalPolicyResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[put("/brands/{id}/withdrawal-policy")]
pub(super) async fn put_withdrawal_policy(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateWithdrawalPolicyRequest>,
) -> ApiResult<web::Json<WithdrawalPolicyResponse>> {
    let ctx = state.use_case_context();
    let policy = transaction::run(&state, async |tx| {
        policy::replace(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(policy))
}
