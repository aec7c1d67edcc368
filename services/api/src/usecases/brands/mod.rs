//! Brands and their withdrawal policies (`api.md` §5, `domain.md` §5.4.1).

pub mod create;
pub mod logo;
pub mod policy;
pub mod representation;
pub mod update;

use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::Brand;
use uuid::Uuid;

use crate::error::ApiError;
use crate::usecases::brand_scope::Scope;

/// A live brand the scope covers; influencers see the brands of their campaigns. 404 otherwise.
pub async fn visible(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    scope: &Scope,
    id: Uuid,
) -> Result<Brand, ApiError> {
    let brand = afiliados_db::brands::find(conn, tenant_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let ok = match scope {
        Scope::Influencer(own) => afiliados_db::brands::of_influencer(conn, *own)
            .await?
            .contains(&id),
        other => other.covers_brand(id),
    };
    if ok {
        Ok(brand)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Checks that every owner is a live user holding admin_marca (`ownerUserIds` →
/// `unknown_reference`).
pub async fn check_owners(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    owners: &[Uuid],
) -> Result<(), ApiError> {
    let holders = afiliados_db::roles::users_with_role(conn, "admin_marca").await?;
    for owner in owners {
        let live = afiliados_db::users::find(conn, tenant_id, *owner)
            .await?
            .is_some();
        if !live || !holders.contains(owner) {
            return Err(ApiError::field("ownerUserIds", "unknown_reference"));
        }
    }
    Ok(())
}
