//! Step 1: the system transition `active|paused → ended` of every campaign whose `end_date` is
//! before the maintenance date (`domain.md` §4.3: "at 00:05 Bogota the day after `end_date`").
//! One transaction per campaign through the campaign transition use case, which records the
//! history, audits `campaign.status_changed`, recomputes the codes (all inactive now) with a
//! `SyncCoupon` each, and re-syncs the promotions.

use afiliados_db::AsyncPgConnection;
use afiliados_domain::CampaignStatus;
use chrono::NaiveDate;
use diesel_async::AsyncConnection;

use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::campaigns::status::{By, Transition, transition_by};

/// What the step did.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Ended {
    /// Campaigns ended.
    pub(super) campaigns: u64,
    /// Coupon syncs their recomputation queued.
    pub(super) syncs: u64,
}

/// Ends every campaign past its end date.
pub(super) async fn run(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    date: NaiveDate,
) -> Result<Ended, ApiError> {
    let ids = afiliados_db::campaigns::past_end(conn, state.tenant_id, date).await?;
    let mut ended = Ended::default();
    for id in ids {
        let syncs = conn
            .transaction(async |tx| {
                let Some(campaign) =
                    afiliados_db::campaigns::find_for_update(tx, state.tenant_id, id).await?
                else {
                    return Ok::<_, ApiError>(None);
                };
                // Checked again under the lock: a user may have ended or re-dated it meanwhile.
                let open = matches!(campaign.status.as_str(), "active" | "paused");
                if !open || campaign.end_date.is_none_or(|end| end >= date) {
                    return Ok(None);
                }
                let change = Transition {
                    to: CampaignStatus::Ended,
                    reason: Some("end_date_passed"),
                };
                let by = By::System(super::ACTOR);
                let (_, codes) = transition_by(tx, state, by, &campaign, change, date).await?;
                Ok(Some(codes.iter().filter(|code| code.sync_queued).count()))
            })
            .await?;
        if let Some(syncs) = syncs {
            tracing::info!(campaign.id = %id, "campaign ended by the daily maintenance");
            ended.campaigns += 1;
            ended.syncs += super::daily::count(syncs);
        }
    }
    Ok(ended)
}
