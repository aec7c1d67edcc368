//! `/internal/v1/reconciliations` (`api.md` §21.5): the worker's side of a reconciliation run —
//! start a scheduled run, read what to list, hand over the VTEX summaries in chunks, compare,
//! deep-check, finish or fail. The rules live in `usecases::reconciliation`; these handlers
//! extract, run the use case in a transaction and answer.

use actix_web::{HttpResponse, web};
use afiliados_api_types::reconciliation::{
    CompareRequest, CompareResponse, DeepCheckRequest, FailReconciliation, ReconciliationJobView,
    ReconciliationRunResponse, ScheduledReconciliationStarted, StartScheduledReconciliation,
    VtexOrdersChunk,
};
use afiliados_domain::ids::ReconciliationRunId;
use afiliados_domain::{FieldCode, ReconciliationSource, ReconciliationStatus};
use uuid::Uuid;

use crate::audit::AuditActor;
use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::UseCaseError;
use crate::usecases::reconciliation::start::{RunWindow, StartRun, start_run};
use crate::usecases::reconciliation::{compare, deep_check, finish, representation, stage};

/// Who the worker's runs are triggered by.
const SCHEDULED_TRIGGER: &str = "system:reconciliation";

/// `POST /internal/v1/reconciliations` → 201 `{runId, rangeFrom, rangeTo}`; 409
/// `reconciliation_in_progress` while a run of the same range is running.
pub(super) async fn start_scheduled(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<StartScheduledReconciliation>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let window = match (body.range_from, body.range_to, body.business_date) {
        (Some(from), Some(to), _) => RunWindow::Range { from, to },
        (None, None, Some(date)) => RunWindow::BusinessDate(date),
        (None, None, None) => RunWindow::Before(body.scheduled_at),
        (None, Some(_), _) => {
            return Err(UseCaseError::invalid("rangeFrom", FieldCode::Required).into());
        }
        (Some(_), None, _) => {
            return Err(UseCaseError::invalid("rangeTo", FieldCode::Required).into());
        }
    };
    if body.source != ReconciliationSource::Scheduled {
        return Err(UseCaseError::invalid("source", FieldCode::InvalidEnum).into());
    }
    let input = StartRun {
        run_type: body.run_type,
        source: ReconciliationSource::Scheduled,
        window,
        triggered_by: SCHEDULED_TRIGGER,
        actor: AuditActor::Service,
    };
    let run = transaction::run(&state, async |tx| start_run(tx, &ctx, &input).await).await?;
    tracing::info!(
        reconciliation.run_id = %run.id,
        reconciliation.run_type = %run.run_type,
        reconciliation.scheduled_at = %body.scheduled_at,
        "scheduled reconciliation started"
    );
    Ok(
        HttpResponse::Created().json(ScheduledReconciliationStarted {
            run_id: ReconciliationRunId::from(run.id),
            range_from: run.range_from,
            range_to: run.range_to,
        }),
    )
}

/// `GET /internal/v1/reconciliations/{id}` → what the worker lists.
pub(super) async fn get_run(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ReconciliationJobView>> {
    let ctx = state.use_case_context();
    let run = transaction::read(&state, async |tx| {
        afiliados_db::reconciliation_runs::find(tx, ctx.tenant_id, *id)
            .await?
            .ok_or(UseCaseError::NotFound)
    })
    .await?;
    Ok(web::Json(ReconciliationJobView {
        id: ReconciliationRunId::from(run.id),
        status: ReconciliationStatus::parse(&run.status)
            .ok_or_else(|| UseCaseError::internal("stored run status unknown"))?,
        range_from: run.range_from,
        range_to: run.range_to,
        page_size: ctx.settings.reconciliation.page_size,
        tolerance_percent: afiliados_domain::Percent::from_decimal(run.tolerance_percent)
            .map_err(|_| UseCaseError::internal("stored tolerance out of range"))?,
    }))
}

/// `POST /internal/v1/reconciliations/{id}/vtex-orders` → 204; a repeated chunk replaces the
/// earlier one.
pub(super) async fn stage_vtex_orders(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<VtexOrdersChunk>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| stage::stage(tx, &ctx, *id, &body).await).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /internal/v1/reconciliations/{id}/compare` → the deep-check list and the counts.
pub(super) async fn compare_run(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<CompareRequest>,
) -> ApiResult<web::Json<CompareResponse>> {
    let ctx = state.use_case_context();
    let response = transaction::run(&state, async |tx| {
        compare::compare(tx, &ctx, *id, &body).await
    })
    .await?;
    tracing::info!(
        reconciliation.run_id = %id,
        reconciliation.a = response.counts.a,
        reconciliation.b = response.counts.b,
        reconciliation.c = response.counts.c,
        reconciliation.e = response.counts.e,
        reconciliation.deep_check = response.deep_check_order_ids.len(),
        "reconciliation compared"
    );
    Ok(web::Json(response))
}

/// `POST /internal/v1/reconciliations/{id}/deep-check` → 204.
pub(super) async fn deep_check_run(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<DeepCheckRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        deep_check::deep_check(tx, &ctx, *id, &body).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /internal/v1/reconciliations/{id}/finish` → the finished run.
pub(super) async fn finish_run(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ReconciliationRunResponse>> {
    let ctx = state.use_case_context();
    let run = transaction::run(&state, async |tx| {
        let run = finish::finish(tx, &ctx, *id).await?;
        representation::run(&run)
    })
    .await?;
    Ok(web::Json(run))
}

/// `POST /internal/v1/reconciliations/{id}/fail` → the failed run.
pub(super) async fn fail_run(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<FailReconciliation>,
) -> ApiResult<web::Json<ReconciliationRunResponse>> {
    let ctx = state.use_case_context();
    let run = transaction::run(&state, async |tx| {
        let run = finish::fail(tx, &ctx, *id, &body.error, body.pages_fetched).await?;
        representation::run(&run)
    })
    .await?;
    Ok(web::Json(run))
}
