//! Row scoping of consent and certificate routes (`domain.md` §2.2–§2.3): admin_dentsu, gestor
//! and auditor see every influencer of the tenant; an influencer only itself; another influencer's
//! id answers 404, never 403.

use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::error::ApiError;
use crate::extract::CurrentUser;

/// Roles that read every influencer's consents and certificates.
pub const CONSENT_READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Auditor];

/// The influencer `id` if the caller may read its consents: 403 for other roles, 404 when unknown
/// or out of scope.
pub async fn readable_influencer(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user: &CurrentUser,
    id: Uuid,
) -> Result<Influencer, ApiError> {
    if user.has_any(&CONSENT_READERS) {
        return afiliados_db::influencers::find(conn, tenant_id, id)
            .await?
            .ok_or(ApiError::NotFound);
    }
    user.require_any(&[Role::Influencer])?;
    own_influencer(conn, user)
        .await?
        .filter(|own| own.id == id)
        .ok_or(ApiError::NotFound)
}

/// The influencer linked to the caller, if any (and not anonymised).
pub async fn own_influencer(
    conn: &mut AsyncPgConnection,
    user: &CurrentUser,
) -> Result<Option<Influencer>, ApiError> {
    Ok(afiliados_db::influencers::find_by_user(conn, user.id())
        .await?
        .filter(|own| own.anonymized_at.is_none()))
}
