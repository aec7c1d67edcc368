//! `POST /internal/v1/maintenance/daily` (`api.md` §21.6): the daily maintenance for a date.
//!
//! The steps are use cases (`usecases::maintenance`); this caller owns their transactions: one per
//! ended campaign, one per batch of codes, one for the reminders, one for the token purge and one
//! for the sign-in failure retention (ADR 0021), so the sweep never holds many row locks for
//! long. Each commit wakes the outbox relay.

use actix_web::web;
use afiliados_api_types::internal_jobs::{DailyMaintenanceReport, DailyMaintenanceRequest};
use chrono::NaiveDate;

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::maintenance::{arco_reminders, end_campaigns, purge, recompute_codes};
use crate::usecases::{UseCaseContext, sign_in_failures};

/// → 200 with the counts. Each step commits on its own; repeating the call changes nothing.
pub(super) async fn run_daily(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<DailyMaintenanceRequest>,
) -> ApiResult<web::Json<DailyMaintenanceReport>> {
    let ctx = state.use_case_context();
    let report = run_steps(&state, &ctx, body.date).await?;
    tracing::info!(
        maintenance.date = %body.date,
        codes.recomputed = report.codes_recomputed,
        coupon_syncs = report.coupon_syncs_enqueued,
        campaigns.ended = report.campaigns_ended,
        arco.reminders = report.arco_reminders,
        tokens.deleted = report.tokens_deleted,
        idempotency_keys.deleted = report.idempotency_keys_deleted,
        login_attempts.pruned = report.login_attempts_pruned,
        sign_in_failures.days_summarized = report.sign_in_failure_days_summarized,
        "daily maintenance done"
    );
    Ok(web::Json(report))
}

/// Every step in order, each of its units in its own transaction.
async fn run_steps(
    state: &AppState,
    ctx: &UseCaseContext<'_>,
    date: NaiveDate,
) -> ApiResult<DailyMaintenanceReport> {
    let mut report = DailyMaintenanceReport::default();
    let due = transaction::read(state, async |tx| end_campaigns::due(tx, ctx, date).await).await?;
    for id in due {
        let ended = transaction::run(state, async |tx| {
            end_campaigns::end(tx, ctx, id, date).await
        })
        .await?;
        if let Some(syncs) = ended {
            report.campaigns_ended += 1;
            report.coupon_syncs_enqueued += syncs;
        }
    }
    let mut after = None;
    loop {
        let batch = transaction::run(state, async |tx| {
            recompute_codes::batch(tx, ctx, after, date).await
        })
        .await?;
        report.codes_recomputed += batch.recomputed;
        report.coupon_syncs_enqueued += batch.syncs;
        match batch.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    report.arco_reminders = transaction::run(state, async |tx| {
        arco_reminders::remind(tx, ctx, date).await
    })
    .await?;
    report.tokens_deleted =
        transaction::run(state, async |tx| purge::expired_tokens(tx, ctx).await).await?;
    report.idempotency_keys_deleted = transaction::run(state, async |tx| {
        purge::expired_idempotency_keys(tx, ctx).await
    })
    .await?;
    let retained = transaction::run(state, async |tx| {
        sign_in_failures::retain(tx, ctx, date).await
    })
    .await?;
    report.login_attempts_pruned = retained.counters_pruned;
    report.sign_in_failure_days_summarized = retained.days_summarized;
    Ok(report)
}
