//! Campaign memberships (`api.md` §6, `domain.md` §5.4.4): assignment with its balance row,
//! tier assignment and first code; status and notes edits.

pub mod assign;
pub mod representation;
pub mod update;

use afiliados_db::AsyncPgConnection;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::usecases::UseCaseError;
use crate::usecases::brand_scope::Scope;

/// Roles that manage every membership (admin_marca manages its brands' campaigns).
pub const STAFF: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];

/// "Not found" unless the influencer is one the scope already sees (ADR 0019): admin_marca
/// reaches only influencers with a membership in one of its brands, so it cannot pull anyone
/// else into its scope by assigning them to its campaign or giving them a code — a gestor (or
/// admin dentsu) makes the first assignment to a brand.
pub async fn require_visible_influencer(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    influencer_id: Uuid,
) -> Result<(), UseCaseError> {
    let Scope::Brands(brands) = scope else {
        return Ok(());
    };
    let of_influencer =
        afiliados_db::influencer_memberships::brand_ids(conn, influencer_id).await?;
    if of_influencer.iter().any(|brand| brands.contains(brand)) {
        Ok(())
    } else {
        Err(UseCaseError::NotFound)
    }
}
