//! Reading an influencer's campaign memberships as its record shows them (campaign, brand and
//! current tier) and the brands they belong to, which decide admin_marca scoping
//! (`domain.md` §2.3). Memberships are written by the campaign assignment endpoints.

use afiliados_domain::MembershipStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::{brands, campaign_influencers, campaign_tiers, campaigns, tier_assignments};

/// One membership with its campaign, brand and tier.
#[derive(Debug, Clone, PartialEq)]
pub struct MembershipView {
    /// Campaign.
    pub campaign_id: Uuid,
    /// Campaign name.
    pub campaign_name: String,
    /// Brand.
    pub brand_id: Uuid,
    /// Brand name.
    pub brand_name: String,
    /// `active|inactive`.
    pub status: MembershipStatus,
    /// When assigned.
    pub assigned_at: DateTime<Utc>,
    /// The campaign's base rate (the rate of the tier-less level 0).
    pub base_commission_percent: Decimal,
    /// Assigned tier level (0 = base), when an assignment exists.
    pub tier_level: Option<i32>,
    /// Since when.
    pub tier_since: Option<DateTime<Utc>>,
    /// Tier name (none for level 0).
    pub tier_name: Option<String>,
    /// Tier rate (none for level 0).
    pub tier_percent: Option<Decimal>,
}

type Row = (
    Uuid,
    String,
    Uuid,
    String,
    MembershipStatus,
    DateTime<Utc>,
    Decimal,
    Option<i32>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<Decimal>,
);

/// Every membership of an influencer (any status), oldest assignment first.
pub async fn for_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<MembershipView>> {
    let rows: Vec<Row> = campaign_influencers::table
        .inner_join(campaigns::table.inner_join(brands::table))
        .left_join(
            tier_assignments::table.on(tier_assignments::campaign_id
                .eq(campaign_influencers::campaign_id)
                .and(tier_assignments::influencer_id.eq(campaign_influencers::influencer_id))),
        )
        .left_join(
            campaign_tiers::table.on(campaign_tiers::id.nullable().eq(tier_assignments::tier_id)),
        )
        .filter(campaign_influencers::influencer_id.eq(influencer_id))
        .filter(campaigns::deleted_at.is_null())
        .order((
            campaign_influencers::assigned_at.asc(),
            campaign_influencers::id.asc(),
        ))
        .select((
            campaigns::id,
            campaigns::name,
            brands::id,
            brands::name,
            campaign_influencers::status,
            campaign_influencers::assigned_at,
            campaigns::base_commission_percent,
            tier_assignments::tier_level.nullable(),
            tier_assignments::since.nullable(),
            campaign_tiers::name.nullable(),
            campaign_tiers::commission_percent.nullable(),
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                campaign_id,
                campaign_name,
                brand_id,
                brand_name,
                status,
                assigned_at,
                base_commission_percent,
                tier_level,
                tier_since,
                tier_name,
                tier_percent,
            )| MembershipView {
                campaign_id,
                campaign_name,
                brand_id,
                brand_name,
                status,
                assigned_at,
                base_commission_percent,
                tier_level,
                tier_since,
                tier_name,
                tier_percent,
            },
        )
        .collect())
}

/// The distinct brands of an influencer's memberships (any membership status).
pub async fn brand_ids(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<Uuid>> {
    campaign_influencers::table
        .inner_join(campaigns::table)
        .filter(campaign_influencers::influencer_id.eq(influencer_id))
        .select(campaigns::brand_id)
        .distinct()
        .load(conn)
        .await
}
