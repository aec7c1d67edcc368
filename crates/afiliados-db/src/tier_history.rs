//! Reading `tier_history` (`api.md` §10 `GET /commissions/tiers/history`): the periods of the
//! tenant's memberships with their campaign's name, filtered to the caller's scope. The rows are
//! written by [`crate::tier_assignments::place`].

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::{campaigns, tier_history};

/// A period with its campaign's name.
#[derive(Debug, Clone, Queryable)]
pub struct HistoryRow {
    /// Id.
    pub id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Campaign name.
    pub campaign_name: String,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Level.
    pub tier_level: i32,
    /// Name at the time.
    pub tier_name: String,
    /// Rate at the time.
    pub commission_percent: Decimal,
    /// Start.
    pub effective_from: DateTime<Utc>,
    /// End (none while current).
    pub effective_to: Option<DateTime<Utc>>,
    /// Evaluation window start.
    pub window_start: Option<DateTime<Utc>>,
    /// Evaluation window end.
    pub window_end: Option<DateTime<Utc>>,
    /// The window's volume.
    pub sales_volume: Option<Decimal>,
    /// `initial|upgrade|downgrade|tier_removed`.
    pub reason: String,
    /// Who.
    pub triggered_by: String,
}

/// Filters of the list; `brand_ids` and `influencer_id` also carry the caller's scope.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Only periods of campaigns of these brands (admin_marca), when set.
    pub brand_ids: Option<Vec<Uuid>>,
    /// One campaign.
    pub campaign_id: Option<Uuid>,
    /// One influencer (an influencer's own id, whatever it asked).
    pub influencer_id: Option<Uuid>,
    /// Any of these reasons.
    pub reasons: Vec<String>,
    /// Only the open period (`true`) or only closed ones (`false`).
    pub current: Option<bool>,
}

/// Order of the list (always completed with `id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistorySort {
    /// `-effectiveFrom` (default).
    EffectiveFromDesc,
    /// `effectiveFrom`.
    EffectiveFrom,
}

macro_rules! filtered {
    ($tenant_id:expr, $filter:expr) => {{
        let filter: &HistoryFilter = $filter;
        let mut query = tier_history::table
            .inner_join(campaigns::table)
            .filter(tier_history::tenant_id.eq($tenant_id))
            .into_boxed();
        if let Some(ids) = &filter.brand_ids {
            query = query.filter(campaigns::brand_id.eq_any(ids.clone()));
        }
        if let Some(id) = filter.campaign_id {
            query = query.filter(tier_history::campaign_id.eq(id));
        }
        if let Some(id) = filter.influencer_id {
            query = query.filter(tier_history::influencer_id.eq(id));
        }
        if !filter.reasons.is_empty() {
            query = query.filter(tier_history::reason.eq_any(filter.reasons.clone()));
        }
        match filter.current {
            Some(true) => query = query.filter(tier_history::effective_to.is_null()),
            Some(false) => query = query.filter(tier_history::effective_to.is_not_null()),
            None => {}
        }
        query
    }};
}

/// One page of periods and the total matching `filter`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &HistoryFilter,
    sort: HistorySort,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<HistoryRow>, i64)> {
    let total = filtered!(tenant_id, filter)
        .count()
        .get_result(conn)
        .await?;
    let query = filtered!(tenant_id, filter);
    let query = match sort {
        HistorySort::EffectiveFromDesc => {
            query.order((tier_history::effective_from.desc(), tier_history::id.asc()))
        }
        HistorySort::EffectiveFrom => {
            query.order((tier_history::effective_from.asc(), tier_history::id.asc()))
        }
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select((
            tier_history::id,
            tier_history::campaign_id,
            campaigns::name,
            tier_history::influencer_id,
            tier_history::tier_level,
            tier_history::tier_name,
            tier_history::commission_percent,
            tier_history::effective_from,
            tier_history::effective_to,
            tier_history::window_start,
            tier_history::window_end,
            tier_history::sales_volume,
            tier_history::reason,
            tier_history::triggered_by,
        ))
        .load(conn)
        .await?;
    Ok((rows, total))
}
