//! The facts attribution reads at an order's first ingestion (`domain.md` §5.7, §5.8.3): the code
//! a coupon matches, the status trail of the influencer and the campaign, the membership's tier
//! periods, and the code's `usage_count`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::discount_codes::DiscountCode;
use crate::prepared::Prepare;
use crate::schema::{discount_codes, status_history, tier_history};

/// The code of the tenant spelled `normalized` (codes are stored upper case).
pub async fn code_by_text(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    normalized: &str,
) -> crate::Result<Option<DiscountCode>> {
    discount_codes::table
        .filter(discount_codes::tenant_id.eq(tenant_id))
        .filter(discount_codes::code.eq(normalized))
        .select(DiscountCode::as_select())
        .first(conn)
        .await
        .optional()
}

/// (new status, when) of every recorded transition of an entity, oldest first.
pub async fn status_trail(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    entity_type: &str,
    entity_id: Uuid,
) -> crate::Result<Vec<(String, DateTime<Utc>)>> {
    status_history::table
        .filter(status_history::tenant_id.eq(tenant_id))
        .filter(status_history::entity_type.eq(entity_type))
        .filter(status_history::entity_id.eq(entity_id))
        .order((status_history::occurred_at.asc(), status_history::id.asc()))
        .select((status_history::to_status, status_history::occurred_at))
        .load(&mut conn)
        .await
}

/// One `tier_history` period of a membership.
#[derive(Debug, Clone, Queryable)]
pub struct TierPeriodRow {
    /// The tier (none once removed).
    pub tier_id: Option<Uuid>,
    /// Level.
    pub tier_level: i32,
    /// Name.
    pub tier_name: String,
    /// Rate.
    pub commission_percent: Decimal,
    /// From (inclusive).
    pub effective_from: DateTime<Utc>,
    /// To (exclusive).
    pub effective_to: Option<DateTime<Utc>>,
}

/// The tier periods of a membership, oldest first.
pub async fn tier_periods(
    mut conn: &AsyncPgConnection,
    campaign_id: Uuid,
    influencer_id: Uuid,
) -> crate::Result<Vec<TierPeriodRow>> {
    tier_history::table
        .filter(tier_history::campaign_id.eq(campaign_id))
        .filter(tier_history::influencer_id.eq(influencer_id))
        .order(tier_history::effective_from.asc())
        .select((
            tier_history::tier_id,
            tier_history::tier_level,
            tier_history::tier_name,
            tier_history::commission_percent,
            tier_history::effective_from,
            tier_history::effective_to,
        ))
        .load(&mut conn)
        .await
}

/// One more attributed order on the code.
pub async fn count_usage(conn: &mut AsyncPgConnection, code_id: Uuid) -> crate::Result<()> {
    diesel::update(discount_codes::table.filter(discount_codes::id.eq(code_id)))
        .set(discount_codes::usage_count.eq(discount_codes::usage_count + 1))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}
