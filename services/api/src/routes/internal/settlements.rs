//! `POST /internal/v1/settlements/run` (`api.md` §21.6): the worker's `SETTLEMENT_CRON` tick
//! runs settlement (`source = schedule`, `triggeredBy = system:settlement`).

use std::time::Instant;

use actix_web::web;
use afiliados_api_types::settlements::{ScheduledSettlementRequest, SettlementRunResponse};

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::settlement::run::{RunInput, Trigger, run};

/// → 200 SettlementRun; 409 `settlement_in_progress` while another run holds the lock.
pub(super) async fn run_scheduled(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<ScheduledSettlementRequest>,
) -> ApiResult<web::Json<SettlementRunResponse>> {
    let ctx = state.use_case_context();
    let input = RunInput {
        waiting_period_days: body.waiting_period_days,
        evaluation_date: body.evaluation_date.clone(),
        dry_run: body.dry_run,
    };
    let started = Instant::now();
    let outcome = transaction::run(&state, async |tx| {
        run(tx, &ctx, Trigger::Schedule, &input).await
    })
    .await?;
    crate::metrics::settlement_run(&outcome.run, started.elapsed());
    tracing::info!(
        settlement.scheduled_at = %body.scheduled_at,
        settlement.run_id = %outcome.run.id,
        settlement.confirmed = outcome.run.totals.confirmed.count,
        settlement.reverted = outcome.run.totals.reverted.count,
        settlement.pending = outcome.run.totals.pending.count,
        settlement.emails = outcome.emails,
        "scheduled settlement done"
    );
    Ok(web::Json(outcome.run))
}
