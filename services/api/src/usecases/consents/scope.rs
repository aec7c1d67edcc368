//! Row scoping of consent and certificate use cases (`domain.md` §2.2–§2.3): admin_dentsu, gestor
//! and auditor see every influencer of the tenant; an influencer only itself; another influencer's
//! id answers 404, never 403.

use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_domain::{Actor, Role};
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles that read every influencer's consents and certificates.
pub const CONSENT_READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Auditor];

/// The influencer `id` if the actor may read its consents: 403 for other roles, 404 when unknown
/// or out of scope.
pub async fn readable_influencer(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<Influencer, UseCaseError> {
    if actor.has_any(&CONSENT_READERS) {
        return afiliados_db::influencers::find(tx, ctx.tenant_id, id)
            .await?
            .ok_or(UseCaseError::NotFound);
    }
    actor.require_any(&[Role::Influencer])?;
    own_influencer(tx, actor)
        .await?
        .filter(|own| own.id == id)
        .ok_or(UseCaseError::NotFound)
}

/// The influencer linked to the actor, if any (and not anonymised).
pub async fn own_influencer(
    tx: &mut AsyncPgConnection,
    actor: &Actor,
) -> Result<Option<Influencer>, UseCaseError> {
    Ok(afiliados_db::influencers::find_by_user(tx, actor.user_id)
        .await?
        .filter(|own| own.anonymized_at.is_none()))
}
