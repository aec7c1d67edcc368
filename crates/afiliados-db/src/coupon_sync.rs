//! The VTEX coupon sync bookkeeping of `discount_codes` (`vtex.md` §5.3, `api.md` §21.3): the code
//! with the campaign slug its promotion is named after, and the sync results the worker reports.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::discount_codes::DiscountCode;
use crate::schema::{campaigns, discount_codes};

/// A code and its campaign's slug.
#[derive(Debug, Clone)]
pub struct CouponSource {
    /// The code.
    pub code: DiscountCode,
    /// Its campaign's slug (`utmCampaign` prefix).
    pub campaign_slug: String,
}

/// A code of the tenant with its campaign's slug.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<CouponSource>> {
    let row: Option<(DiscountCode, String)> = discount_codes::table
        .inner_join(campaigns::table.on(campaigns::id.eq(discount_codes::campaign_id)))
        .filter(discount_codes::tenant_id.eq(tenant_id))
        .filter(discount_codes::id.eq(id))
        .select((DiscountCode::as_select(), campaigns::slug))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(code, campaign_slug)| CouponSource {
        code,
        campaign_slug,
    }))
}

/// A code of the tenant, row-locked (`FOR UPDATE`) for a result report.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<DiscountCode>> {
    discount_codes::table
        .filter(discount_codes::tenant_id.eq(tenant_id))
        .filter(discount_codes::id.eq(id))
        .select(DiscountCode::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// VTEX holds `revision`: `synced`, the confirmed revision, the coupon id and archive flag; the
/// last error is cleared.
pub async fn mark_synced(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    revision: i32,
    vtex_coupon_id: &str,
    vtex_archived: bool,
) -> crate::Result<()> {
    diesel::update(discount_codes::table.find(id))
        .set((
            discount_codes::sync_state.eq("synced"),
            discount_codes::synced_revision.eq(revision),
            discount_codes::last_synced_at.eq(diesel::dsl::now),
            discount_codes::vtex_coupon_id.eq(vtex_coupon_id),
            discount_codes::vtex_archived.eq(vtex_archived),
            discount_codes::last_sync_error.eq(None::<String>),
            discount_codes::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// A failed sync attempt: stores the error, and `failed` when no retry follows.
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    error: &str,
    failed: bool,
) -> crate::Result<()> {
    let target = discount_codes::table.find(id);
    if failed {
        diesel::update(target)
            .set((
                discount_codes::last_sync_error.eq(error),
                discount_codes::sync_state.eq("failed"),
                discount_codes::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await
            .map(drop)
    } else {
        diesel::update(target)
            .set((
                discount_codes::last_sync_error.eq(error),
                discount_codes::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await
            .map(drop)
    }
}
