//! `POST /internal/v1/maintenance/daily {date}`: every step in order, with the counts.

use afiliados_api_types::internal_jobs::DailyMaintenanceReport;
use afiliados_db::AsyncPgConnection;
use chrono::NaiveDate;
use diesel_async::AsyncConnection;

use crate::error::ApiError;
use crate::state::AppState;

/// Runs the maintenance for Bogota date `date` on `conn` (not inside a transaction: each step
/// commits on its own) and answers what it did.
pub async fn run(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    date: NaiveDate,
) -> Result<DailyMaintenanceReport, ApiError> {
    let ended = super::end_campaigns::run(conn, state, date).await?;
    let codes = super::recompute_codes::run(conn, state.tenant_id, date).await?;
    let holidays = &state.settings.onboarding.business_holidays;
    let arco_reminders = super::arco_reminders::run(conn, state.tenant_id, date, holidays).await?;
    let tokens_deleted = conn
        .transaction(async |tx| {
            afiliados_db::password_tokens::delete_expired(tx, state.now())
                .await
                .map_err(ApiError::from)
        })
        .await?;
    // Idempotency keys (`domain.md` §5.18) are deleted here once their table exists.
    Ok(DailyMaintenanceReport {
        codes_recomputed: codes.recomputed,
        coupon_syncs_enqueued: ended.syncs + codes.syncs,
        campaigns_ended: ended.campaigns,
        arco_reminders,
        tokens_deleted: count(tokens_deleted),
    })
}

/// A row count as the report's integer.
pub(super) fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}
