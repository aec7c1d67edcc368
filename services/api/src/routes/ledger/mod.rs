//! `GET /ledger`, `GET /commissions/balances` and `POST /commissions/balances/verify` (`api.md`
//! §10). Registered before `/commissions/{id}` so the fixed paths win.

use actix_web::{get, post, web};
use afiliados_api_types::ledger::{
    BalanceResponse, LedgerEntryResponse, ListBalancesQuery, ListLedgerQuery,
    VerifyBalancesRequest, VerifyBalancesResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::ledger::{balances, entries, verify};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_ledger)
        .service(list_balances)
        .service(verify_balances);
}

/// Ledger entries in scope (AM: its brands; IN: its own), by `seq`.
#[utoipa::path(tag = "ledger", params(ListLedgerQuery), responses(
    (status = 200, body = Page<LedgerEntryResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/ledger")]
async fn list_ledger(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListLedgerQuery>,
) -> ApiResult<web::Json<Page<LedgerEntryResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        entries::list(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// Balances in scope, per influencer × brand or grouped per influencer.
#[utoipa::path(tag = "ledger", params(ListBalancesQuery), responses(
    (status = 200, body = Page<BalanceResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/balances")]
async fn list_balances(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListBalancesQuery>,
) -> ApiResult<web::Json<Page<BalanceResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        balances::list(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// Folds the ledger and compares it with the stored balances; `rebuild` rewrites mismatches.
#[utoipa::path(tag = "ledger", request_body = VerifyBalancesRequest, responses(
    (status = 200, body = VerifyBalancesResponse), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/commissions/balances/verify")]
async fn verify_balances(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<VerifyBalancesRequest>,
) -> ApiResult<web::Json<VerifyBalancesResponse>> {
    let ctx = state.use_case_context();
    let report = transaction::run(&state, async |tx| {
        verify::verify(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(web::Json(report))
}
