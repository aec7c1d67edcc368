//! `GET /dashboard/admin` (AD, AU; `api.md` §15, `domain.md` §6.4): the platform at a glance.
//! Commission figures come from the rollups kept by triggers on `commissions` (ADR 0059), so
//! the answer costs the same with ten orders or a million; lists are the newest N rows of
//! indexed tables; the system block counts a bounded window. An answer built on the same
//! database snapshot less than a second earlier is reused (ADR 0076, [`super::admin_snapshots`]).

use afiliados_api_types::admin_dashboard::{
    AdminDashboard, AdminDashboardQuery, AdminStats, AdminSystem, BrandPerformance, CampaignCounts,
    RecentReconciliation, TopInfluencer,
};
use afiliados_api_types::alerts::AlertResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::dashboard_admin::{self as queries, ConfirmedWindow};
use afiliados_domain::{
    Actor, AlertSeverity, AlertType, FieldCode, Money, ReconciliationStatus, ReconciliationType,
    Role, bogota_date, business_day_start,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use super::admin_snapshots::{AdminDashboardSnapshots, AnswerKey};
use super::months::this_month_days;
use crate::usecases::fields::money;
use crate::usecases::list_query::{instant, stored};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Roles that see the admin dashboard (`api.md` §15: AD and AU).
const READERS: [Role; 2] = [Role::AdminDentsu, Role::Auditor];
/// `topInfluencers` length (§6.4).
const TOP_INFLUENCERS: i64 = 8;
/// `alerts` length.
const ALERTS: i64 = 20;
/// `auditTrail` length.
const AUDIT_ENTRIES: i64 = 15;
/// `recentReconciliations` length.
const RECONCILIATIONS: i64 = 10;

/// The confirmed-at window of `topInfluencers`: `None` when neither bound is given (all time).
/// A missing `from` is the beginning of time, a missing `to` the start of tomorrow (Bogota), so
/// everything confirmed so far is inside; `from ≥ to` is `date_order`.
fn window(
    ctx: &UseCaseContext<'_>,
    query: &AdminDashboardQuery,
) -> Result<Option<ConfirmedWindow>, UseCaseError> {
    let mut problems = Problems::new();
    let from = instant("from", query.from.as_deref(), &mut problems);
    let to = instant("to", query.to.as_deref(), &mut problems);
    problems.finish()?;
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let beginning =
        NaiveDate::from_ymd_opt(2000, 1, 1).map_or(DateTime::UNIX_EPOCH, business_day_start);
    let from = from.unwrap_or(beginning);
    let to = to.unwrap_or_else(|| business_day_start(ctx.today() + Duration::days(1)));
    if from >= to {
        return Err(UseCaseError::invalid("to", FieldCode::DateOrder));
    }
    Ok(Some(split(from, to)))
}

/// Splits `[from, to)` into whole Bogota days (read from the day rollup) and the partial days at
/// either edge (read from the commissions), without overlap.
fn split(from: DateTime<Utc>, to: DateTime<Utc>) -> ConfirmedWindow {
    let first = bogota_date(from);
    let days_from = if business_day_start(first) == from {
        first
    } else {
        first + Duration::days(1)
    };
    let days_to = bogota_date(to);
    if days_from >= days_to {
        return ConfirmedWindow {
            days_from: days_to,
            days_to,
            head: (from, to),
            tail: (to, to),
        };
    }
    ConfirmedWindow {
        days_from,
        days_to,
        head: (from, business_day_start(days_from)),
        tail: (business_day_start(days_to), to),
    }
}

/// (estimated + confirmed) / eligible × 100, 2 decimals (half away from zero); `None` when the
/// eligible sales shown are 0.
fn effective_rate(eligible: Money, estimated: Money, confirmed: Money) -> Option<Decimal> {
    let eligible = eligible.amount();
    if eligible.is_zero() {
        return None;
    }
    let rate = (estimated.amount() + confirmed.amount()) * Decimal::ONE_HUNDRED / eligible;
    Some(rate.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

fn brand(row: queries::BrandPerformance) -> BrandPerformance {
    let eligible_sales = money(row.eligible_sales);
    let estimated = money(row.estimated);
    let confirmed = money(row.confirmed);
    BrandPerformance {
        brand_id: row.brand_id.into(),
        brand_name: row.brand_name,
        effective_commission_rate: effective_rate(eligible_sales, estimated, confirmed),
        eligible_sales,
        estimated_commission: estimated,
        confirmed_commission: confirmed,
        reverted_commission: money(row.reverted),
    }
}

fn alert(row: afiliados_db::alerts::AlertRow) -> Result<AlertResponse, UseCaseError> {
    Ok(AlertResponse {
        id: row.id.into(),
        alert_type: stored(&row.alert_type, AlertType::parse)?,
        severity: stored(&row.severity, AlertSeverity::parse)?,
        message: row.message,
        details: row.details,
        raised_at: row.raised_at,
        acknowledged_at: row.acknowledged_at,
        acknowledged_by: row.acknowledged_by.map(Into::into),
    })
}

fn reconciliation(
    row: afiliados_db::reconciliation_runs::ReconciliationRunRow,
) -> Result<RecentReconciliation, UseCaseError> {
    Ok(RecentReconciliation {
        id: row.id.into(),
        run_type: stored(&row.run_type, ReconciliationType::parse)?,
        status: stored(&row.status, ReconciliationStatus::parse)?,
        started_at: row.started_at,
        finished_at: row.finished_at,
        discrepancies_found: row.discrepancies_found,
        pending_manual_count: row.pending_manual_count,
        auto_reconciled_ratio: row.auto_reconciled_ratio,
    })
}

/// The dashboard. Must run first in a `REPEATABLE READ` transaction
/// ([`crate::transaction::read_repeatable`]): its first statement reads the snapshot every
/// later one sees, and an answer built on that very snapshot within the last second is reused.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, reused))]
pub async fn dashboard(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &AdminDashboardQuery,
    answers: &AdminDashboardSnapshots,
) -> Result<AdminDashboard, UseCaseError> {
    actor.require_any(&READERS)?;
    let key = AnswerKey {
        tenant_id: ctx.tenant_id,
        window: window(ctx, query)?,
        month: this_month_days(ctx.today()).0,
    };
    let now = ctx.now();
    let snapshot = queries::snapshot(tx).await?;
    let reused = answers.reuse(&key, &snapshot, now);
    tracing::Span::current().record("reused", reused.is_some());
    if let Some(answer) = reused {
        return Ok(answer);
    }
    let dashboard = build(tx, key, now).await?;
    answers.store(key, snapshot, now, dashboard.clone());
    Ok(dashboard)
}

/// Reads every block at `now`.
async fn build(
    tx: &mut AsyncPgConnection,
    key: AnswerKey,
    now: DateTime<Utc>,
) -> Result<AdminDashboard, UseCaseError> {
    let AnswerKey {
        tenant_id: tenant,
        window,
        month,
    } = key;
    let stats = queries::stats(tx, tenant, month).await?;
    let top = queries::top_influencers(tx, tenant, TOP_INFLUENCERS, window).await?;
    let brands = queries::performance_by_brand(tx, tenant).await?;
    let alerts = afiliados_db::alerts::latest(tx, tenant, ALERTS).await?;
    let audit = afiliados_db::audit::latest(tx, tenant, AUDIT_ENTRIES).await?;
    let runs = afiliados_db::reconciliation_runs::latest(tx, tenant, RECONCILIATIONS).await?;
    let system = queries::system(tx, tenant, now).await?;
    let backup = afiliados_db::backup_snapshots::latest(tx).await?;

    Ok(AdminDashboard {
        stats: AdminStats {
            active_influencers: stats.active_influencers,
            total_influencers: stats.total_influencers,
            pending_influencers: stats.pending_influencers,
            active_brands: stats.active_brands,
            campaigns: CampaignCounts {
                total: stats.campaigns_total,
                active: stats.campaigns_active,
            },
            confirmed_commission_this_month: money(stats.confirmed_this_month),
            confirmed_commission_all_time: money(stats.confirmed_all_time),
            estimated_commission: money(stats.estimated),
            eligible_sales_this_month: money(stats.eligible_this_month),
        },
        top_influencers: top
            .into_iter()
            .map(|row| TopInfluencer {
                influencer_id: row.influencer_id.into(),
                name: row.name,
                confirmed_commission: money(row.confirmed),
                estimated_commission: money(row.estimated),
                attributed_orders: row.attributed_orders,
            })
            .collect(),
        performance_by_brand: brands.into_iter().map(brand).collect(),
        alerts: alerts.into_iter().map(alert).collect::<Result<_, _>>()?,
        audit_trail: audit
            .into_iter()
            .map(crate::usecases::audit::logs::entry)
            .collect(),
        recent_reconciliations: runs
            .into_iter()
            .map(reconciliation)
            .collect::<Result<_, _>>()?,
        system: AdminSystem {
            last_backup_at: backup.as_ref().map(|b| b.created_at),
            last_backup_size_bytes: backup.as_ref().map(|b| b.size_bytes),
            deliveries_last_24h: system.deliveries_last_24h,
            failed_deliveries_last_24h: system.failed_deliveries_last_24h,
            open_discrepancies: system.open_discrepancies,
            emails_undelivered_over_30_min: system.emails_undelivered,
            jobs_failed_last_24h: system.jobs_failed_last_24h,
        },
        generated_at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn whole_days_come_from_the_rollup_and_edges_from_the_commissions() {
        let window = split(at("2026-03-02T15:00:00Z"), at("2026-03-05T10:00:00Z"));
        assert_eq!(window.days_from, date("2026-03-03"));
        assert_eq!(window.days_to, date("2026-03-05"));
        assert_eq!(
            window.head,
            (at("2026-03-02T15:00:00Z"), at("2026-03-03T05:00:00Z"))
        );
        assert_eq!(
            window.tail,
            (at("2026-03-05T05:00:00Z"), at("2026-03-05T10:00:00Z"))
        );
    }

    #[test]
    fn bogota_midnights_leave_no_edges() {
        let window = split(at("2026-03-01T05:00:00Z"), at("2026-04-01T05:00:00Z"));
        assert_eq!(
            (window.days_from, window.days_to),
            (date("2026-03-01"), date("2026-04-01"))
        );
        assert_eq!(window.head.0, window.head.1);
        assert_eq!(window.tail.0, window.tail.1);
    }

    #[test]
    fn a_window_inside_one_day_is_read_once() {
        let window = split(at("2026-03-02T15:00:00Z"), at("2026-03-02T18:00:00Z"));
        assert_eq!(window.days_from, window.days_to);
        assert_eq!(
            window.head,
            (at("2026-03-02T15:00:00Z"), at("2026-03-02T18:00:00Z"))
        );
        assert_eq!(window.tail.0, window.tail.1);
    }

    #[test]
    fn the_rate_has_two_decimals_and_no_value_without_sales() {
        let rate = effective_rate(
            Money::from_units(30_000),
            Money::from_units(1_000),
            Money::from_units(0),
        );
        assert_eq!(rate, Some(Decimal::new(333, 2)));
        assert_eq!(
            effective_rate(
                Money::from_units(0),
                Money::from_units(5),
                Money::from_units(0)
            ),
            None
        );
    }
}
