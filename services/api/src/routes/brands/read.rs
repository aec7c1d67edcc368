//! Reading brands and withdrawal policies.

use actix_web::{get, web};
use afiliados_api_types::brands::{
    BrandResponse, ListBrandsQuery, WithdrawalPolicyList, WithdrawalPolicyResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::brands::read;

/// Brands in the caller's scope (AM: its brands; IN: brands of its campaigns), by name.
#[utoipa::path(tag = "brands", params(ListBrandsQuery), responses(
    (status = 200, body = Page<BrandResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/brands")]
pub(super) async fn list_brands(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListBrandsQuery>,
) -> ApiResult<web::Json<Page<BrandResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One brand.
#[utoipa::path(tag = "brands", responses(
    (status = 200, body = BrandResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/brands/{id}")]
pub(super) async fn get_brand(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<BrandResponse>> {
    let ctx = state.use_case_context();
    let brand = transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(brand))
}

/// A brand's withdrawal policy.
#[utoipa::path(tag = "brands", responses(
    (status = 200, body = WithdrawalPolicyResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/brands/{id}/withdrawal-policy")]
pub(super) async fn get_withdrawal_policy(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<WithdrawalPolicyResponse>> {
    let ctx = state.use_case_context();
    let policy = transaction::read(&state, async |tx| {
        read::withdrawal_policy(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(policy))
}

/// The withdrawal policy of every brand in scope (unpaginated).
#[utoipa::path(tag = "brands", responses(
    (status = 200, body = WithdrawalPolicyList), (status = 403, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/policies")]
pub(super) async fn list_payment_policies(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<web::Json<WithdrawalPolicyList>> {
    let ctx = state.use_case_context();
    let items = transaction::read(&state, async |tx| {
        read::payment_policies(tx, &ctx, &user).await
    })
    .await?;
    Ok(web::Json(WithdrawalPolicyList { items }))
}
