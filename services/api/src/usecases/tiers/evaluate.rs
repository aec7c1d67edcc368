//! `POST /commissions/tiers/evaluate` (FI, AD): one campaign or every `active` campaign with
//! tiers at `evaluationDate` (default now, never in the future), optionally as a dry run. Manual
//! runs never move `next_tier_evaluation_on`.

use afiliados_api_types::tiers::{TierEvaluationResponse, TierEvaluationsResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaigns::Campaign;
use afiliados_domain::Actor;
use afiliados_domain::commission::evaluation_instant;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{EVALUATORS, apply, plan};
use crate::audit::AuditActor;
use crate::usecases::problems::Problems;
use crate::usecases::settlement::run::evaluation_point;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The request as received.
#[derive(Debug, Clone, Default)]
pub struct EvaluateInput {
    /// `campaignId`.
    pub campaign_id: Option<Uuid>,
    /// `evaluationDate`: an RFC 3339 instant or a date.
    pub evaluation_date: Option<String>,
    /// `dryRun`.
    pub dry_run: bool,
}

/// `E`, or the field problem (`invalid_format`; `out_of_range` in the future, as settlement).
fn evaluation_at(input: &EvaluateInput, now: DateTime<Utc>) -> Result<DateTime<Utc>, UseCaseError> {
    let mut problems = Problems::new();
    let point = input
        .evaluation_date
        .as_deref()
        .and_then(|text| problems.check("evaluationDate", evaluation_point(text)));
    let at = problems.check("evaluationDate", evaluation_instant(point, now));
    problems.finish()?;
    at.ok_or_else(|| UseCaseError::internal("validated evaluation instant missing"))
}

/// Evaluates one campaign at `at` inside the caller's transaction: plan, then (unless a dry run)
/// the writes. A real run locks the campaign row first, so two evaluations of one campaign
/// (manual and scheduled) run one after the other.
pub async fn evaluate_campaign(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    campaign: &Campaign,
    at: DateTime<Utc>,
    dry_run: bool,
    triggered_by: &str,
    actor: &AuditActor<'_>,
) -> Result<TierEvaluationResponse, UseCaseError> {
    let plan = plan::plan(tx, campaign, at).await?;
    if !dry_run {
        apply::apply(tx, ctx, &plan, triggered_by, actor).await?;
    }
    plan::response(&plan)
}

async fn campaign(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    lock: bool,
) -> Result<Campaign, UseCaseError> {
    let found = if lock {
        afiliados_db::campaigns::find_for_update(tx, ctx.tenant_id, id).await?
    } else {
        afiliados_db::campaigns::find(tx, ctx.tenant_id, id).await?
    };
    found.ok_or(UseCaseError::NotFound)
}

/// Runs the manual evaluation in the caller's transaction.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, tiers.dry_run = input.dry_run))]
pub async fn evaluate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    input: &EvaluateInput,
) -> Result<TierEvaluationsResponse, UseCaseError> {
    actor.require_any(&EVALUATORS)?;
    let at = evaluation_at(input, ctx.now())?;
    let ids = match input.campaign_id {
        Some(id) => vec![id],
        None => afiliados_db::tier_evaluations::active_with_tiers(tx, ctx.tenant_id).await?,
    };
    let audit_actor = AuditActor::User(actor);
    let mut evaluations = Vec::with_capacity(ids.len());
    for id in ids {
        let campaign = campaign(tx, ctx, id, !input.dry_run).await?;
        evaluations.push(
            evaluate_campaign(
                tx,
                ctx,
                &campaign,
                at,
                input.dry_run,
                actor.email.as_str(),
                &audit_actor,
            )
            .await?,
        );
    }
    Ok(TierEvaluationsResponse { evaluations })
}
