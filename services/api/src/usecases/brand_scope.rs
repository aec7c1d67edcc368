//! Row scoping of the catalogue (`domain.md` §2.3): which brands, campaigns and codes an actor
//! sees. Rows outside the scope are "not found", never "forbidden", so ids do not leak.

use afiliados_db::AsyncPgConnection;
use afiliados_domain::{AccessDenied, Actor, Role};
use uuid::Uuid;

use super::UseCaseError;

/// What part of the catalogue a caller reaches on one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every row of the tenant.
    All,
    /// Rows of these brands (admin_marca).
    Brands(Vec<Uuid>),
    /// Rows of this influencer (the influencer role; nil when no profile is linked).
    Influencer(Uuid),
}

impl Scope {
    /// Whether a brand-owned row is visible (influencer scopes are checked by membership).
    pub fn covers_brand(&self, brand_id: Uuid) -> bool {
        match self {
            Scope::All => true,
            Scope::Brands(ids) => ids.contains(&brand_id),
            Scope::Influencer(_) => false,
        }
    }

    /// Whether the caller sees every row (staff with a tenant-wide role).
    pub fn is_all(&self) -> bool {
        *self == Scope::All
    }

    /// "Not found" unless a brand-owned row is visible (staff scopes only).
    pub fn require_brand(&self, brand_id: Uuid) -> Result<(), UseCaseError> {
        if self.covers_brand(brand_id) {
            Ok(())
        } else {
            Err(UseCaseError::NotFound)
        }
    }
}

/// The actor's scope on an operation whose matrix row gives `all` the whole tenant, admin_marca
/// its brands when `brands`, and the influencer its own rows when `own`; forbidden for anyone
/// else. A user holding several roles gets the widest scope.
pub async fn resolve(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    all: &[Role],
    brands: bool,
    own: bool,
) -> Result<Scope, UseCaseError> {
    if actor.has_any(all) {
        return Ok(Scope::All);
    }
    if brands && actor.has_any(&[Role::AdminMarca]) {
        return Ok(Scope::Brands(actor.brand_ids.clone()));
    }
    if own && actor.has_any(&[Role::Influencer]) {
        let own = afiliados_db::influencers::find_by_user(conn, actor.user_id)
            .await?
            .map_or(Uuid::nil(), |influencer| influencer.id);
        return Ok(Scope::Influencer(own));
    }
    Err(AccessDenied.into())
}
