//! `tier_assignments` (the current tier of each membership) and `tier_history` (one row per
//! period a tier applied), written together so they never disagree.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::{tier_assignments, tier_history};

/// A current assignment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tier_assignments, check_for_backend(diesel::pg::Pg))]
pub struct Assignment {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Tier (none for the virtual Base).
    pub tier_id: Option<Uuid>,
    /// Level (0 for Base).
    pub tier_level: i32,
    /// Since when.
    pub since: DateTime<Utc>,
    /// Last evaluation.
    pub last_evaluated_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// The tier a membership moves to.
#[derive(Debug, Clone)]
pub struct TierPlacement<'a> {
    /// Tenant.
    pub tenant_id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Tier (none for Base).
    pub tier_id: Option<Uuid>,
    /// Level.
    pub tier_level: i32,
    /// Name at the time.
    pub tier_name: &'a str,
    /// Rate at the time.
    pub commission_percent: Decimal,
    /// Since when.
    pub at: DateTime<Utc>,
    /// `initial|upgrade|downgrade|tier_removed`.
    pub reason: &'a str,
    /// Who (email or system actor).
    pub triggered_by: &'a str,
    /// The evaluation that decided the move (none for `initial` and `tier_removed`).
    pub evaluation: Option<EvaluationMark>,
}

/// What a tier evaluation records on the period it opens (`domain.md` §5.11).
#[derive(Debug, Clone, Copy)]
pub struct EvaluationMark {
    /// The `tier_evaluations` row.
    pub evaluation_id: Uuid,
    /// `E − P`.
    pub window_start: DateTime<Utc>,
    /// `E`.
    pub window_end: DateTime<Utc>,
    /// The window's volume.
    pub sales_volume: Decimal,
}

/// Places a membership on a tier: closes the open history period, opens a new one and upserts
/// the current assignment.
pub async fn place(
    conn: &mut AsyncPgConnection,
    placement: &TierPlacement<'_>,
) -> crate::Result<()> {
    diesel::update(
        tier_history::table
            .filter(tier_history::campaign_id.eq(placement.campaign_id))
            .filter(tier_history::influencer_id.eq(placement.influencer_id))
            .filter(tier_history::effective_to.is_null()),
    )
    .set((
        tier_history::effective_to.eq(placement.at),
        tier_history::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await?;
    diesel::insert_into(tier_history::table)
        .values((
            tier_history::id.eq(crate::new_id()),
            tier_history::tenant_id.eq(placement.tenant_id),
            tier_history::campaign_id.eq(placement.campaign_id),
            tier_history::influencer_id.eq(placement.influencer_id),
            tier_history::tier_id.eq(placement.tier_id),
            tier_history::tier_level.eq(placement.tier_level),
            tier_history::tier_name.eq(placement.tier_name),
            tier_history::commission_percent.eq(placement.commission_percent),
            tier_history::effective_from.eq(placement.at),
            tier_history::reason.eq(placement.reason),
            tier_history::triggered_by.eq(placement.triggered_by),
            tier_history::window_start.eq(placement.evaluation.map(|e| e.window_start)),
            tier_history::window_end.eq(placement.evaluation.map(|e| e.window_end)),
            tier_history::sales_volume.eq(placement.evaluation.map(|e| e.sales_volume)),
            tier_history::evaluation_id.eq(placement.evaluation.map(|e| e.evaluation_id)),
        ))
        .execute(conn)
        .await?;
    diesel::insert_into(tier_assignments::table)
        .values((
            tier_assignments::id.eq(crate::new_id()),
            tier_assignments::tenant_id.eq(placement.tenant_id),
            tier_assignments::campaign_id.eq(placement.campaign_id),
            tier_assignments::influencer_id.eq(placement.influencer_id),
            tier_assignments::tier_id.eq(placement.tier_id),
            tier_assignments::tier_level.eq(placement.tier_level),
            tier_assignments::since.eq(placement.at),
        ))
        .on_conflict((
            tier_assignments::campaign_id,
            tier_assignments::influencer_id,
        ))
        .do_update()
        .set((
            tier_assignments::tier_id.eq(placement.tier_id),
            tier_assignments::tier_level.eq(placement.tier_level),
            tier_assignments::since.eq(placement.at),
            tier_assignments::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Sets `last_evaluated_at = at` on the assignments of these members of a campaign (an
/// evaluation that keeps their level changes nothing else).
pub async fn mark_evaluated(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    influencer_ids: &[Uuid],
    at: DateTime<Utc>,
) -> crate::Result<usize> {
    diesel::update(
        tier_assignments::table
            .filter(tier_assignments::campaign_id.eq(campaign_id))
            .filter(tier_assignments::influencer_id.eq_any(influencer_ids)),
    )
    .set((
        tier_assignments::last_evaluated_at.eq(at),
        tier_assignments::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await
}

/// Current assignments of a campaign's members (all when `influencer_ids` is `None`).
pub async fn of_campaign(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    influencer_ids: Option<&[Uuid]>,
) -> crate::Result<Vec<Assignment>> {
    let mut query = tier_assignments::table
        .filter(tier_assignments::campaign_id.eq(campaign_id))
        .into_boxed();
    if let Some(ids) = influencer_ids {
        query = query.filter(tier_assignments::influencer_id.eq_any(ids.to_vec()));
    }
    query.select(Assignment::as_select()).load(conn).await
}

/// Current assignments of an influencer in these campaigns.
pub async fn of_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    campaign_ids: &[Uuid],
) -> crate::Result<Vec<Assignment>> {
    tier_assignments::table
        .filter(tier_assignments::influencer_id.eq(influencer_id))
        .filter(tier_assignments::campaign_id.eq_any(campaign_ids))
        .select(Assignment::as_select())
        .load(conn)
        .await
}

/// History rows of a membership: (level, name, rate, reason, from, to), oldest first.
pub async fn history_of(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    influencer_id: Uuid,
) -> crate::Result<
    Vec<(
        i32,
        String,
        Decimal,
        String,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
    )>,
> {
    tier_history::table
        .filter(tier_history::campaign_id.eq(campaign_id))
        .filter(tier_history::influencer_id.eq(influencer_id))
        .order(tier_history::effective_from.asc())
        .select((
            tier_history::tier_level,
            tier_history::tier_name,
            tier_history::commission_percent,
            tier_history::reason,
            tier_history::effective_from,
            tier_history::effective_to,
        ))
        .load(conn)
        .await
}
