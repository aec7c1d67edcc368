//! `POST /internal/v1/discrepancies/escalate` (`api.md` §21.6): the worker's `ESCALATION_CRON`
//! tick escalates the discrepancies left open too long at the tick's `now`.

use actix_web::web;
use afiliados_api_types::reconciliation_requests::{
    EscalateDiscrepanciesRequest, EscalatedDiscrepancies,
};

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::reconciliation::escalate;

/// → 200 `{escalated}`.
pub(super) async fn escalate(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<EscalateDiscrepanciesRequest>,
) -> ApiResult<web::Json<EscalatedDiscrepancies>> {
    let ctx = state.use_case_context();
    let now = body.now;
    let escalated =
        transaction::run(&state, async |tx| escalate::escalate(tx, &ctx, now).await).await?;
    tracing::info!(discrepancies.escalated = escalated, "escalation tick done");
    Ok(web::Json(EscalatedDiscrepancies { escalated }))
}
