//! `POST /internal/v1/orders/ingest`: the worker posts a normalised VTEX order; one transaction
//! applies it (`crate::usecases::orders::ingest`).

use actix_web::web;
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
