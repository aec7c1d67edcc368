//! Creating and editing brands and their withdrawal policies.

use actix_web::{HttpResponse, patch, post, put, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::brands::{
    BrandResponse, CreateBrandRequest, UpdateBrandRequest, UpdateWithdrawalPolicyRequest,
    WithdrawalPolicyResponse,
};
use afiliados_domain::Role;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::brand_scope::resolve;
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
    user.require_any(&[Role::AdminDentsu])?;
    let valid = create::validate(&body)?;
    let mut conn = state.conn().await?;
    let created = conn
        .transaction(async |tx| create::create(tx, &state, &user, &body, &valid).await)
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
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &[Role::AdminDentsu], true, false).await?;
    let updated = conn
        .transaction(async |tx| update::update(tx, &state, &user, &scope, *id, &body).await)
        .await?;
    state.wake_relay();
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
    user.require_any(&[Role::AdminDentsu, Role::Finance])?;
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| policy::replace(tx, &state, &user, *id, &body).await)
        .await
        .map(web::Json)
}
