//! What an evaluation of one campaign at `E` decides, without writing anything: the window, and
//! per active membership its volume, its tier before and the tier from `E`. A real run and a dry
//! run share this plan.

use std::collections::HashMap;

use afiliados_api_types::tiers::{
    TierChangeResponse, TierDirection, TierEvaluationResponse, TierLabel,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaign_tiers::Tier;
use afiliados_db::campaigns::Campaign;
use afiliados_domain::commission::{
    CommissionSales, CommissionState, evaluate_tier, evaluation_window, sales_volume,
};
use afiliados_domain::{Money, Percent, TierChange, TierSpec};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::usecases::UseCaseError;
use crate::usecases::campaigns::tiers::start_tier;

/// A tier as a membership holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldTier {
    /// `campaign_tiers` row (none for the virtual Base).
    pub tier_id: Option<Uuid>,
    /// Level.
    pub level: i32,
    /// Name.
    pub name: String,
    /// Rate.
    pub commission_percent: Decimal,
}

/// One membership's outcome.
#[derive(Debug, Clone)]
pub struct MemberPlan {
    /// Influencer.
    pub influencer_id: Uuid,
    /// Name.
    pub influencer_name: String,
    /// The user to notify (none before sign-up or after anonymisation).
    pub user_id: Option<Uuid>,
    /// The tier before `E`.
    pub previous: HeldTier,
    /// The tier from `E` (the same level when unchanged).
    pub next: HeldTier,
    /// Volume of the window.
    pub volume: Money,
    /// Upgrade, downgrade or unchanged.
    pub change: TierChange,
}

/// One campaign's plan.
#[derive(Debug, Clone)]
pub struct CampaignPlan {
    /// Campaign.
    pub campaign_id: Uuid,
    /// Its name.
    pub campaign_name: String,
    /// `E`.
    pub evaluation_at: DateTime<Utc>,
    /// `[E − P, E)`.
    pub window: (DateTime<Utc>, DateTime<Utc>),
    /// Every membership evaluated.
    pub members: Vec<MemberPlan>,
}

impl CampaignPlan {
    /// Memberships whose tier changes.
    pub fn changed(&self) -> impl Iterator<Item = &MemberPlan> {
        self.members
            .iter()
            .filter(|m| m.change != TierChange::Unchanged)
    }
}

fn held(tier: &Tier) -> HeldTier {
    HeldTier {
        tier_id: Some(tier.id),
        level: tier.level,
        name: tier.name.clone(),
        commission_percent: tier.commission_percent,
    }
}

fn spec(tier: &Tier) -> Result<TierSpec, UseCaseError> {
    Ok(TierSpec {
        name: tier.name.clone(),
        level: u32::try_from(tier.level).map_err(UseCaseError::internal)?,
        threshold: Money::from_decimal(tier.threshold)
            .map_err(|_| UseCaseError::internal("stored tier threshold is not money"))?,
        commission_percent: Percent::from_decimal(tier.commission_percent)
            .map_err(|_| UseCaseError::internal("stored tier rate is not a percent"))?,
        is_default: tier.is_default,
    })
}

fn money(value: Decimal) -> Result<Money, UseCaseError> {
    Money::from_decimal(value).map_err(|_| UseCaseError::internal("stored amount is not money"))
}

/// The confirmed commissions of the window, per influencer.
async fn sales_by_influencer(
    tx: &mut AsyncPgConnection,
    campaign_id: Uuid,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Result<HashMap<Uuid, Vec<CommissionSales>>, UseCaseError> {
    let rows = afiliados_db::tier_evaluations::confirmed_sales(tx, campaign_id, window.0, window.1)
        .await?;
    let mut sales: HashMap<Uuid, Vec<CommissionSales>> = HashMap::new();
    for (influencer_id, confirmed_at, eligible, commission, net) in rows {
        sales
            .entry(influencer_id)
            .or_default()
            .push(CommissionSales {
                state: CommissionState::Confirmed,
                confirmed_at,
                eligible_amount: money(eligible)?,
                commission_amount: money(commission)?,
                net_amount: money(net.unwrap_or(commission))?,
            });
    }
    Ok(sales)
}

/// Decides the evaluation of `campaign` at `at`. A membership whose current period began after
/// `E` (or at `E` on another level) is left out: an evaluation at `E` never rewrites a later
/// period (ADR 0036).
pub async fn plan(
    tx: &mut AsyncPgConnection,
    campaign: &Campaign,
    at: DateTime<Utc>,
) -> Result<CampaignPlan, UseCaseError> {
    let period_days =
        u32::try_from(campaign.tier_evaluation_period_days).map_err(UseCaseError::internal)?;
    let window = evaluation_window(at, period_days);
    let tiers = afiliados_db::campaign_tiers::of_campaigns(tx, &[campaign.id]).await?;
    let specs = tiers.iter().map(spec).collect::<Result<Vec<_>, _>>()?;
    let start = start_tier(campaign, &tiers);
    let start = HeldTier {
        tier_id: start.id,
        level: start.level,
        name: start.name,
        commission_percent: start.commission_percent,
    };
    let by_level = |level: i32| {
        tiers
            .iter()
            .find(|tier| tier.level == level)
            .map_or_else(|| start.clone(), held)
    };
    let mut sales = sales_by_influencer(tx, campaign.id, window).await?;
    let mut members = Vec::new();
    for member in afiliados_db::tier_evaluations::members(tx, campaign.id).await? {
        let level = member.tier_level.unwrap_or(start.level);
        let previous = match (&member.period_tier_name, member.period_commission_percent) {
            (Some(name), Some(percent)) => HeldTier {
                tier_id: tiers.iter().find(|t| t.level == level).map(|t| t.id),
                level,
                name: name.clone(),
                commission_percent: percent,
            },
            _ => by_level(level),
        };
        let volume = sales_volume(
            &sales.remove(&member.influencer_id).unwrap_or_default(),
            window,
        );
        let current = u32::try_from(level).unwrap_or_default();
        let outcome = evaluate_tier(&specs, current, volume);
        if let Some(from) = member.period_from
            && (from > at || (from == at && outcome.change != TierChange::Unchanged))
        {
            continue;
        }
        let next = match outcome.tier {
            Some(tier) => by_level(i32::try_from(tier.level).map_err(UseCaseError::internal)?),
            None => previous.clone(),
        };
        members.push(MemberPlan {
            influencer_id: member.influencer_id,
            influencer_name: member.influencer_name,
            user_id: member.user_id,
            previous,
            next,
            volume,
            change: outcome.change,
        });
    }
    Ok(CampaignPlan {
        campaign_id: campaign.id,
        campaign_name: campaign.name.clone(),
        evaluation_at: at,
        window,
        members,
    })
}

fn label(tier: &HeldTier) -> Result<TierLabel, UseCaseError> {
    Ok(TierLabel {
        level: tier.level,
        name: tier.name.clone(),
        commission_percent: Percent::from_decimal(tier.commission_percent)
            .map_err(|_| UseCaseError::internal("stored tier rate is not a percent"))?,
    })
}

/// `upgrade|downgrade|none`.
pub fn direction(change: TierChange) -> TierDirection {
    match change {
        TierChange::Upgrade => TierDirection::Upgrade,
        TierChange::Downgrade => TierDirection::Downgrade,
        TierChange::Unchanged => TierDirection::None,
    }
}

/// The plan as the api answers it.
pub fn response(plan: &CampaignPlan) -> Result<TierEvaluationResponse, UseCaseError> {
    let results = plan
        .members
        .iter()
        .map(|member| {
            Ok(TierChangeResponse {
                influencer_id: member.influencer_id.into(),
                influencer_name: member.influencer_name.clone(),
                previous_tier: label(&member.previous)?,
                new_tier: label(&member.next)?,
                changed: member.change != TierChange::Unchanged,
                direction: direction(member.change),
                sales_volume: member.volume,
            })
        })
        .collect::<Result<Vec<_>, UseCaseError>>()?;
    Ok(TierEvaluationResponse {
        campaign_id: plan.campaign_id.into(),
        campaign_name: plan.campaign_name.clone(),
        evaluation_at: plan.evaluation_at,
        window_start: plan.window.0,
        window_end: plan.window.1,
        evaluated: i64::try_from(plan.members.len()).unwrap_or(i64::MAX),
        changed: i64::try_from(plan.changed().count()).unwrap_or(i64::MAX),
        results,
    })
}
