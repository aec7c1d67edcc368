//! `GET /dashboard/influencer` (`domain.md` §6.1): an influencer sees its own; admin_dentsu and
//! gestor_afiliados name any influencer; admin_marca names one with a membership in its brands
//! and sees only its brands' rows. Unknown or out-of-scope influencers are 404.
//!
//! Every figure comes from SQL bounded by the influencer (and the period, the chart's twelve
//! months or a tier window), never from orders loaded into memory (ADR 0038).

use afiliados_api_types::dashboards::{
    CampaignSales, DashboardAdjustment, DashboardCode, DashboardInfluencer, DashboardPayment,
    DashboardPeriod, DashboardWithdrawal, InfluencerDashboard, InfluencerDashboardQuery,
    MonthlyEarnings, ProgressTier, TierProgressEntry, Wallet, WalletBrand, WalletBuckets,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::dashboard_influencer::{self as queries, MonthFigures, TierInputs, WalletRow};
use afiliados_domain::commission::AdjustmentKind;
use afiliados_domain::{
    AccessDenied, Actor, CodeStatus, FieldCode, InfluencerStatus, Money, Role, TierSpec,
    WithdrawalStatus, tier_progress,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::months::{last_twelve, this_month};
use crate::usecases::consents::record::pending_consents;
use crate::usecases::fields::{money, percent};
use crate::usecases::influencers::access::{self, Allowed, View};
use crate::usecases::list_query::{instant, stored};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Staff roles that name the influencer with `influencerId`.
const STAFF: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::AdminMarca];

/// Which influencer the caller asks about: staff must name one (422 `required`); an influencer
/// always gets its own (the parameter is ignored, `domain.md` §2.3).
async fn target(
    tx: &mut AsyncPgConnection,
    actor: &Actor,
    query: &InfluencerDashboardQuery,
) -> Result<Uuid, UseCaseError> {
    if actor.has_any(&STAFF) {
        return query
            .influencer_id
            .map(Uuid::from)
            .ok_or_else(|| UseCaseError::invalid("influencerId", FieldCode::Required));
    }
    if actor.has_any(&[Role::Influencer]) {
        return afiliados_db::influencers::find_by_user(tx, actor.user_id)
            .await?
            .map(|influencer| influencer.id)
            .ok_or(UseCaseError::NotFound);
    }
    Err(AccessDenied.into())
}

/// The brands every figure is limited to: admin_marca's brands, narrowed by `brandId` (a brand
/// outside them is 404); `None` for the whole tenant.
fn brand_filter(view: &View, brand_id: Option<Uuid>) -> Result<Option<Vec<Uuid>>, UseCaseError> {
    match (view, brand_id) {
        (View::Brand(brands), Some(brand)) if !brands.contains(&brand) => {
            Err(UseCaseError::NotFound)
        }
        (View::Brand(brands), None) => Ok(Some(brands.clone())),
        (_, Some(brand)) => Ok(Some(vec![brand])),
        (_, None) => Ok(None),
    }
}

/// `[from, to)`: the query's bounds, this Bogota month by default; `from ≥ to` is `date_order`.
fn period_bounds(
    ctx: &UseCaseContext<'_>,
    query: &InfluencerDashboardQuery,
) -> Result<(DateTime<Utc>, DateTime<Utc>), UseCaseError> {
    let mut problems = Problems::new();
    let from = instant("from", query.from.as_deref(), &mut problems);
    let to = instant("to", query.to.as_deref(), &mut problems);
    problems.finish()?;
    let (month_start, month_end) = this_month(ctx.today());
    let from = from.unwrap_or(month_start);
    let to = to.unwrap_or(month_end);
    if from >= to {
        return Err(UseCaseError::invalid("to", FieldCode::DateOrder));
    }
    Ok((from, to))
}

fn buckets(row: &WalletRow) -> WalletBuckets {
    WalletBuckets {
        estimated: money(row.estimated),
        confirmed: money(row.confirmed),
        reverted: money(row.reverted),
        pending_withdrawal: money(row.pending_withdrawal),
        withdrawn: money(row.withdrawn),
        pending_adjustments: money(row.pending_adjustments),
        available: money(row.available),
    }
}

fn add(total: &WalletBuckets, more: &WalletBuckets) -> WalletBuckets {
    WalletBuckets {
        estimated: total.estimated + more.estimated,
        confirmed: total.confirmed + more.confirmed,
        reverted: total.reverted + more.reverted,
        pending_withdrawal: total.pending_withdrawal + more.pending_withdrawal,
        withdrawn: total.withdrawn + more.withdrawn,
        pending_adjustments: total.pending_adjustments + more.pending_adjustments,
        available: total.available + more.available,
    }
}

/// `wallet`: the balance rows as stored; `canWithdraw` needs an approved influencer and a
/// positive available amount of at least the brand's minimum (ADR 0038).
fn wallet(rows: &[WalletRow], approved: bool) -> Wallet {
    let zero = WalletBuckets {
        estimated: Money::ZERO,
        confirmed: Money::ZERO,
        reverted: Money::ZERO,
        pending_withdrawal: Money::ZERO,
        withdrawn: Money::ZERO,
        pending_adjustments: Money::ZERO,
        available: Money::ZERO,
    };
    let by_brand: Vec<WalletBrand> = rows
        .iter()
        .map(|row| {
            let balance = buckets(row);
            let max_withdrawable = if balance.available.is_positive() {
                balance.available
            } else {
                Money::ZERO
            };
            let minimum_withdrawal = money(row.minimum_withdrawal);
            WalletBrand {
                brand_id: row.brand_id.into(),
                brand_name: row.brand_name.clone(),
                currency: row.currency.clone(),
                can_withdraw: approved
                    && max_withdrawable.is_positive()
                    && max_withdrawable >= minimum_withdrawal,
                balance,
                minimum_withdrawal,
                max_withdrawable,
            }
        })
        .collect();
    let totals = by_brand
        .iter()
        .fold(zero, |total, brand| add(&total, &brand.balance));
    Wallet { totals, by_brand }
}

/// The twelve chart months, zero where nothing happened.
fn monthly(labels: Vec<String>, rows: &[MonthFigures]) -> Vec<MonthlyEarnings> {
    labels
        .into_iter()
        .map(|month| {
            let row = rows.iter().find(|row| row.month == month);
            MonthlyEarnings {
                eligible_sales: row.map_or(Money::ZERO, |row| money(row.eligible_sales)),
                confirmed_commission: row.map_or(Money::ZERO, |row| money(row.confirmed)),
                month,
            }
        })
        .collect()
}

/// A stored tier as a [`TierSpec`] (levels and thresholds are checked by the database).
fn spec(tier: &afiliados_db::campaign_tiers::Tier) -> TierSpec {
    TierSpec {
        name: tier.name.clone(),
        level: u32::try_from(tier.level).unwrap_or(0),
        threshold: money(tier.threshold),
        commission_percent: percent(tier.commission_percent),
        is_default: tier.is_default,
    }
}

fn progress_tier(tier: &TierSpec) -> ProgressTier {
    ProgressTier {
        level: i32::try_from(tier.level).unwrap_or(i32::MAX),
        name: tier.name.clone(),
        commission_percent: tier.commission_percent,
        threshold: tier.threshold,
    }
}

/// One membership's progress (`domain.md` §5.11 "Progress") through the domain's
/// `tier_progress`; level 0 is the campaign's tier-less Base at its base rate.
fn progress(row: &TierInputs, tiers: &[TierSpec], now: DateTime<Utc>) -> TierProgressEntry {
    let level = u32::try_from(row.tier_level).unwrap_or(0);
    let volume = money(row.sales_volume);
    let current = tiers.iter().find(|tier| tier.level == level).map_or_else(
        || ProgressTier {
            level: row.tier_level,
            name: "Base".to_owned(),
            commission_percent: percent(row.base_commission_percent),
            threshold: Money::ZERO,
        },
        progress_tier,
    );
    let found = tier_progress(tiers, level, volume);
    TierProgressEntry {
        campaign_id: row.campaign_id.into(),
        campaign_name: row.campaign_name.clone(),
        brand_id: row.brand_id.into(),
        current_tier: current,
        window_start: row.window_start,
        window_end: now,
        sales_volume: volume,
        next_tier: found.next.map(progress_tier),
        remaining_to_next: found.remaining_to_next,
        progress_percent: found.progress_percent,
        next_evaluation_on: row.next_tier_evaluation_on,
    }
}

async fn tier_progress_entries(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> Result<Vec<TierProgressEntry>, UseCaseError> {
    let now = ctx.now();
    let rows = queries::tier_inputs(tx, ctx.tenant_id, influencer_id, brands, now).await?;
    let campaign_ids: Vec<Uuid> = rows.iter().map(|row| row.campaign_id).collect();
    let tiers = afiliados_db::campaign_tiers::of_campaigns(tx, &campaign_ids).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let specs: Vec<TierSpec> = tiers
                .iter()
                .filter(|tier| tier.campaign_id == row.campaign_id)
                .map(spec)
                .collect();
            progress(row, &specs, now)
        })
        .collect())
}

async fn codes(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> Result<Vec<DashboardCode>, UseCaseError> {
    queries::codes(tx, ctx.tenant_id, influencer_id, brands)
        .await?
        .into_iter()
        .map(|row| {
            Ok(DashboardCode {
                id: row.id.into(),
                code: row.code,
                campaign_id: row.campaign_id.into(),
                campaign_name: row.campaign_name,
                status: stored(&row.status, CodeStatus::parse)?,
                discount_percent: percent(row.discount_percent),
                usage_count: row.usage_count,
                max_uses: row.max_uses,
            })
        })
        .collect()
}

async fn open_adjustments(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> Result<Vec<DashboardAdjustment>, UseCaseError> {
    queries::open_adjustments(tx, ctx.tenant_id, influencer_id, brands)
        .await?
        .into_iter()
        .map(|row| {
            Ok(DashboardAdjustment {
                id: row.id.into(),
                brand_id: row.brand_id.into(),
                brand_name: row.brand_name,
                kind: stored(&row.kind, AdjustmentKind::parse)?,
                amount: money(row.amount),
                reason: row.reason,
                created_at: row.created_at,
            })
        })
        .collect()
}

/// The 10 newest withdrawal requests in scope.
async fn recent_withdrawals(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> Result<Vec<DashboardWithdrawal>, UseCaseError> {
    queries::recent_withdrawals(tx, ctx.tenant_id, influencer_id, brands)
        .await?
        .into_iter()
        .map(|row| {
            Ok(DashboardWithdrawal {
                id: row.id.into(),
                brand_id: row.brand_id.into(),
                amount: money(row.amount),
                status: stored(&row.status, WithdrawalStatus::parse)?,
                requested_at: row.requested_at,
            })
        })
        .collect()
}

/// The 10 newest payments in scope (gross, withheld, net, method, reference).
async fn recent_payments(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer_id: Uuid,
    brands: Option<&[Uuid]>,
) -> Result<Vec<DashboardPayment>, UseCaseError> {
    Ok(
        queries::recent_payments(tx, ctx.tenant_id, influencer_id, brands)
            .await?
            .into_iter()
            .map(|row| DashboardPayment {
                id: row.id.into(),
                brand_id: row.brand_id.into(),
                gross: money(row.gross),
                withheld: money(row.withheld),
                net: money(row.net),
                method: row.method,
                reference: Some(row.reference),
                payment_date: row.payment_date,
            })
            .collect(),
    )
}

/// The dashboard of one influencer for the caller.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn dashboard(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &InfluencerDashboardQuery,
) -> Result<InfluencerDashboard, UseCaseError> {
    let id = target(tx, actor, query).await?;
    let allowed = Allowed {
        staff: true,
        brand: true,
        finance: false,
        own: true,
    };
    let (influencer, view) = access::load(tx, ctx, actor, id, allowed, false).await?;
    let brands = brand_filter(&view, query.brand_id.map(Uuid::from))?;
    let brands = brands.as_deref();
    let (from, to) = period_bounds(ctx, query)?;
    let tenant = ctx.tenant_id;

    let totals = queries::period(tx, tenant, id, brands, from, to).await?;
    let (labels, chart_from, chart_to) = last_twelve(ctx.today());
    let months = queries::monthly(tx, tenant, id, brands, chart_from, chart_to).await?;
    let sales = queries::sales_by_campaign(tx, tenant, id, brands, from, to).await?;
    let balances = queries::wallet(tx, tenant, id, brands).await?;
    let unread = match influencer.user_id {
        Some(user_id) => queries::unread_notifications(tx, user_id).await?,
        None => 0,
    };
    Ok(InfluencerDashboard {
        influencer: DashboardInfluencer {
            id: influencer.id.into(),
            pending_consents: pending_consents(tx, tenant, influencer.id).await?,
            first_name: influencer.first_name,
            last_name: influencer.last_name,
            status: influencer.status,
            email: influencer.email,
            city: influencer.city,
            country: influencer.country,
            social_links: influencer.social_links,
        },
        wallet: wallet(&balances, influencer.status == InfluencerStatus::Approved),
        period: DashboardPeriod {
            from,
            to,
            attributed_orders: totals.attributed_orders,
            canceled_orders: totals.canceled_orders,
            eligible_sales: money(totals.eligible_sales),
            estimated_commission: money(totals.estimated),
            confirmed_commission: money(totals.confirmed),
            on_hold_commission: money(totals.on_hold),
            reverted_commission: money(totals.reverted),
        },
        monthly: monthly(labels, &months),
        sales_by_campaign: sales
            .into_iter()
            .map(|row| CampaignSales {
                campaign_id: row.campaign_id.into(),
                campaign_name: row.campaign_name,
                brand_id: row.brand_id.into(),
                brand_name: row.brand_name,
                orders: row.orders,
                eligible_sales: money(row.eligible_sales),
                estimated_commission: money(row.estimated),
                confirmed_commission: money(row.confirmed),
            })
            .collect(),
        tier_progress: tier_progress_entries(tx, ctx, id, brands).await?,
        codes: codes(tx, ctx, id, brands).await?,
        recent_withdrawals: recent_withdrawals(tx, ctx, id, brands).await?,
        recent_payments: recent_payments(tx, ctx, id, brands).await?,
        open_adjustments: open_adjustments(tx, ctx, id, brands).await?,
        unread_notifications: unread,
        generated_at: ctx.now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn tier(name: &str, level: u32, threshold: i64, rate: &str) -> TierSpec {
        TierSpec {
            name: name.to_owned(),
            level,
            threshold: Money::from_units(threshold),
            commission_percent: afiliados_domain::Percent::parse(rate).unwrap(),
            is_default: level == 1,
        }
    }

    fn inputs(level: i32, volume: i64) -> TierInputs {
        TierInputs {
            campaign_id: Uuid::nil(),
            campaign_name: "Hidratación".to_owned(),
            brand_id: Uuid::nil(),
            base_commission_percent: Decimal::new(1000, 2),
            next_tier_evaluation_on: None,
            tier_level: level,
            window_start: DateTime::UNIX_EPOCH,
            sales_volume: Decimal::from(volume),
        }
    }

    /// `domain.md` §5.11 example 3: 620 000.00 in the live window.
    #[test]
    fn progress_follows_the_seed_examples() {
        let tiers = [
            tier("Base", 1, 0, "10"),
            tier("Avanzado", 2, 500_000, "12"),
            tier("Elite", 3, 2_000_000, "15"),
        ];
        let base = progress(&inputs(1, 620_000), &tiers, DateTime::UNIX_EPOCH);
        assert_eq!(base.current_tier.name, "Base");
        assert_eq!(base.next_tier.unwrap().name, "Avanzado");
        assert_eq!(base.remaining_to_next, Money::ZERO);
        assert_eq!(base.progress_percent, 100);

        let advanced = progress(&inputs(2, 620_000), &tiers, DateTime::UNIX_EPOCH);
        assert_eq!(advanced.next_tier.unwrap().name, "Elite");
        assert_eq!(advanced.remaining_to_next, Money::from_units(1_380_000));
        assert_eq!(advanced.progress_percent, 31);

        let top = progress(&inputs(3, 2_150_000), &tiers, DateTime::UNIX_EPOCH);
        assert!(top.next_tier.is_none());
        assert_eq!(top.remaining_to_next, Money::ZERO);
        assert_eq!(top.progress_percent, 100);
    }

    #[test]
    fn a_campaign_without_tiers_is_on_its_base_rate_at_the_top() {
        let entry = progress(&inputs(0, 10), &[], DateTime::UNIX_EPOCH);
        assert_eq!(entry.current_tier.level, 0);
        assert_eq!(entry.current_tier.name, "Base");
        assert_eq!(
            entry.current_tier.commission_percent.value(),
            Decimal::new(1000, 2)
        );
        assert!(entry.next_tier.is_none());
        assert_eq!(entry.progress_percent, 100);
    }

    #[test]
    fn admin_marca_cannot_widen_its_brands_with_the_filter() {
        let mine = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        let view = View::Brand(vec![mine]);
        assert!(matches!(
            brand_filter(&view, Some(other)),
            Err(UseCaseError::NotFound)
        ));
        assert_eq!(brand_filter(&view, None).unwrap(), Some(vec![mine]));
        assert_eq!(brand_filter(&View::Staff, None).unwrap(), None);
        assert_eq!(
            brand_filter(&View::Staff, Some(other)).unwrap(),
            Some(vec![other])
        );
    }
}
