//! `campaign_influencers`: memberships of influencers in campaigns (`domain.md` §5.4.4).

use afiliados_domain::MembershipStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::{campaign_influencers as members, influencers};

/// A membership row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members, check_for_backend(diesel::pg::Pg))]
pub struct Membership {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// `active|inactive`.
    pub status: MembershipStatus,
    /// Who assigned.
    pub assigned_by: Option<Uuid>,
    /// When assigned.
    pub assigned_at: DateTime<Utc>,
    /// Notes.
    pub notes: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Filters of a campaign's member list.
#[derive(Debug, Clone, Default)]
pub struct MembershipFilter {
    /// Status.
    pub status: Option<String>,
    /// Influencer name or email contains.
    pub q: Option<String>,
}

/// The membership of an influencer in a campaign, locked.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    influencer_id: Uuid,
) -> crate::Result<Option<Membership>> {
    members::table
        .filter(members::campaign_id.eq(campaign_id))
        .filter(members::influencer_id.eq(influencer_id))
        .select(Membership::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Inserts an active membership.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    campaign_id: Uuid,
    influencer_id: Uuid,
    assigned_by: Option<Uuid>,
    notes: Option<&str>,
) -> crate::Result<Membership> {
    diesel::insert_into(members::table)
        .values((
            members::id.eq(crate::new_id()),
            members::tenant_id.eq(tenant_id),
            members::campaign_id.eq(campaign_id),
            members::influencer_id.eq(influencer_id),
            members::status.eq("active"),
            members::assigned_by.eq(assigned_by),
            members::notes.eq(notes),
        ))
        .returning(Membership::as_returning())
        .get_result(conn)
        .await
}

/// Sets status and/or notes (`Some(None)` clears the notes).
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: Option<&str>,
    notes: Option<Option<&str>>,
) -> crate::Result<Membership> {
    diesel::update(members::table.find(id))
        .set((
            status.map(|s| members::status.eq(s)),
            notes.map(|n| members::notes.eq(n)),
            members::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Membership::as_returning())
        .get_result(conn)
        .await
}

/// One page of a campaign's members with the influencer's name, ordered by assignment.
pub async fn list_for_campaign(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    filter: &MembershipFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<Membership>, i64)> {
    let build = || {
        let mut query = members::table
            .inner_join(influencers::table.on(influencers::id.eq(members::influencer_id)))
            .filter(members::campaign_id.eq(campaign_id))
            .into_boxed();
        if let Some(status) = &filter.status {
            query = query.filter(members::status.eq(status.clone()));
        }
        if let Some(q) = &filter.q {
            let pattern = crate::like_pattern(q);
            query = query.filter(
                influencers::first_name
                    .ilike(pattern.clone())
                    .or(influencers::last_name.ilike(pattern.clone()))
                    .or(influencers::email.ilike(pattern)),
            );
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((members::assigned_at.asc(), members::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(Membership::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Campaigns an influencer is a member of (any membership status).
pub async fn campaigns_of(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<Uuid>> {
    members::table
        .filter(members::influencer_id.eq(influencer_id))
        .select(members::campaign_id)
        .load(conn)
        .await
}

/// Full names ("First Last") of influencers by id.
pub async fn influencer_names(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<std::collections::HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String, String)> = influencers::table
        .filter(influencers::id.eq_any(ids))
        .select((
            influencers::id,
            influencers::first_name,
            influencers::last_name,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, first, last)| (id, format!("{first} {last}")))
        .collect())
}

/// One campaign membership with its campaign and brand names.
#[derive(Debug, Clone, Queryable)]
pub struct MembershipFacts {
    /// Campaign.
    pub campaign_id: Uuid,
    /// Campaign name.
    pub campaign_name: String,
    /// Brand.
    pub brand_id: Uuid,
    /// Brand name.
    pub brand_name: String,
    /// `active|inactive`.
    pub status: afiliados_domain::MembershipStatus,
    /// When assigned.
    pub assigned_at: DateTime<Utc>,
}

/// Every membership of an influencer, oldest first (the ARCO access export).
pub async fn memberships_of(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<MembershipFacts>> {
    use crate::schema::{brands, campaign_influencers, campaigns};
    campaign_influencers::table
        .inner_join(campaigns::table.inner_join(brands::table))
        .filter(campaign_influencers::influencer_id.eq(influencer_id))
        .order(campaign_influencers::assigned_at.asc())
        .select((
            campaigns::id,
            campaigns::name,
            brands::id,
            brands::name,
            campaign_influencers::status,
            campaign_influencers::assigned_at,
        ))
        .load(conn)
        .await
}
