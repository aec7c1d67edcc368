//! Tiers: evaluate now (FI, AD) and read the history of tier periods (AD, FI; AM; IN).

use actix_web::{get, post, web};
use afiliados_api_types::tiers::{
    EvaluateTiersRequest, ListTierHistoryQuery, TierEvaluationsResponse, TierHistoryEntry,
};
use afiliados_api_types::{ApiErrorBody, Page};

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::tiers::evaluate::{EvaluateInput, evaluate};
use crate::usecases::tiers::history;

/// Evaluates one campaign or every active campaign with tiers; a dry run changes nothing.
#[utoipa::path(tag = "commissions", request_body = EvaluateTiersRequest, responses(
    (status = 200, body = TierEvaluationsResponse), (status = 400, body = ApiErrorBody),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/commissions/tiers/evaluate")]
pub(super) async fn evaluate_tiers(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<EvaluateTiersRequest>,
) -> ApiResult<web::Json<TierEvaluationsResponse>> {
    let ctx = state.use_case_context();
    let input = EvaluateInput {
        campaign_id: body.campaign_id.map(uuid::Uuid::from),
        evaluation_date: body.evaluation_date.clone(),
        dry_run: body.dry_run,
    };
    let answer =
        transaction::run(&state, async |tx| evaluate(tx, &ctx, &user, &input).await).await?;
    Ok(web::Json(answer))
}

/// Tier periods in scope, newest first by default.
#[utoipa::path(tag = "commissions", params(ListTierHistoryQuery), responses(
    (status = 200, body = Page<TierHistoryEntry>), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/commissions/tiers/history")]
pub(super) async fn tier_history(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListTierHistoryQuery>,
) -> ApiResult<web::Json<Page<TierHistoryEntry>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        history::list(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}
