//! The worker's view of a webhook delivery (`api.md` §21.2): read it (the document decrypted;
//! 410 once purged), claim it, report its outcome.

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal_deliveries::{
    ClaimDeliveryRequest, ClaimedDelivery, DeliveryResult, InternalDelivery,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::webhooks::worker;

/// `GET /internal/v1/webhook-deliveries/{id}`.
pub(super) async fn get_delivery(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InternalDelivery>> {
    let ctx = state.use_case_context();
    let delivery = transaction::read(&state, async |tx| worker::read(tx, &ctx, *id).await).await?;
    Ok(web::Json(delivery))
}

/// `POST /internal/v1/webhook-deliveries/{id}/claim` → 200 `{attempt, delivery}`.
pub(super) async fn claim_delivery(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<ClaimDeliveryRequest>,
) -> ApiResult<web::Json<ClaimedDelivery>> {
    let ctx = state.use_case_context();
    let claimed = transaction::run(&state, async |tx| {
        worker::claim(tx, &ctx, *id, body.force).await
    })
    .await?;
    Ok(web::Json(claimed))
}

/// `POST /internal/v1/webhook-deliveries/{id}/result` → 204.
pub(super) async fn report_delivery(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<DeliveryResult>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        worker::report(tx, &ctx, *id, &body).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
