//! The worker's view of a code's VTEX coupon: the desired state, and the sync result.

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal_vtex::{CouponSyncResult, DesiredCoupon};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::vtex_sync::{coupon_desired, coupon_result};

/// `GET /internal/v1/codes/{id}/coupon`: always the current desired state (a read that may
/// create the code's promotion row, hence a read-write transaction).
pub(super) async fn get_coupon(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<DesiredCoupon>> {
    let ctx = state.use_case_context();
    let desired = transaction::run(&state, async |tx| {
        coupon_desired::desired_coupon(tx, &ctx, *id).await
    })
    .await?;
    Ok(web::Json(desired))
}

/// `POST /internal/v1/codes/{id}/sync-result` → 204.
pub(super) async fn report_sync_result(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<CouponSyncResult>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let outcome = transaction::run(&state, async |tx| {
        coupon_result::record_coupon_result(tx, &ctx, *id, &body).await
    })
    .await?;
    tracing::debug!(code.id = %id, outcome = ?outcome, "coupon sync result recorded");
    Ok(HttpResponse::NoContent().finish())
}
