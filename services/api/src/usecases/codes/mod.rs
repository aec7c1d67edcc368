//! Discount codes: listing and reading them, creation (generated or custom), edits, forced
//! syncs, their representation, their derived status and the VTEX coupon syncs that follow from
//! it. This area is the worked example of the use-case boundary (ADR 0013): every operation takes
//! `(tx, &UseCaseContext, &Actor, plain inputs)`, checks the permission and the row scope itself
//! and answers `UseCaseError`.

pub mod create;
pub mod insert;
pub mod read;
pub mod recompute;
pub mod representation;
pub mod sync;
pub mod update;

use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::DiscountCode;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::usecases::brand_scope::Scope;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles that reach every code (admin_marca reaches its brands' codes, an influencer its own).
pub const STAFF: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];

/// A code the scope covers (influencers: their own codes), locked for update when `lock`;
/// "not found" otherwise.
pub async fn visible(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    scope: &Scope,
    id: Uuid,
    lock: bool,
) -> Result<DiscountCode, UseCaseError> {
    let code = if lock {
        afiliados_db::discount_codes::find_for_update(tx, ctx.tenant_id, id).await?
    } else {
        afiliados_db::discount_codes::find(tx, ctx.tenant_id, id).await?
    }
    .ok_or(UseCaseError::NotFound)?;
    let covered = match scope {
        Scope::Influencer(own) => code.influencer_id == *own,
        other => other.covers_brand(code.brand_id),
    };
    if covered {
        Ok(code)
    } else {
        Err(UseCaseError::NotFound)
    }
}
