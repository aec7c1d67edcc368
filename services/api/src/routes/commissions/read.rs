//! Reading commissions: list, summary, audit trail, detail and explanation.

use actix_web::{get, web};
use afiliados_api_types::commissions::{
    CommissionAuditQuery, CommissionResponse, CommissionSummary, CommissionSummaryQuery,
    ListCommissionsQuery, TransitionResponse,
};
use afiliados_api_types::order_explain::OrderExplanation;
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::commissions::{audit_trail, read, summary};
use crate::usecases::orders::explain;

/// Counts and sums per state over the commissions in scope.
#[utoipa::path(tag = "commissions", params(CommissionSummaryQuery), responses(
    (status = 200, body = CommissionSummary), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/summary")]
pub(super) async fn commission_summary(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<CommissionSummaryQuery>,
) -> ApiResult<web::Json<CommissionSummary>> {
    let ctx = state.use_case_context();
    let answer = transaction::read(&state, async |tx| {
        summary::summary(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(answer))
}

/// The commission audit trail (AD, FI, AU).
#[utoipa::path(tag = "commissions", params(CommissionAuditQuery), responses(
    (status = 200, body = Page<TransitionResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/audit")]
pub(super) async fn commission_audit(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<CommissionAuditQuery>,
) -> ApiResult<web::Json<Page<TransitionResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        audit_trail::list(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// Commissions in scope (AM: its brands; IN: its own).
#[utoipa::path(tag = "commissions", params(ListCommissionsQuery), responses(
    (status = 200, body = Page<CommissionResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions")]
pub(super) async fn list_commissions(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListCommissionsQuery>,
) -> ApiResult<web::Json<Page<CommissionResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One commission with lines, transitions and rule snapshot.
#[utoipa::path(tag = "commissions", responses(
    (status = 200, body = CommissionResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/{id}")]
pub(super) async fn get_commission(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CommissionResponse>> {
    let ctx = state.use_case_context();
    let commission =
        transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(commission))
}

/// The explanation of the commission's order.
#[utoipa::path(tag = "commissions", responses(
    (status = 200, body = OrderExplanation), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/{id}/explain")]
pub(super) async fn explain_commission(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<OrderExplanation>> {
    let ctx = state.use_case_context();
    let explanation = transaction::read(&state, async |tx| {
        explain::explain_commission(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(explanation))
}
