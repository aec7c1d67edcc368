//! Brands and their withdrawal policies (`api.md` §5, `domain.md` §5.4.1).

pub mod create;
pub mod logo;
pub mod policy;
pub mod read;
pub mod representation;
pub mod svg;
pub mod update;

use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::Brand;
use afiliados_domain::{FieldCode, Role};
use uuid::Uuid;

use crate::usecases::UseCaseError;
use crate::usecases::brand_scope::Scope;

/// Roles that read every brand (admin_marca reads its own, an influencer those of its campaigns).
pub const READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];

/// A live brand the scope covers; influencers see the brands of their campaigns. 404 otherwise.
pub async fn visible(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    scope: &Scope,
    id: Uuid,
) -> Result<Brand, UseCaseError> {
    let brand = afiliados_db::brands::find(conn, tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let ok = match scope {
        Scope::Influencer(own) => afiliados_db::brands::of_influencer(conn, *own)
            .await?
            .contains(&id),
        other => other.covers_brand(id),
    };
    if ok {
        Ok(brand)
    } else {
        Err(UseCaseError::NotFound)
    }
}

/// Checks that every owner is a live user holding admin_marca (`ownerUserIds` →
/// `unknown_reference`).
pub async fn check_owners(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    owners: &[Uuid],
) -> Result<(), UseCaseError> {
    let holders = afiliados_db::roles::users_with_role(conn, "admin_marca").await?;
    for owner in owners {
        let live = afiliados_db::users::find(conn, tenant_id, *owner)
            .await?
            .is_some();
        if !live || !holders.contains(owner) {
            return Err(UseCaseError::invalid(
                "ownerUserIds",
                FieldCode::UnknownReference,
            ));
        }
    }
    Ok(())
}
