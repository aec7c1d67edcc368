//! The writes of a real evaluation (`domain.md` §5.11): the `tier_evaluations` row, for each move
//! the closed and opened `tier_history` periods with the updated assignment and the influencer's
//! in-app `tier.changed`, `last_evaluated_at` on every membership evaluated, and the audit row.

use afiliados_db::AsyncPgConnection;
use afiliados_db::tier_assignments::{EvaluationMark, TierPlacement};
use afiliados_db::tier_evaluations::NewTierEvaluation;
use afiliados_domain::TierChange;
use serde_json::json;

use super::plan::{CampaignPlan, HeldTier, MemberPlan, direction};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

fn tier_json(tier: &HeldTier) -> serde_json::Value {
    json!({
        "level": tier.level,
        "name": tier.name,
        "commissionPercent": format!("{:.2}", tier.commission_percent),
    })
}

/// `tier.changed` → the influencer (nothing to tell without a user).
async fn notify(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    plan: &CampaignPlan,
    member: &MemberPlan,
) -> Result<(), UseCaseError> {
    let Some(user_id) = member.user_id else {
        return Ok(());
    };
    let payload = json!({
        "campaignId": plan.campaign_id,
        "campaignName": plan.campaign_name,
        "previousTier": tier_json(&member.previous),
        "newTier": tier_json(&member.next),
        "direction": direction(member.change),
        "salesVolume": member.volume,
        "effectiveFrom": plan.evaluation_at,
    });
    afiliados_db::notifications::insert(
        tx,
        ctx.tenant_id,
        user_id,
        "tier.changed",
        "info",
        &payload,
    )
    .await?;
    Ok(())
}

/// Writes `plan`. Evaluating again at the same `E` finds the recorded evaluation and every
/// membership already on its tier, so it changes nothing and is not audited twice.
pub async fn apply(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    plan: &CampaignPlan,
    triggered_by: &str,
    actor: &AuditActor<'_>,
) -> Result<(), UseCaseError> {
    let evaluated = i32::try_from(plan.members.len()).unwrap_or(i32::MAX);
    let changed = i32::try_from(plan.changed().count()).unwrap_or(i32::MAX);
    let (evaluation_id, recorded) = afiliados_db::tier_evaluations::record(
        tx,
        &NewTierEvaluation {
            tenant_id: ctx.tenant_id,
            campaign_id: plan.campaign_id,
            evaluation_at: plan.evaluation_at,
            window_start: plan.window.0,
            window_end: plan.window.1,
            triggered_by,
            evaluated_count: evaluated,
            changed_count: changed,
        },
    )
    .await?;
    let mark = EvaluationMark {
        evaluation_id,
        window_start: plan.window.0,
        window_end: plan.window.1,
        sales_volume: rust_decimal::Decimal::ZERO,
    };
    for member in plan.changed() {
        let reason = match member.change {
            TierChange::Upgrade => "upgrade",
            _ => "downgrade",
        };
        afiliados_db::tier_assignments::place(
            tx,
            &TierPlacement {
                tenant_id: ctx.tenant_id,
                campaign_id: plan.campaign_id,
                influencer_id: member.influencer_id,
                tier_id: member.next.tier_id,
                tier_level: member.next.level,
                tier_name: &member.next.name,
                commission_percent: member.next.commission_percent,
                at: plan.evaluation_at,
                reason,
                triggered_by,
                evaluation: Some(EvaluationMark {
                    sales_volume: member.volume.amount(),
                    ..mark
                }),
            },
        )
        .await?;
        notify(tx, ctx, plan, member).await?;
    }
    let ids: Vec<_> = plan.members.iter().map(|m| m.influencer_id).collect();
    afiliados_db::tier_assignments::mark_evaluated(tx, plan.campaign_id, &ids, plan.evaluation_at)
        .await?;
    if recorded || changed > 0 {
        let event = AuditEvent::new("tiers.evaluated", "tier_evaluation", evaluation_id).changes(
            None,
            Some(json!({
                "campaignId": plan.campaign_id,
                "evaluationAt": plan.evaluation_at,
                "windowStart": plan.window.0,
                "windowEnd": plan.window.1,
                "evaluated": evaluated,
                "changed": changed,
            })),
        );
        audit::record(tx, ctx.tenant_id, actor, event).await?;
    }
    Ok(())
}
