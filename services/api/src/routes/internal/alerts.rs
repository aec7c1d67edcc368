//! `/internal/v1/alerts*` and `/internal/v1/retention/run` (`api.md` §21.6): the worker's
//! operational checks tick, the alerts it detects itself, and the data retention tick.

use actix_web::{HttpResponse, web};
use afiliados_api_types::alerts::{
    AlertResponse, EvaluateAlertsRequest, EvaluateAlertsResponse, RaiseAlertRequest,
    RetentionRunRequest, RetentionRunResponse,
};

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::alerts::pending::alert_response;
use crate::usecases::alerts::{evaluate, raise, retention};

/// → 200 `{raised}`: every condition that holds now, raised (one open alert per condition).
pub(super) async fn evaluate_alerts(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<EvaluateAlertsRequest>,
) -> ApiResult<web::Json<EvaluateAlertsResponse>> {
    let ctx = state.use_case_context();
    let rows = transaction::run(&state, async |tx| {
        evaluate::evaluate(tx, &ctx, &body.queues).await
    })
    .await?;
    tracing::info!(alerts.raised = rows.len(), "operational checks done");
    Ok(web::Json(EvaluateAlertsResponse {
        raised: rows.into_iter().map(alert_response).collect(),
    }))
}

/// → 201 Alert: an alert the worker detected (job at its attempt cap, VTEX credentials refused,
/// backup failed).
pub(super) async fn raise_alert(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<RaiseAlertRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let request = body.into_inner();
    let row = transaction::run(&state, async |tx| {
        raise::reported(tx, &ctx, request.clone()).await
    })
    .await?;
    let alert: AlertResponse = alert_response(row);
    Ok(HttpResponse::Created().json(alert))
}

/// → 200 `{payloadsPurged, documentsPurged}`. Payloads in one statement; documents in batches,
/// each its own transaction (object deletes are slow).
pub(super) async fn run_retention(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<RetentionRunRequest>,
) -> ApiResult<web::Json<RetentionRunResponse>> {
    let ctx = state.use_case_context();
    let now = body.now;
    let payloads_purged = transaction::run(&state, async |tx| {
        retention::purge_payloads(tx, &ctx, now).await
    })
    .await?;
    let mut documents_purged = 0;
    loop {
        let (purged, more) = transaction::run(&state, async |tx| {
            retention::purge_deleted_documents(tx, &ctx, now).await
        })
        .await?;
        documents_purged += purged;
        if !more {
            break;
        }
    }
    tracing::info!(
        retention.payloads_purged = payloads_purged,
        retention.documents_purged = documents_purged,
        "data retention done"
    );
    Ok(web::Json(RetentionRunResponse {
        payloads_purged,
        documents_purged,
    }))
}
