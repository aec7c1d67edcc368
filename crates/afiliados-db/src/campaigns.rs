//! `campaigns`: brand programmes with their commission rules (`domain.md` §3.4). Tiers,
//! promotions and memberships have their own modules.

use afiliados_domain::{CampaignStatus, CommissionBasis, EligibleScopeType};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::{campaign_influencers, campaigns, status_history};

/// A campaign row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = campaigns, check_for_backend(diesel::pg::Pg))]
pub struct Campaign {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// Name.
    pub name: String,
    /// Slug, unique per tenant among live campaigns.
    pub slug: String,
    /// Description.
    pub description: Option<String>,
    /// First date.
    pub start_date: NaiveDate,
    /// Last date.
    pub end_date: Option<NaiveDate>,
    /// `draft|active|paused|ended`.
    pub status: CampaignStatus,
    /// Rate without tiers.
    pub base_commission_percent: Decimal,
    /// `pre_tax|post_tax`.
    pub commission_basis: CommissionBasis,
    /// Shipping in the base.
    pub include_shipping: bool,
    /// Highest code discount.
    pub max_discount_percent: Decimal,
    /// Campaign-wide uses.
    pub max_usage: Option<i32>,
    /// Smallest order.
    pub min_order_value: Option<Decimal>,
    /// Days to confirmation.
    pub confirmation_window_days: i32,
    /// Tier evaluation period.
    pub tier_evaluation_period_days: i32,
    /// `all|sku|category`.
    pub eligible_scope_type: EligibleScopeType,
    /// SKU or category ids.
    pub eligible_scope_values: Vec<String>,
    /// `{cumulativeWithOtherPromotions, excludeLinesWithOtherDiscounts}`.
    pub stacking_rules: serde_json::Value,
    /// Rule version.
    pub version: i32,
    /// Next tier evaluation.
    pub next_tier_evaluation_on: Option<NaiveDate>,
    /// Creator.
    pub created_by: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// Columns of a new campaign.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = campaigns)]
pub struct NewCampaign {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Description.
    pub description: Option<String>,
    /// Start.
    pub start_date: NaiveDate,
    /// End.
    pub end_date: Option<NaiveDate>,
    /// Status.
    pub status: String,
    /// Rate.
    pub base_commission_percent: Decimal,
    /// Basis.
    pub commission_basis: String,
    /// Shipping.
    pub include_shipping: bool,
    /// Max discount.
    pub max_discount_percent: Decimal,
    /// Max usage.
    pub max_usage: Option<i32>,
    /// Min order.
    pub min_order_value: Option<Decimal>,
    /// Window.
    pub confirmation_window_days: i32,
    /// Period.
    pub tier_evaluation_period_days: i32,
    /// Scope type.
    pub eligible_scope_type: String,
    /// Scope values.
    pub eligible_scope_values: Vec<String>,
    /// Stacking.
    pub stacking_rules: serde_json::Value,
    /// Next evaluation.
    pub next_tier_evaluation_on: Option<NaiveDate>,
    /// Creator.
    pub created_by: Option<Uuid>,
}

/// Changes of a campaign (`None` leaves a column alone).
#[derive(Debug, Clone, Default, AsChangeset, PartialEq)]
#[diesel(table_name = campaigns)]
pub struct CampaignChanges {
    /// Name.
    pub name: Option<String>,
    /// Slug.
    pub slug: Option<String>,
    /// Description.
    pub description: Option<Option<String>>,
    /// Start.
    pub start_date: Option<NaiveDate>,
    /// End.
    pub end_date: Option<Option<NaiveDate>>,
    /// Status.
    pub status: Option<String>,
    /// Rate.
    pub base_commission_percent: Option<Decimal>,
    /// Basis.
    pub commission_basis: Option<String>,
    /// Shipping.
    pub include_shipping: Option<bool>,
    /// Max discount.
    pub max_discount_percent: Option<Decimal>,
    /// Max usage.
    pub max_usage: Option<Option<i32>>,
    /// Min order.
    pub min_order_value: Option<Option<Decimal>>,
    /// Window.
    pub confirmation_window_days: Option<i32>,
    /// Period.
    pub tier_evaluation_period_days: Option<i32>,
    /// Scope type.
    pub eligible_scope_type: Option<String>,
    /// Scope values.
    pub eligible_scope_values: Option<Vec<String>>,
    /// Stacking.
    pub stacking_rules: Option<serde_json::Value>,
    /// Version.
    pub version: Option<i32>,
    /// Next evaluation.
    pub next_tier_evaluation_on: Option<Option<NaiveDate>>,
}

/// Filters of the campaign list.
#[derive(Debug, Clone, Default)]
pub struct CampaignFilter {
    /// Only campaigns of these brands (admin_marca scope), when set.
    pub brand_ids: Option<Vec<Uuid>>,
    /// Only these campaigns (influencer scope), when set.
    pub ids: Option<Vec<Uuid>>,
    /// One brand.
    pub brand_id: Option<Uuid>,
    /// Any of these statuses.
    pub statuses: Vec<String>,
    /// Name contains.
    pub q: Option<String>,
    /// Running on this date.
    pub active_on: Option<NaiveDate>,
}

/// Sort of the campaign list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignSort {
    /// `startDate` ascending.
    StartDate,
    /// `-startDate` (default).
    StartDateDesc,
    /// `name`.
    Name,
    /// `-name`.
    NameDesc,
}

/// Inserts a campaign.
pub async fn insert(conn: &mut AsyncPgConnection, row: &NewCampaign) -> crate::Result<Campaign> {
    diesel::insert_into(campaigns::table)
        .values(row)
        .returning(Campaign::as_returning())
        .get_result(conn)
        .await
}

/// A live campaign of the tenant.
pub async fn find(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Campaign>> {
    campaigns::table
        .filter(campaigns::tenant_id.eq(tenant_id))
        .filter(campaigns::id.eq(id))
        .filter(campaigns::deleted_at.is_null())
        .select(Campaign::as_select())
        .first(&mut conn)
        .await
        .optional()
}

/// Same, locked for an update.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Campaign>> {
    campaigns::table
        .filter(campaigns::tenant_id.eq(tenant_id))
        .filter(campaigns::id.eq(id))
        .filter(campaigns::deleted_at.is_null())
        .select(Campaign::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Live campaigns by id (representations of codes and memberships).
pub async fn find_many(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> crate::Result<Vec<Campaign>> {
    campaigns::table
        .filter(campaigns::id.eq_any(ids))
        .select(Campaign::as_select())
        .load(conn)
        .await
}

/// Whether a live campaign other than `except` uses the slug.
pub async fn slug_taken(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    slug: &str,
    except: Option<Uuid>,
) -> crate::Result<bool> {
    let mut query = campaigns::table
        .filter(campaigns::tenant_id.eq(tenant_id))
        .filter(campaigns::slug.eq(slug))
        .filter(campaigns::deleted_at.is_null())
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(campaigns::id.ne(id));
    }
    diesel::select(diesel::dsl::exists(query))
        .get_result(conn)
        .await
}

/// One page of campaigns, plus the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &CampaignFilter,
    sort: CampaignSort,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<Campaign>, i64)> {
    let build = || {
        let mut query = campaigns::table
            .filter(campaigns::tenant_id.eq(tenant_id))
            .filter(campaigns::deleted_at.is_null())
            .into_boxed();
        if let Some(ids) = &filter.brand_ids {
            query = query.filter(campaigns::brand_id.eq_any(ids.clone()));
        }
        if let Some(ids) = &filter.ids {
            query = query.filter(campaigns::id.eq_any(ids.clone()));
        }
        if let Some(id) = filter.brand_id {
            query = query.filter(campaigns::brand_id.eq(id));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(campaigns::status.eq_any(filter.statuses.clone()));
        }
        if let Some(q) = &filter.q {
            query = query.filter(campaigns::name.ilike(crate::like_pattern(q)));
        }
        if let Some(day) = filter.active_on {
            query = query.filter(campaigns::start_date.le(day)).filter(
                campaigns::end_date
                    .is_null()
                    .or(campaigns::end_date.ge(day)),
            );
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let query = build();
    let query = match sort {
        CampaignSort::StartDate => query.order((campaigns::start_date.asc(), campaigns::id.asc())),
        CampaignSort::StartDateDesc => {
            query.order((campaigns::start_date.desc(), campaigns::id.asc()))
        }
        CampaignSort::Name => query.order((campaigns::name.asc(), campaigns::id.asc())),
        CampaignSort::NameDesc => query.order((campaigns::name.desc(), campaigns::id.asc())),
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(Campaign::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Applies changes and bumps `updated_at`.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    changes: &CampaignChanges,
) -> crate::Result<Campaign> {
    if *changes == CampaignChanges::default() {
        return campaigns::table
            .find(id)
            .select(Campaign::as_select())
            .first(conn)
            .await;
    }
    diesel::update(campaigns::table.find(id))
        .set((changes, campaigns::updated_at.eq(diesel::dsl::now)))
        .returning(Campaign::as_returning())
        .get_result(conn)
        .await
}

/// Soft-deletes a campaign.
pub async fn soft_delete(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::update(campaigns::table.find(id))
        .set((
            campaigns::deleted_at.eq(diesel::dsl::now),
            campaigns::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Live campaigns of a brand in a status, locked (brand deactivation pauses them).
pub async fn of_brand_with_status(
    conn: &mut AsyncPgConnection,
    brand_id: Uuid,
    status: &str,
) -> crate::Result<Vec<Campaign>> {
    campaigns::table
        .filter(campaigns::brand_id.eq(brand_id))
        .filter(campaigns::status.eq(status))
        .filter(campaigns::deleted_at.is_null())
        .order(campaigns::id.asc())
        .select(Campaign::as_select())
        .for_update()
        .load(conn)
        .await
}

/// Active memberships per campaign.
pub async fn active_members(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<std::collections::HashMap<Uuid, i64>> {
    let rows: Vec<(Uuid, i64)> = campaign_influencers::table
        .filter(campaign_influencers::campaign_id.eq_any(ids))
        .filter(campaign_influencers::status.eq("active"))
        .group_by(campaign_influencers::campaign_id)
        .select((campaign_influencers::campaign_id, diesel::dsl::count_star()))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A status-history row as read back.
pub type HistoryRow = (
    Uuid,
    Option<String>,
    String,
    Option<String>,
    String,
    DateTime<Utc>,
);

/// The campaign's status history, oldest first: id, from, to, reason, actor, when.
pub async fn status_history(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Vec<HistoryRow>> {
    status_history::table
        .filter(status_history::tenant_id.eq(tenant_id))
        .filter(status_history::entity_type.eq("campaign"))
        .filter(status_history::entity_id.eq(id))
        .order((status_history::occurred_at.asc(), status_history::id.asc()))
        .select((
            status_history::id,
            status_history::from_status,
            status_history::to_status,
            status_history::reason,
            status_history::actor,
            status_history::occurred_at,
        ))
        .load(conn)
        .await
}

/// Live `active` or `paused` campaigns of the tenant whose `end_date` is before `date`: the ones
/// the daily maintenance ends (`domain.md` §4.3). Ids only; each is locked when ended.
pub async fn past_end(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    date: NaiveDate,
) -> crate::Result<Vec<Uuid>> {
    campaigns::table
        .filter(campaigns::tenant_id.eq(tenant_id))
        .filter(campaigns::status.eq_any(["active", "paused"]))
        .filter(campaigns::end_date.lt(date))
        .filter(campaigns::deleted_at.is_null())
        .order(campaigns::id.asc())
        .select(campaigns::id)
        .load(conn)
        .await
}
