//! `POST /internal/v1/maintenance/daily` (`api.md` §21.6): the daily maintenance for a date.

use actix_web::web;
use afiliados_api_types::internal_jobs::{DailyMaintenanceReport, DailyMaintenanceRequest};

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::usecases::maintenance::daily;

/// → 200 with the counts. Each step commits on its own; repeating the call changes nothing.
pub(super) async fn run_daily(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<DailyMaintenanceRequest>,
) -> ApiResult<web::Json<DailyMaintenanceReport>> {
    let mut conn = state.conn().await?;
    let result = daily::run(&mut conn, &state, body.date).await;
    // Steps that committed before a failure may have queued syncs: push them either way.
    state.wake_relay();
    let report = result?;
    tracing::info!(
        maintenance.date = %body.date,
        codes.recomputed = report.codes_recomputed,
        coupon_syncs = report.coupon_syncs_enqueued,
        campaigns.ended = report.campaigns_ended,
        arco.reminders = report.arco_reminders,
        tokens.deleted = report.tokens_deleted,
        "daily maintenance done"
    );
    Ok(web::Json(report))
}
