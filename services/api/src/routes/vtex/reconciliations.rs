//! Reconciliation runs for staff (`api.md` §19): record one done elsewhere, start one now, list
//! and read runs, download a run's reports.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::reconciliation::{ReconciliationReport, ReconciliationRunResponse};
use afiliados_api_types::reconciliation_requests::{
    ListReconciliationsQuery, RecordReconciliationRequest, ReportQuery, RunReconciliationRequest,
};
use afiliados_api_types::{ApiErrorBody, Page};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::exports::HeaderLanguage;
use crate::usecases::reconciliation::report::{self, Format, ReportFile};
use crate::usecases::reconciliation::{list, record, run_adhoc};

/// Records a reconciliation done elsewhere (`source = manual_record`).
#[utoipa::path(tag = "vtex", request_body = RecordReconciliationRequest, responses(
    (status = 201, body = ReconciliationRunResponse), (status = 400, body = ApiErrorBody),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/vtex/reconciliations")]
pub(super) async fn record_reconciliation(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<RecordReconciliationRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let run = transaction::run(&state, async |tx| {
        record::record(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(run))
}

/// Starts a run now for one business date (default yesterday) or a range (≤ 31 days); poll the
/// run for its outcome.
#[utoipa::path(tag = "vtex", request_body = RunReconciliationRequest, responses(
    (status = 202, body = ReconciliationRunResponse), (status = 400, body = ApiErrorBody),
    (status = 403, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`reconciliation_in_progress`"),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/vtex/reconciliations/run")]
pub(super) async fn run_reconciliation(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<RunReconciliationRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let run = transaction::run(&state, async |tx| {
        run_adhoc::run_adhoc(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Accepted().json(run))
}

/// Runs, newest first.
#[utoipa::path(tag = "vtex", params(ListReconciliationsQuery), responses(
    (status = 200, body = Page<ReconciliationRunResponse>), (status = 400, body = ApiErrorBody),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/vtex/reconciliations")]
pub(super) async fn list_reconciliations(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListReconciliationsQuery>,
) -> ApiResult<web::Json<Page<ReconciliationRunResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| list::runs(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One run.
#[utoipa::path(tag = "vtex", responses(
    (status = 200, body = ReconciliationRunResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/vtex/reconciliations/{id}")]
pub(super) async fn get_reconciliation(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ReconciliationRunResponse>> {
    let ctx = state.use_case_context();
    let run = transaction::read(&state, async |tx| list::run(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(run))
}

fn send(file: ReportFile, attachment: bool) -> HttpResponse {
    let digest = format!("{:x}", Sha256::digest(&file.body));
    let mut response = HttpResponse::Ok();
    response
        .content_type(file.content_type)
        .insert_header(("X-Content-SHA256", digest));
    if attachment {
        response.insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", file.filename),
        ));
    }
    response.body(file.body)
}

/// The run's report as JSON (live; `?snapshot=true` the document stored at finish); audited.
#[utoipa::path(tag = "vtex", params(ReportQuery), responses(
    (status = 200, body = ReconciliationReport, description = "With `X-Content-SHA256`"),
    (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody, description = "No such run, or no snapshot (still running)")),
    security(("bearer" = [])))]
#[get("/vtex/reconciliations/{id}/report.json")]
pub(super) async fn report_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    query: web::Query<ReportQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let snapshot = query.snapshot.unwrap_or(false);
    let file = transaction::run(&state, async |tx| {
        report::download(
            tx,
            &ctx,
            &user,
            *id,
            Format::Json,
            snapshot,
            HeaderLanguage::Spanish,
        )
        .await
    })
    .await?;
    Ok(send(file, false))
}

/// The run's report as CSV (`domain.md` §5.16.3 columns; Spanish headers unless `locale=en`);
/// audited.
#[utoipa::path(tag = "vtex", params(ReportQuery, ExportLocaleQuery), responses(
    (status = 200, description = "The CSV report, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody, description = "No such run, or no snapshot (still running)")),
    security(("bearer" = [])))]
#[get("/vtex/reconciliations/{id}/report.csv")]
pub(super) async fn report_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    query: web::Query<ReportQuery>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let snapshot = query.snapshot.unwrap_or(false);
    let language = HeaderLanguage::of(&locale);
    let file = transaction::run(&state, async |tx| {
        report::download(tx, &ctx, &user, *id, Format::Csv, snapshot, language).await
    })
    .await?;
    Ok(send(file, true))
}
