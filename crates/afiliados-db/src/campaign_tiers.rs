//! `campaign_tiers`: the optional commission ladder of a campaign (`domain.md` §5.4.3).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::{campaign_tiers, tier_assignments, tier_history};

/// A tier row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = campaign_tiers, check_for_backend(diesel::pg::Pg))]
pub struct Tier {
    /// Id (kept across edits of its level).
    pub id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Name.
    pub name: String,
    /// 1..n.
    pub level: i32,
    /// Volume from which it applies.
    pub threshold: Decimal,
    /// Rate.
    pub commission_percent: Decimal,
    /// Start tier.
    pub is_default: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// The values of one tier to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierValues {
    /// Name.
    pub name: String,
    /// Level.
    pub level: i32,
    /// Threshold.
    pub threshold: Decimal,
    /// Rate.
    pub commission_percent: Decimal,
    /// Default.
    pub is_default: bool,
}

/// Tiers of these campaigns, by level.
pub async fn of_campaigns(
    mut conn: &AsyncPgConnection,
    campaign_ids: &[Uuid],
) -> crate::Result<Vec<Tier>> {
    campaign_tiers::table
        .filter(campaign_tiers::campaign_id.eq_any(campaign_ids))
        .order((campaign_tiers::campaign_id, campaign_tiers::level.asc()))
        .select(Tier::as_select())
        .load(&mut conn)
        .await
}

/// Inserts a tier.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    tier: &TierValues,
) -> crate::Result<Tier> {
    diesel::insert_into(campaign_tiers::table)
        .values((
            campaign_tiers::id.eq(crate::new_id()),
            campaign_tiers::campaign_id.eq(campaign_id),
            campaign_tiers::name.eq(&tier.name),
            campaign_tiers::level.eq(tier.level),
            campaign_tiers::threshold.eq(tier.threshold),
            campaign_tiers::commission_percent.eq(tier.commission_percent),
            campaign_tiers::is_default.eq(tier.is_default),
        ))
        .returning(Tier::as_returning())
        .get_result(conn)
        .await
}

/// Overwrites a tier's values (its id and level stay).
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    tier: &TierValues,
) -> crate::Result<()> {
    diesel::update(campaign_tiers::table.find(id))
        .set((
            campaign_tiers::name.eq(&tier.name),
            campaign_tiers::threshold.eq(tier.threshold),
            campaign_tiers::commission_percent.eq(tier.commission_percent),
            campaign_tiers::is_default.eq(tier.is_default),
            campaign_tiers::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Moves a kept tier out of the way of the unique threshold and default indexes while a list
/// is replaced (thresholds may swap between levels).
pub async fn park(conn: &mut AsyncPgConnection, id: Uuid, level: i32) -> crate::Result<()> {
    let parked = Decimal::new(999_999_999_000, 0) + Decimal::from(level);
    diesel::update(campaign_tiers::table.find(id))
        .set((
            campaign_tiers::threshold.eq(parked),
            campaign_tiers::is_default.eq(false),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Deletes a removed tier; its history rows keep name, level and rate but lose the link.
pub async fn delete(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::update(tier_history::table.filter(tier_history::tier_id.eq(id)))
        .set(tier_history::tier_id.eq(None::<Uuid>))
        .execute(conn)
        .await?;
    diesel::delete(campaign_tiers::table.find(id))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Whether current assignments point at the tier.
pub async fn has_assignments(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        tier_assignments::table.filter(tier_assignments::tier_id.eq(id)),
    ))
    .get_result(conn)
    .await
}
