//! `POST /internal/v1/orders/ingest`: the worker posts a normalised VTEX order; one transaction
//! applies it (`crate::usecases::orders::ingest`). `POST /internal/v1/orders/not-found`: VTEX
//! does not know an order the worker fetched.

use actix_web::web;
use afiliados_api_types::internal_deliveries::OrderNotFound;
use afiliados_api_types::orders::{IngestOrderRequest, IngestOrderResponse};

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::orders::ingest::ingest;

/// → 200 with the outcome; 422 when the normalised order breaks its schema.
pub(super) async fn ingest_order(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<IngestOrderRequest>,
) -> ApiResult<web::Json<IngestOrderResponse>> {
    let ctx = state.use_case_context();
    let response = transaction::run(&state, async |tx| ingest(tx, &ctx, &body).await).await?;
    Ok(web::Json(response))
}

/// `POST /internal/v1/orders/not-found` → 204: the delivery that named the order fails for good.
pub(super) async fn order_not_found(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<OrderNotFound>,
) -> ApiResult<actix_web::HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        crate::usecases::webhooks::worker::order_not_found(tx, &ctx, &body).await
    })
    .await?;
    Ok(actix_web::HttpResponse::NoContent().finish())
}
