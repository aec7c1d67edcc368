//! `campaign_promotions`: one VTEX promotion per campaign and discount percent, with its sync
//! bookkeeping, plus the campaign facts its desired VTEX body is built from.

use afiliados_domain::{CampaignStatus, EligibleScopeType};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::{brands, campaign_promotions, campaigns, discount_codes};

/// A `campaign_promotions` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = campaign_promotions, check_for_backend(diesel::pg::Pg))]
pub struct CampaignPromotion {
    /// Id.
    pub id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Discount percent (scale 2).
    pub discount_percent: Decimal,
    /// `<campaign slug>-<percent>`.
    pub utm_campaign: String,
    /// VTEX `idCalculatorConfiguration`.
    pub vtex_promotion_id: Option<String>,
    /// Desired-state revision.
    pub sync_revision: i32,
    /// Revision VTEX confirmed.
    pub synced_revision: Option<i32>,
    /// Last success.
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Last failure.
    pub last_sync_error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

impl CampaignPromotion {
    /// VTEX holds the current revision.
    pub fn is_synced(&self) -> bool {
        self.vtex_promotion_id.is_some() && self.synced_revision == Some(self.sync_revision)
    }
}

/// What a campaign's promotion body is made of (`vtex.md` §5.2).
#[derive(Debug, Clone, Queryable)]
pub struct PromotionCampaign {
    /// Campaign id.
    pub id: Uuid,
    /// Campaign name.
    pub name: String,
    /// Campaign slug.
    pub slug: String,
    /// First date.
    pub start_date: NaiveDate,
    /// Last date, when bounded.
    pub end_date: Option<NaiveDate>,
    /// `draft|active|paused|ended`.
    pub status: CampaignStatus,
    /// Total uses of the promotion.
    pub max_usage: Option<i32>,
    /// `all|sku|category`.
    pub eligible_scope_type: EligibleScopeType,
    /// SKU or category ids.
    pub eligible_scope_values: Vec<String>,
    /// `{"cumulativeWithOtherPromotions", "excludeLinesWithOtherDiscounts"}`.
    pub stacking_rules: serde_json::Value,
    /// The brand's VTEX id.
    pub vtex_brand_id: Option<String>,
}

/// A campaign of the tenant with its brand's VTEX id; `None` when unknown or deleted.
pub async fn campaign(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    campaign_id: Uuid,
) -> crate::Result<Option<PromotionCampaign>> {
    campaigns::table
        .inner_join(brands::table.on(brands::id.eq(campaigns::brand_id)))
        .filter(campaigns::tenant_id.eq(tenant_id))
        .filter(campaigns::id.eq(campaign_id))
        .filter(campaigns::deleted_at.is_null())
        .select((
            campaigns::id,
            campaigns::name,
            campaigns::slug,
            campaigns::start_date,
            campaigns::end_date,
            campaigns::status,
            campaigns::max_usage,
            campaigns::eligible_scope_type,
            campaigns::eligible_scope_values,
            campaigns::stacking_rules,
            brands::vtex_brand_id,
        ))
        .first(conn)
        .await
        .optional()
}

/// The promotion of `(campaign, percent)`, created (revision 1, never synced) when missing.
/// Idempotent and safe under concurrency: the unique key decides, the loser reads the winner's row.
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    discount_percent: Decimal,
    utm_campaign: &str,
) -> crate::Result<CampaignPromotion> {
    diesel::insert_into(campaign_promotions::table)
        .values((
            campaign_promotions::id.eq(crate::new_id()),
            campaign_promotions::campaign_id.eq(campaign_id),
            campaign_promotions::discount_percent.eq(discount_percent),
            campaign_promotions::utm_campaign.eq(utm_campaign),
        ))
        .on_conflict((
            campaign_promotions::campaign_id,
            campaign_promotions::discount_percent,
        ))
        .do_nothing()
        .execute(conn)
        .await?;
    campaign_promotions::table
        .filter(campaign_promotions::campaign_id.eq(campaign_id))
        .filter(campaign_promotions::discount_percent.eq(discount_percent))
        .select(CampaignPromotion::as_select())
        .first(conn)
        .await
}

/// The distinct discount percents of a campaign's codes, ascending.
pub async fn code_percents(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
) -> crate::Result<Vec<Decimal>> {
    discount_codes::table
        .filter(discount_codes::campaign_id.eq(campaign_id))
        .select(discount_codes::discount_percent)
        .distinct()
        .order(discount_codes::discount_percent.asc())
        .load(conn)
        .await
}

/// Every promotion of a campaign, by percent.
pub async fn for_campaign(
    mut conn: &AsyncPgConnection,
    campaign_id: Uuid,
) -> crate::Result<Vec<CampaignPromotion>> {
    campaign_promotions::table
        .filter(campaign_promotions::campaign_id.eq(campaign_id))
        .order(campaign_promotions::discount_percent.asc())
        .select(CampaignPromotion::as_select())
        .load(&mut conn)
        .await
}

/// One promotion, row-locked for a result report.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    discount_percent: Decimal,
) -> crate::Result<Option<CampaignPromotion>> {
    campaign_promotions::table
        .filter(campaign_promotions::campaign_id.eq(campaign_id))
        .filter(campaign_promotions::discount_percent.eq(discount_percent))
        .select(CampaignPromotion::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// VTEX confirmed `revision` under `vtex_promotion_id`; clears the last error.
pub async fn mark_synced(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    revision: i32,
    vtex_promotion_id: &str,
) -> crate::Result<()> {
    diesel::update(campaign_promotions::table.find(id))
        .set((
            campaign_promotions::vtex_promotion_id.eq(vtex_promotion_id),
            campaign_promotions::synced_revision.eq(revision),
            campaign_promotions::last_synced_at.eq(diesel::dsl::now),
            campaign_promotions::last_sync_error.eq(None::<String>),
            campaign_promotions::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// A failed sync: stores the error and, when VTEX reported one, the promotion id it created.
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    error: &str,
    vtex_promotion_id: Option<&str>,
) -> crate::Result<()> {
    let target = campaign_promotions::table.find(id);
    match vtex_promotion_id {
        Some(vtex_id) => diesel::update(target)
            .set((
                campaign_promotions::last_sync_error.eq(error),
                campaign_promotions::vtex_promotion_id.eq(vtex_id),
                campaign_promotions::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await
            .map(drop),
        None => diesel::update(target)
            .set((
                campaign_promotions::last_sync_error.eq(error),
                campaign_promotions::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await
            .map(drop),
    }
}

/// The catalogue's name for a promotion row.
pub type Promotion = CampaignPromotion;

/// Promotions of these campaigns, by percent.
pub async fn of_campaigns(
    conn: &mut AsyncPgConnection,
    campaign_ids: &[Uuid],
) -> crate::Result<Vec<CampaignPromotion>> {
    campaign_promotions::table
        .filter(campaign_promotions::campaign_id.eq_any(campaign_ids))
        .order((
            campaign_promotions::campaign_id,
            campaign_promotions::discount_percent.asc(),
        ))
        .select(CampaignPromotion::as_select())
        .load(conn)
        .await
}

/// Creates the promotion of a percent unless it exists; `true` when it was created now.
pub async fn create_if_missing(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    discount_percent: Decimal,
    utm_campaign: &str,
) -> crate::Result<bool> {
    let inserted = diesel::insert_into(campaign_promotions::table)
        .values((
            campaign_promotions::id.eq(crate::new_id()),
            campaign_promotions::campaign_id.eq(campaign_id),
            campaign_promotions::discount_percent.eq(discount_percent),
            campaign_promotions::utm_campaign.eq(utm_campaign),
        ))
        .on_conflict((
            campaign_promotions::campaign_id,
            campaign_promotions::discount_percent,
        ))
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Asks for a new sync of every promotion of a campaign; returns their percents.
pub async fn bump_campaign(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
) -> crate::Result<Vec<Decimal>> {
    diesel::update(
        campaign_promotions::table.filter(campaign_promotions::campaign_id.eq(campaign_id)),
    )
    .set((
        campaign_promotions::sync_revision.eq(campaign_promotions::sync_revision + 1),
        campaign_promotions::updated_at.eq(diesel::dsl::now),
    ))
    .returning(campaign_promotions::discount_percent)
    .get_results(conn)
    .await
}

/// Renames the promotions of a campaign (slug edit in draft, deletion) with `rename(percent)`.
pub async fn rename(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    rename: impl Fn(Decimal) -> String,
) -> crate::Result<()> {
    let rows = of_campaigns(conn, &[campaign_id]).await?;
    for row in rows {
        diesel::update(campaign_promotions::table.find(row.id))
            .set((
                campaign_promotions::utm_campaign.eq(rename(row.discount_percent)),
                campaign_promotions::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
    }
    Ok(())
}
