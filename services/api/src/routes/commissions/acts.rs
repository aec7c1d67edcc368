//! Staff acts on a commission: hold, release, revert (FI, AD).

use actix_web::{post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::commissions::{
    CommissionResponse, HoldCommissionRequest, ReleaseCommissionRequest, RevertCommissionRequest,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::commissions::{hold, revert};

/// Places a `fraud_review` or `manual` hold on an estimated commission.
#[utoipa::path(tag = "commissions", request_body = HoldCommissionRequest, responses(
    (status = 200, body = CommissionResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`commission_not_holdable`"), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/commissions/{id}/hold")]
pub(super) async fn hold_commission(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<HoldCommissionRequest>,
) -> ApiResult<web::Json<CommissionResponse>> {
    let ctx = state.use_case_context();
    let commission = transaction::run(&state, async |tx| {
        hold::hold(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(commission))
}

/// Releases a hold.
#[utoipa::path(tag = "commissions", request_body = ReleaseCommissionRequest, responses(
    (status = 200, body = CommissionResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`commission_not_on_hold`"), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/commissions/{id}/release")]
pub(super) async fn release_commission(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<ReleaseCommissionRequest>,
) -> ApiResult<web::Json<CommissionResponse>> {
    let ctx = state.use_case_context();
    let commission = transaction::run(&state, async |tx| {
        hold::release(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(commission))
}

/// Reverts the remaining net amount (a clawback when confirmed).
#[utoipa::path(tag = "commissions", request_body = RevertCommissionRequest, responses(
    (status = 200, body = CommissionResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`commission_already_reverted`"), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/commissions/{id}/revert")]
pub(super) async fn revert_commission(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<RevertCommissionRequest>,
) -> ApiResult<web::Json<CommissionResponse>> {
    let ctx = state.use_case_context();
    let commission = transaction::run(&state, async |tx| {
        revert::revert(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(commission))
}
