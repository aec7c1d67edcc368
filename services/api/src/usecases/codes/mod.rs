//! Discount codes: creation (generated or custom), edits, forced syncs, their representation,
//! their derived status and the VTEX coupon syncs that follow from it.

pub mod create;
pub mod recompute;
pub mod representation;
pub mod sync;
pub mod update;

use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::DiscountCode;
use uuid::Uuid;

use crate::error::ApiError;
use crate::usecases::brand_scope::Scope;

/// A code the scope covers (influencers: their own codes); 404 otherwise.
pub async fn visible(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    scope: &Scope,
    id: Uuid,
    lock: bool,
) -> Result<DiscountCode, ApiError> {
    let code = if lock {
        afiliados_db::discount_codes_write::find_for_update(conn, tenant_id, id).await?
    } else {
        afiliados_db::discount_codes::find(conn, tenant_id, id).await?
    }
    .ok_or(ApiError::NotFound)?;
    let ok = match scope {
        Scope::Influencer(own) => code.influencer_id == *own,
        other => other.covers_brand(code.brand_id),
    };
    if ok {
        Ok(code)
    } else {
        Err(ApiError::NotFound)
    }
}
