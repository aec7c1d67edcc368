//! The scheduled evaluation (`domain.md` §5.11 "When", `api.md` §21.6): every `active` campaign
//! whose `next_tier_evaluation_on ≤ today` is evaluated at the api's now, and its next date
//! becomes `today + P`. "Today" is a Bogota business date (ADR 0036). Each campaign is its own
//! unit: the caller runs [`evaluate_one`] in one transaction per campaign.

use afiliados_api_types::tiers::TierEvaluationResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::commission::next_evaluation_on;
use afiliados_domain::{CampaignStatus, FieldCode, bogota_date};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::SCHEDULE_ACTOR;
use super::evaluate::evaluate_campaign;
use crate::audit::AuditActor;
use crate::usecases::{UseCaseContext, UseCaseError};

/// "Today" for the request: the given date, or the Bogota date of `now`; a date after it is
/// refused (`evaluationDate`-like `out_of_range`), since its evaluation instant would be now.
pub fn today(date: Option<NaiveDate>, now: DateTime<Utc>) -> Result<NaiveDate, UseCaseError> {
    let today = bogota_date(now);
    match date {
        Some(date) if date > today => Err(UseCaseError::invalid("date", FieldCode::OutOfRange)),
        Some(date) => Ok(date),
        None => Ok(today),
    }
}

/// Campaigns due on `today`.
pub async fn due(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    today: NaiveDate,
) -> Result<Vec<Uuid>, UseCaseError> {
    Ok(afiliados_db::tier_evaluations::due(tx, ctx.tenant_id, today).await?)
}

/// Evaluates one due campaign at `at` and moves its schedule to `today + P`; `None` when, once
/// locked, it is no longer due (another replica or a status change got there first).
pub async fn evaluate_one(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    campaign_id: Uuid,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> Result<Option<TierEvaluationResponse>, UseCaseError> {
    let Some(campaign) =
        afiliados_db::campaigns::find_for_update(tx, ctx.tenant_id, campaign_id).await?
    else {
        return Ok(None);
    };
    let still_due = campaign.status == CampaignStatus::Active
        && campaign
            .next_tier_evaluation_on
            .is_some_and(|next| next <= today);
    if !still_due {
        return Ok(None);
    }
    let evaluation = evaluate_campaign(
        tx,
        ctx,
        &campaign,
        at,
        false,
        SCHEDULE_ACTOR,
        &AuditActor::System(SCHEDULE_ACTOR),
    )
    .await?;
    let period =
        u32::try_from(campaign.tier_evaluation_period_days).map_err(UseCaseError::internal)?;
    afiliados_db::tier_evaluations::schedule_next(
        tx,
        campaign.id,
        next_evaluation_on(today, period),
    )
    .await?;
    Ok(Some(evaluation))
}
