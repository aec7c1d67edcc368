//! Campaigns with tiers and VTEX promotions (`api.md` §7, `domain.md` §4.3, §5.4.2–§5.4.3).

pub mod create;
pub mod delete;
pub mod draft;
pub mod promotions;
pub mod read;
pub mod representation;
pub mod status;
pub mod tiers;
pub mod update;

use afiliados_db::AsyncPgConnection;
use afiliados_db::campaigns::Campaign;
use afiliados_domain::{Actor, Role};
use uuid::Uuid;

use crate::usecases::UseCaseError;
use crate::usecases::brand_scope::Scope;

/// Roles that reach every campaign for reading.
pub const READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];
/// Roles that write every campaign (admin_marca writes its brands').
pub const WRITERS: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];

/// A live campaign the scope covers (influencers: campaigns they are members of); 404 otherwise.
pub async fn visible(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    scope: &Scope,
    id: Uuid,
    lock: bool,
) -> Result<Campaign, UseCaseError> {
    let campaign = if lock {
        afiliados_db::campaigns::find_for_update(conn, tenant_id, id).await?
    } else {
        afiliados_db::campaigns::find(conn, tenant_id, id).await?
    }
    .ok_or(UseCaseError::NotFound)?;
    let ok = match scope {
        Scope::Influencer(own) => afiliados_db::campaign_influencers::campaigns_of(conn, *own)
            .await?
            .contains(&campaign.id),
        other => other.covers_brand(campaign.brand_id),
    };
    if ok {
        Ok(campaign)
    } else {
        Err(UseCaseError::NotFound)
    }
}

/// The actor string of history rows written by a user.
pub fn actor_label(user: &Actor) -> String {
    user.email.clone()
}
