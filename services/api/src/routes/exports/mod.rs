//! `GET /exports/orders.csv`, `/exports/commissions.csv`, `/exports/ledger.csv`,
//! `/exports/withdrawals.csv`, `/exports/payments.csv`, `/exports/adjustments.csv` (`api.md` §17,
//! §0.7): `text/csv; charset=utf-8` attachments with `X-Content-SHA256`. Each takes its list's
//! query plus `locale`; the download is audited in the same transaction.

use actix_web::{HttpResponse, get, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::commissions::ListCommissionsQuery;
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::ledger::ListLedgerQuery;
use afiliados_api_types::order_views::ListOrdersQuery;
use afiliados_api_types::payments::{
    ListAdjustmentsQuery, ListPaymentsQuery, ListWithdrawalsQuery,
};
use afiliados_api_types::reconciliation_requests::ListDiscrepanciesQuery;
use sha2::{Digest, Sha256};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::exports::{self, CsvFile};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(export_orders)
        .service(export_commissions)
        .service(export_ledger)
        .service(export_withdrawals)
        .service(export_payments)
        .service(export_adjustments)
        .service(export_reconciliation_discrepancies);
}

/// The file answer every export shares.
fn attachment(file: CsvFile) -> HttpResponse {
    let digest = format!("{:x}", Sha256::digest(&file.body));
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", file.filename),
        ))
        .insert_header(("X-Content-SHA256", digest))
        .body(file.body)
}

/// Orders as CSV (AD, GA, FI; AM its brands), with `GET /orders`'s filters.
#[utoipa::path(tag = "exports", params(ListOrdersQuery, ExportLocaleQuery), responses(
    (status = 200, description = "The CSV file, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/exports/orders.csv")]
async fn export_orders(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListOrdersQuery>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let file = transaction::run(&state, async |tx| {
        exports::orders::export(tx, &ctx, &user, &query, &locale).await
    })
    .await?;
    Ok(attachment(file))
}

/// Commissions as CSV (AD, FI; AM its brands; IN its own), with `GET /commissions`'s filters.
#[utoipa::path(tag = "exports", params(ListCommissionsQuery, ExportLocaleQuery), responses(
    (status = 200, description = "The CSV file, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/exports/commissions.csv")]
async fn export_commissions(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListCommissionsQuery>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let file = transaction::run(&state, async |tx| {
        exports::commissions::export(tx, &ctx, &user, &query, &locale).await
    })
    .await?;
    Ok(attachment(file))
}

/// Ledger entries as CSV (AD, FI; IN its own), with `GET /ledger`'s filters.
#[utoipa::path(tag = "exports", params(ListLedgerQuery, ExportLocaleQuery), responses(
    (status = 200, description = "The CSV file, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/exports/ledger.csv")]
async fn export_ledger(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListLedgerQuery>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let file = transaction::run(&state, async |tx| {
        exports::ledger::export(tx, &ctx, &user, &query, &locale).await
    })
    .await?;
    Ok(attachment(file))
}

/// Withdrawal requests as CSV (AD, FI; AM its brands), with `GET /payments/withdrawals`'s filters.
#[utoipa::path(tag = "exports", params(ListWithdrawalsQuery, ExportLocaleQuery), responses(
    (status = 200, description = "The CSV file, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/exports/withdrawals.csv")]
async fn export_withdrawals(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListWithdrawalsQuery>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let file = transaction::run(&state, async |tx| {
        exports::withdrawals::export(tx, &ctx, &user, &query, &locale).await
    })
    .await?;
    Ok(attachment(file))
}

/// Payments as CSV (AD, FI; IN its own), with `GET /payments`'s filters.
#[utoipa::path(tag = "exports", params(ListPaymentsQuery, ExportLocaleQuery), responses(
    (status = 200, description = "The CSV file, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/exports/payments.csv")]
async fn export_payments(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListPaymentsQuery>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let file = transaction::run(&state, async |tx| {
        exports::payments::export(tx, &ctx, &user, &query, &locale).await
    })
    .await?;
    Ok(attachment(file))
}

/// Adjustments as CSV (AD, FI), with `GET /payments/adjustments`'s filters.
#[utoipa::path(tag = "exports", params(ListAdjustmentsQuery, ExportLocaleQuery), responses(
    (status = 200, description = "The CSV file, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/exports/adjustments.csv")]
async fn export_adjustments(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListAdjustmentsQuery>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let file = transaction::run(&state, async |tx| {
        exports::adjustments::export(tx, &ctx, &user, &query, &locale).await
    })
    .await?;
    Ok(attachment(file))
}

/// Reconciliation discrepancies across runs as CSV (AD, FI, AU), with
/// `GET /vtex/reconciliations/discrepancies`'s filters.
#[utoipa::path(tag = "exports", params(ListDiscrepanciesQuery, ExportLocaleQuery), responses(
    (status = 200, description = "The CSV file, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/exports/reconciliation-discrepancies.csv")]
async fn export_reconciliation_discrepancies(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListDiscrepanciesQuery>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let file = transaction::run(&state, async |tx| {
        exports::reconciliation_discrepancies::export(tx, &ctx, &user, &query, &locale).await
    })
    .await?;
    Ok(attachment(file))
}
