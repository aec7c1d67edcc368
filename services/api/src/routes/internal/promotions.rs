//! The worker's view of a campaign's VTEX promotions: the desired bodies, and the sync result.

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal_vtex::{DesiredPromotions, PromotionSyncResult};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::vtex_sync::{promotion_desired, promotion_result};

/// `GET /internal/v1/campaigns/{id}/promotions` (a read that may create promotion rows, hence a
/// read-write transaction).
pub(super) async fn get_promotions(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<DesiredPromotions>> {
    let ctx = state.use_case_context();
    let desired = transaction::run(&state, async |tx| {
        promotion_desired::desired_promotions(tx, &ctx, *id).await
    })
    .await?;
    Ok(web::Json(desired))
}

/// `POST /internal/v1/campaigns/{id}/promotions/sync-result` → 204.
pub(super) async fn report_sync_result(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<PromotionSyncResult>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let outcome = transaction::run(&state, async |tx| {
        promotion_result::record_promotion_result(tx, &ctx, *id, &body).await
    })
    .await?;
    tracing::debug!(campaign.id = %id, outcome = ?outcome, "promotion sync result recorded");
    Ok(HttpResponse::NoContent().finish())
}
