//! Row scoping of the catalogue (`domain.md` §2.3): which brands, campaigns and codes a caller
//! sees. Rows outside the scope answer 404, never 403.

use afiliados_db::AsyncPgConnection;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::error::ApiError;
use crate::extract::CurrentUser;

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

    /// 404 unless a brand-owned row is visible (staff scopes only).
    pub fn require_brand(&self, brand_id: Uuid) -> Result<(), ApiError> {
        if self.covers_brand(brand_id) {
            Ok(())
        } else {
            Err(ApiError::NotFound)
        }
    }
}

/// The caller's scope on an endpoint whose matrix row gives `all` the whole tenant, admin_marca
/// its brands when `brands`, and the influencer its own rows when `own`; 403 for anyone else.
/// A user holding several roles gets the widest scope.
pub async fn resolve(
    conn: &mut AsyncPgConnection,
    user: &CurrentUser,
    all: &[Role],
    brands: bool,
    own: bool,
) -> Result<Scope, ApiError> {
    if user.has_any(all) {
        return Ok(Scope::All);
    }
    if brands && user.has_any(&[Role::AdminMarca]) {
        return Ok(Scope::Brands(user.brand_ids.clone()));
    }
    if own && user.has_any(&[Role::Influencer]) {
        let own = afiliados_db::influencers::find_by_user(conn, user.id())
            .await?
            .map_or(Uuid::nil(), |influencer| influencer.id);
        return Ok(Scope::Influencer(own));
    }
    Err(ApiError::forbidden())
}
