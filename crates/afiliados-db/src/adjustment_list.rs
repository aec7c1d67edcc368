//! `GET /payments/adjustments` and `GET /exports/adjustments.csv`: the tenant's adjustments
//! matching a filter, newest first (`created_at DESC, id`), a page at a time with the total.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::adjustments::AdjustmentRow;
use crate::schema::adjustments;

/// What a list asks for, already scoped by the caller.
#[derive(Debug, Clone, Default)]
pub struct AdjustmentFilter {
    /// Scope of an admin_marca.
    pub brand_ids: Option<Vec<Uuid>>,
    /// `pending|resolved` (empty: any).
    pub statuses: Vec<String>,
    /// `manual|clawback` (empty: any).
    pub kinds: Vec<String>,
    /// `recovered|written_off` (empty: any).
    pub resolution_types: Vec<String>,
    /// Influencer (an influencer's own id replaces any other).
    pub influencer_id: Option<Uuid>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// `created_at` ≥.
    pub from: Option<DateTime<Utc>>,
    /// `created_at` <.
    pub to: Option<DateTime<Utc>>,
}

/// One page of the adjustments matching `filter`, newest first, with the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &AdjustmentFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<AdjustmentRow>, i64)> {
    let build = || {
        let mut query = adjustments::table
            .filter(adjustments::tenant_id.eq(tenant_id))
            .into_boxed();
        if let Some(ids) = &filter.brand_ids {
            query = query.filter(adjustments::brand_id.eq_any(ids.clone()));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(adjustments::status.eq_any(filter.statuses.clone()));
        }
        if !filter.kinds.is_empty() {
            query = query.filter(adjustments::kind.eq_any(filter.kinds.clone()));
        }
        if !filter.resolution_types.is_empty() {
            query = query.filter(
                adjustments::resolution_type
                    .assume_not_null()
                    .eq_any(filter.resolution_types.clone()),
            );
        }
        if let Some(id) = filter.influencer_id {
            query = query.filter(adjustments::influencer_id.eq(id));
        }
        if let Some(id) = filter.brand_id {
            query = query.filter(adjustments::brand_id.eq(id));
        }
        if let Some(from) = filter.from {
            query = query.filter(adjustments::created_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(adjustments::created_at.lt(to));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((adjustments::created_at.desc(), adjustments::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(AdjustmentRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
