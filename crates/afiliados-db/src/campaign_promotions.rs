//! `campaign_promotions`: one VTEX promotion per campaign and discount percent (`vtex.md` §5.1),
//! with its sync bookkeeping.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::campaign_promotions as promotions;

/// A promotion row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = promotions, check_for_backend(diesel::pg::Pg))]
pub struct Promotion {
    /// Id.
    pub id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Discount percent.
    pub discount_percent: Decimal,
    /// `<slug>-<percent>`.
    pub utm_campaign: String,
    /// VTEX id.
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

/// Promotions of these campaigns, by percent.
pub async fn of_campaigns(
    conn: &mut AsyncPgConnection,
    campaign_ids: &[Uuid],
) -> crate::Result<Vec<Promotion>> {
    promotions::table
        .filter(promotions::campaign_id.eq_any(campaign_ids))
        .order((promotions::campaign_id, promotions::discount_percent.asc()))
        .select(Promotion::as_select())
        .load(conn)
        .await
}

/// Creates the promotion of a percent unless it exists; `true` when it was created.
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    discount_percent: Decimal,
    utm_campaign: &str,
) -> crate::Result<bool> {
    let inserted = diesel::insert_into(promotions::table)
        .values((
            promotions::id.eq(crate::new_id()),
            promotions::campaign_id.eq(campaign_id),
            promotions::discount_percent.eq(discount_percent),
            promotions::utm_campaign.eq(utm_campaign),
        ))
        .on_conflict((promotions::campaign_id, promotions::discount_percent))
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
    diesel::update(promotions::table.filter(promotions::campaign_id.eq(campaign_id)))
        .set((
            promotions::sync_revision.eq(promotions::sync_revision + 1),
            promotions::updated_at.eq(diesel::dsl::now),
        ))
        .returning(promotions::discount_percent)
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
        diesel::update(promotions::table.find(row.id))
            .set((
                promotions::utm_campaign.eq(rename(row.discount_percent)),
                promotions::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
    }
    Ok(())
}
