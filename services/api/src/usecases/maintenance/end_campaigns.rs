//! Step 1: the system transition `active|paused → ended` of every campaign whose `end_date` is
//! before the maintenance date (`domain.md` §4.3: "at 00:05 Bogota the day after `end_date`").
//! [`due`] lists them; [`end`] ends one through the campaign transition use case, which records
//! the history, audits `campaign.status_changed`, recomputes the codes (all inactive now) with a
//! `SyncCoupon` each, and re-syncs the promotions. The caller runs each [`end`] in its own
//! transaction.

use afiliados_db::AsyncPgConnection;
use afiliados_domain::CampaignStatus;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::usecases::campaigns::status::{By, Transition, transition_by};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The campaigns still open whose end date is before `date`.
#[tracing::instrument(skip_all, fields(maintenance.date = %date))]
pub async fn due(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    date: NaiveDate,
) -> Result<Vec<Uuid>, UseCaseError> {
    Ok(afiliados_db::campaigns::past_end(tx, ctx.tenant_id, date).await?)
}

/// Ends campaign `id` when, under its row lock, it is still open and past its end date; returns
/// the coupon syncs its recomputation queued, or `None` when there was nothing to end.
#[tracing::instrument(skip_all, fields(campaign.id = %id, maintenance.date = %date))]
pub async fn end(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    date: NaiveDate,
) -> Result<Option<u64>, UseCaseError> {
    let Some(campaign) = afiliados_db::campaigns::find_for_update(tx, ctx.tenant_id, id).await?
    else {
        return Ok(None);
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
    let (_, codes) = transition_by(tx, ctx, by, &campaign, change, date).await?;
    tracing::info!(campaign.id = %id, "campaign ended by the daily maintenance");
    Ok(Some(super::count(
        codes.iter().filter(|code| code.sync_queued).count(),
    )))
}
