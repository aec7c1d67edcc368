//! `GET /dashboard/gestor` (`domain.md` §6.2): admin_dentsu and gestor_afiliados see every brand
//! (optional `brandId`), admin_marca its brands only (a `brandId` outside them is 404). Every
//! figure is computed over in-scope rows (`domain.md` §2.3).

use afiliados_api_types::dashboards::{
    CampaignStatusCounts, CodeStatusCounts, CommissionsOnHold, GestorCampaign, GestorCampaigns,
    GestorCode, GestorCodes, GestorDashboard, GestorDashboardQuery, GestorInfluencers,
    InfluencerStatusCounts, PendingApproval, PendingApprovals,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::dashboard_gestor::{self as queries, StatusCount};
use afiliados_domain::business_days::is_business_day;
use afiliados_domain::{Actor, CampaignStatus, CodeStatus, Role, SyncState, bogota_date};
use chrono::{Duration, NaiveDate};
use uuid::Uuid;

use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::fields::money;
use crate::usecases::list_query::stored;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles that see every brand.
const ALL_BRANDS: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];
/// How many oldest pending influencers and newest codes are listed.
const LISTED: i64 = 10;
/// The registration promise: a decision within 3 business days.
const APPROVAL_PROMISE_DAYS: i64 = 3;

/// Business days after `since` up to and including `today` (0 on the same day).
fn business_days_between(since: NaiveDate, today: NaiveDate, holidays: &[NaiveDate]) -> i64 {
    let mut count = 0;
    let mut day = since + Duration::days(1);
    while day <= today {
        if is_business_day(day, holidays) {
            count += 1;
        }
        day += Duration::days(1);
    }
    count
}

fn count_of(rows: &[StatusCount], status: &str) -> i64 {
    rows.iter()
        .filter(|row| row.status == status)
        .map(|row| row.count)
        .sum()
}

/// The brands the figures cover (`None`: the whole tenant).
fn brand_filter(scope: Scope, brand_id: Option<Uuid>) -> Result<Option<Vec<Uuid>>, UseCaseError> {
    match (scope, brand_id) {
        (Scope::Brands(brands), Some(brand)) if !brands.contains(&brand) => {
            Err(UseCaseError::NotFound)
        }
        (Scope::Brands(brands), None) => Ok(Some(brands)),
        (_, Some(brand)) => Ok(Some(vec![brand])),
        (_, None) => Ok(None),
    }
}

async fn campaigns(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    brands: Option<&[Uuid]>,
) -> Result<GestorCampaigns, UseCaseError> {
    let now = ctx.now();
    let rows = queries::campaigns(tx, ctx.tenant_id, brands, now - Duration::days(30), now).await?;
    let mut by_status = CampaignStatusCounts::default();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let status = stored(&row.status, CampaignStatus::parse)?;
        match status {
            CampaignStatus::Draft => by_status.draft += 1,
            CampaignStatus::Active => by_status.active += 1,
            CampaignStatus::Paused => by_status.paused += 1,
            CampaignStatus::Ended => by_status.ended += 1,
        }
        items.push(GestorCampaign {
            id: row.id.into(),
            name: row.name,
            brand_id: row.brand_id.into(),
            brand_name: row.brand_name,
            status,
            start_date: row.start_date,
            end_date: row.end_date,
            active_members: row.active_members,
            active_codes: row.active_codes,
            orders_last30_days: row.orders,
            eligible_sales_last30_days: money(row.eligible_sales),
            commission_last30_days: money(row.commission),
        });
    }
    Ok(GestorCampaigns { by_status, items })
}

async fn codes(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    brands: Option<&[Uuid]>,
) -> Result<GestorCodes, UseCaseError> {
    let counts = queries::codes_by_status(tx, ctx.tenant_id, brands).await?;
    let recent = queries::recent_codes(tx, ctx.tenant_id, brands, LISTED)
        .await?
        .into_iter()
        .map(|row| {
            Ok(GestorCode {
                id: row.id.into(),
                code: row.code,
                campaign_id: row.campaign_id.into(),
                campaign_name: row.campaign_name,
                influencer_id: row.influencer_id.into(),
                influencer_name: row.influencer_name,
                status: stored(&row.status, CodeStatus::parse)?,
                sync_state: stored(&row.sync_state, SyncState::parse)?,
                last_sync_error: row.last_sync_error,
                created_at: row.created_at,
            })
        })
        .collect::<Result<Vec<_>, UseCaseError>>()?;
    Ok(GestorCodes {
        by_status: CodeStatusCounts {
            pending: count_of(&counts, "pending"),
            active: count_of(&counts, "active"),
            inactive: count_of(&counts, "inactive"),
        },
        sync_failed: queries::codes_sync_failed(tx, ctx.tenant_id, brands).await?,
        recent,
    })
}

/// The gestor dashboard for the caller's scope.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn dashboard(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &GestorDashboardQuery,
) -> Result<GestorDashboard, UseCaseError> {
    let scope = resolve(tx, actor, &ALL_BRANDS, true, false).await?;
    let brands = brand_filter(scope, query.brand_id.map(Uuid::from))?;
    let brands = brands.as_deref();
    let tenant = ctx.tenant_id;

    let statuses = queries::influencers_by_status(tx, tenant, brands).await?;
    let by_status = InfluencerStatusCounts {
        pending: count_of(&statuses, "pending"),
        approved: count_of(&statuses, "approved"),
        rejected: count_of(&statuses, "rejected"),
        suspended: count_of(&statuses, "suspended"),
    };
    let today = ctx.today();
    let holidays = &ctx.settings.onboarding.business_holidays;
    let oldest = queries::oldest_pending(tx, tenant, brands, LISTED)
        .await?
        .into_iter()
        .map(|row| {
            let waiting = business_days_between(bogota_date(row.created_at), today, holidays);
            PendingApproval {
                id: row.id.into(),
                first_name: row.first_name,
                last_name: row.last_name,
                email: row.email,
                created_at: row.created_at,
                business_days_waiting: waiting,
                overdue: waiting > APPROVAL_PROMISE_DAYS,
            }
        })
        .collect();
    let held = queries::held_commissions(tx, tenant, brands).await?;
    let unread =
        afiliados_db::dashboard_influencer::unread_notifications(tx, actor.user_id).await?;
    Ok(GestorDashboard {
        influencers: GestorInfluencers {
            total: statuses.iter().map(|row| row.count).sum(),
            by_status: by_status.clone(),
        },
        pending_approvals: PendingApprovals {
            count: by_status.pending,
            oldest,
        },
        campaigns: campaigns(tx, ctx, brands).await?,
        codes: codes(tx, ctx, brands).await?,
        commissions_on_hold: CommissionsOnHold {
            count: held.count,
            net_amount: money(held.net_amount),
        },
        influencers_with_pending_consents: queries::with_pending_consents(tx, tenant, brands)
            .await?,
        unread_notifications: unread,
        generated_at: ctx.now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn waiting_counts_business_days_after_registration() {
        // Registered Friday 2026-12-04; Monday 2026-12-07 a holiday.
        let holidays = [date("2026-12-07")];
        assert_eq!(
            business_days_between(date("2026-12-04"), date("2026-12-04"), &holidays),
            0
        );
        assert_eq!(
            business_days_between(date("2026-12-04"), date("2026-12-07"), &holidays),
            0
        );
        assert_eq!(
            business_days_between(date("2026-12-04"), date("2026-12-10"), &holidays),
            3
        );
        assert_eq!(
            business_days_between(date("2026-12-04"), date("2026-12-11"), &holidays),
            4
        );
    }

    #[test]
    fn admin_marca_gets_404_for_a_brand_outside_its_own() {
        let mine = Uuid::from_u128(1);
        let scope = Scope::Brands(vec![mine]);
        assert!(matches!(
            brand_filter(scope, Some(Uuid::from_u128(2))),
            Err(UseCaseError::NotFound)
        ));
        assert_eq!(brand_filter(Scope::All, None).unwrap(), None);
    }
}
