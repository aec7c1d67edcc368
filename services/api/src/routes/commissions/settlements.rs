//! Settlement runs: run one now (FI, AD), list and read the stored runs, download a run's CSV.

use std::time::Instant;

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::settlements::{
    ListSettlementsQuery, RunSettlementRequest, SettlementRunResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::settlement::run::{RunInput, Trigger, run};
use crate::usecases::settlement::{csv, read};

/// Runs settlement now (`source = manual`); a dry run stores the report and changes nothing.
#[utoipa::path(tag = "commissions", request_body = RunSettlementRequest, responses(
    (status = 200, body = SettlementRunResponse), (status = 400, body = ApiErrorBody),
    (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody, description = "`settlement_in_progress`"),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/commissions/settlements/run")]
pub(super) async fn run_settlement(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<RunSettlementRequest>,
) -> ApiResult<web::Json<SettlementRunResponse>> {
    let ctx = state.use_case_context();
    let input = RunInput {
        waiting_period_days: body.waiting_period_days,
        evaluation_date: body.evaluation_date.clone(),
        dry_run: body.dry_run,
    };
    let started = Instant::now();
    let outcome = transaction::run(&state, async |tx| {
        run(tx, &ctx, Trigger::User(&user), &input).await
    })
    .await?;
    crate::metrics::settlement_run(&outcome.run, started.elapsed());
    Ok(web::Json(outcome.run))
}

/// Stored runs, newest first, without their item lists.
#[utoipa::path(tag = "commissions", params(ListSettlementsQuery), responses(
    (status = 200, body = Page<SettlementRunResponse>), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/settlements")]
pub(super) async fn list_settlements(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListSettlementsQuery>,
) -> ApiResult<web::Json<Page<SettlementRunResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One run with its lists (≤ 1 000 items each; the CSV has every item).
#[utoipa::path(tag = "commissions", responses(
    (status = 200, body = SettlementRunResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/settlements/{id}")]
pub(super) async fn get_settlement(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<SettlementRunResponse>> {
    let ctx = state.use_case_context();
    let run = transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(run))
}

/// Every item of the run as CSV (audited `export.downloaded`).
#[utoipa::path(tag = "commissions", responses(
    (status = 200, description = "The CSV report, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/settlements/{id}/report.csv")]
pub(super) async fn get_settlement_report(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let report = transaction::run(&state, async |tx| {
        csv::report_csv(tx, &ctx, &user, *id).await
    })
    .await?;
    let digest = format!("{:x}", Sha256::digest(&report.body));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", report.filename),
        ))
        .insert_header(("X-Content-SHA256", digest))
        .body(report.body))
}
