//! `tier_evaluations` and what a tier evaluation reads (`domain.md` §5.11): the campaign's active
//! members with their current period, and the confirmed commissions of the window — one query
//! each per campaign, whatever the number of members or commissions.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Int4, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::{campaign_tiers, campaigns, commissions, tier_evaluations};

/// A `tier_evaluations` row to record.
#[derive(Debug, Clone, Copy)]
pub struct NewTierEvaluation<'a> {
    /// Tenant.
    pub tenant_id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// `E`.
    pub evaluation_at: DateTime<Utc>,
    /// `E − P`.
    pub window_start: DateTime<Utc>,
    /// `E`.
    pub window_end: DateTime<Utc>,
    /// Who (email or system actor).
    pub triggered_by: &'a str,
    /// Memberships evaluated.
    pub evaluated_count: i32,
    /// Memberships whose tier changed.
    pub changed_count: i32,
}

/// Records a real evaluation of `(campaign, E)` → `(id, true)`, or finds the one already
/// recorded → `(id, false)`: the unique index on `(campaign_id, evaluation_at) WHERE NOT dry_run`
/// makes a second evaluation at the same instant find the first one's row (whose counts stay).
pub async fn record(
    conn: &mut AsyncPgConnection,
    row: &NewTierEvaluation<'_>,
) -> crate::Result<(Uuid, bool)> {
    let inserted: Option<Uuid> = diesel::insert_into(tier_evaluations::table)
        .values((
            tier_evaluations::id.eq(crate::new_id()),
            tier_evaluations::tenant_id.eq(row.tenant_id),
            tier_evaluations::campaign_id.eq(row.campaign_id),
            tier_evaluations::evaluation_at.eq(row.evaluation_at),
            tier_evaluations::window_start.eq(row.window_start),
            tier_evaluations::window_end.eq(row.window_end),
            tier_evaluations::triggered_by.eq(row.triggered_by),
            tier_evaluations::evaluated_count.eq(row.evaluated_count),
            tier_evaluations::changed_count.eq(row.changed_count),
            tier_evaluations::dry_run.eq(false),
        ))
        .on_conflict_do_nothing()
        .returning(tier_evaluations::id)
        .get_result(conn)
        .await
        .optional()?;
    match inserted {
        Some(id) => Ok((id, true)),
        None => {
            let id = tier_evaluations::table
                .filter(tier_evaluations::campaign_id.eq(row.campaign_id))
                .filter(tier_evaluations::evaluation_at.eq(row.evaluation_at))
                .filter(tier_evaluations::dry_run.eq(false))
                .select(tier_evaluations::id)
                .first(conn)
                .await?;
            Ok((id, false))
        }
    }
}

/// Real evaluations of a campaign: `(evaluation_at, evaluated_count, changed_count)`, oldest
/// first.
pub async fn of_campaign(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
) -> crate::Result<Vec<(DateTime<Utc>, i32, i32)>> {
    tier_evaluations::table
        .filter(tier_evaluations::campaign_id.eq(campaign_id))
        .filter(tier_evaluations::dry_run.eq(false))
        .order(tier_evaluations::evaluation_at.asc())
        .select((
            tier_evaluations::evaluation_at,
            tier_evaluations::evaluated_count,
            tier_evaluations::changed_count,
        ))
        .load(conn)
        .await
}

/// An active member of a campaign as an evaluation sees it.
#[derive(Debug, Clone, QueryableByName)]
pub struct Member {
    /// Influencer.
    #[diesel(sql_type = SqlUuid)]
    pub influencer_id: Uuid,
    /// `first_name last_name`.
    #[diesel(sql_type = Text)]
    pub influencer_name: String,
    /// The influencer's user (none before sign-up or after anonymisation).
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub user_id: Option<Uuid>,
    /// The assignment's level (none when the membership has no assignment).
    #[diesel(sql_type = Nullable<Int4>)]
    pub tier_level: Option<i32>,
    /// The open period's tier name.
    #[diesel(sql_type = Nullable<Text>)]
    pub period_tier_name: Option<String>,
    /// The open period's rate.
    #[diesel(sql_type = Nullable<Numeric>)]
    pub period_commission_percent: Option<Decimal>,
    /// When the open period began.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub period_from: Option<DateTime<Utc>>,
}

/// The `active` members of a campaign with their assignment and open `tier_history` period.
pub async fn members(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
) -> crate::Result<Vec<Member>> {
    diesel::sql_query(
        "SELECT ci.influencer_id,
                i.first_name || ' ' || i.last_name AS influencer_name,
                i.user_id,
                ta.tier_level,
                th.tier_name AS period_tier_name,
                th.commission_percent AS period_commission_percent,
                th.effective_from AS period_from
           FROM campaign_influencers ci
           JOIN influencers i ON i.id = ci.influencer_id
           LEFT JOIN tier_assignments ta
             ON ta.campaign_id = ci.campaign_id AND ta.influencer_id = ci.influencer_id
           LEFT JOIN tier_history th
             ON th.campaign_id = ci.campaign_id AND th.influencer_id = ci.influencer_id
            AND th.effective_to IS NULL
          WHERE ci.campaign_id = $1 AND ci.status = 'active'
          ORDER BY ci.influencer_id",
    )
    .bind::<SqlUuid, _>(campaign_id)
    .load(conn)
    .await
}

/// One confirmed commission of a window: `(influencer, confirmed_at, eligible, commission,
/// net)`.
pub type ConfirmedSale = (
    Uuid,
    Option<DateTime<Utc>>,
    Decimal,
    Decimal,
    Option<Decimal>,
);

/// The campaign's `confirmed` commissions with `confirmed_at` in `[start, end)`.
pub async fn confirmed_sales(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> crate::Result<Vec<ConfirmedSale>> {
    commissions::table
        .filter(commissions::campaign_id.eq(campaign_id))
        .filter(commissions::state.eq("confirmed"))
        .filter(commissions::confirmed_at.ge(start))
        .filter(commissions::confirmed_at.lt(end))
        .select((
            commissions::influencer_id,
            commissions::confirmed_at,
            commissions::eligible_amount,
            commissions::commission_amount,
            commissions::net_amount,
        ))
        .load(conn)
        .await
}

/// Ids of the tenant's `active` campaigns that have tiers, by name (the default of a manual
/// evaluation).
pub async fn active_with_tiers(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<Vec<Uuid>> {
    campaigns::table
        .filter(campaigns::tenant_id.eq(tenant_id))
        .filter(campaigns::status.eq("active"))
        .filter(campaigns::deleted_at.is_null())
        .filter(diesel::dsl::exists(
            campaign_tiers::table.filter(campaign_tiers::campaign_id.eq(campaigns::id)),
        ))
        .order((campaigns::name.asc(), campaigns::id.asc()))
        .select(campaigns::id)
        .load(conn)
        .await
}

/// Ids of the tenant's `active` campaigns whose `next_tier_evaluation_on ≤ today`.
pub async fn due(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    today: NaiveDate,
) -> crate::Result<Vec<Uuid>> {
    campaigns::table
        .filter(campaigns::tenant_id.eq(tenant_id))
        .filter(campaigns::status.eq("active"))
        .filter(campaigns::deleted_at.is_null())
        .filter(campaigns::next_tier_evaluation_on.le(today))
        .order((campaigns::name.asc(), campaigns::id.asc()))
        .select(campaigns::id)
        .load(conn)
        .await
}

/// Moves a campaign's schedule: `next_tier_evaluation_on = next`.
pub async fn schedule_next(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    next: NaiveDate,
) -> crate::Result<()> {
    diesel::update(campaigns::table.find(campaign_id))
        .set((
            campaigns::next_tier_evaluation_on.eq(next),
            campaigns::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}
