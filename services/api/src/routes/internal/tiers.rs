//! `POST /internal/v1/tiers/evaluate-due` (`api.md` §21.6): the worker's `TIER_EVALUATION_CRON`
//! tick evaluates every active campaign due on "today" (a Bogota date) at the api's now and moves
//! each one's `next_tier_evaluation_on` to `today + P`. One transaction per campaign, so a
//! failure leaves the campaigns already done moved and the rest due for the retry.

use actix_web::web;
use afiliados_api_types::tiers::{EvaluateDueTiersRequest, TierEvaluationsResponse};

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::tiers::due;

/// → 200 `{evaluations}` (the campaigns evaluated; empty when none was due).
pub(super) async fn evaluate_due(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<EvaluateDueTiersRequest>,
) -> ApiResult<web::Json<TierEvaluationsResponse>> {
    let ctx = state.use_case_context();
    let at = ctx.now();
    let today = due::today(body.date, at)?;
    let ids = transaction::read(&state, async |tx| due::due(tx, &ctx, today).await).await?;
    let mut evaluations = Vec::with_capacity(ids.len());
    for id in ids {
        let done = transaction::run(&state, async |tx| {
            due::evaluate_one(tx, &ctx, id, today, at).await
        })
        .await?;
        evaluations.extend(done);
    }
    tracing::info!(
        tiers.scheduled_at = %body.scheduled_at,
        tiers.today = %today,
        tiers.campaigns = evaluations.len(),
        tiers.changed = evaluations.iter().map(|e| e.changed).sum::<i64>(),
        "scheduled tier evaluation done"
    );
    Ok(web::Json(TierEvaluationsResponse { evaluations }))
}
