//! Who may see which influencer, and how much of it (`domain.md` §2.2, §2.3, §2.5): staff with a
//! full view, admin_marca limited to influencers with a membership in its brands, finance with
//! the reduced payment view, and an influencer limited to its own record. Rows outside the
//! caller's scope answer 404, roles outside the matrix 403.

use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;

/// How much of a record the caller sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// admin_dentsu, gestor_afiliados: everything (bank masked).
    Staff,
    /// admin_marca: the brand view, memberships of these brands only.
    Brand(Vec<Uuid>),
    /// finance: identity, document, tax profile, masked bank account.
    Finance,
    /// The influencer itself: everything (bank masked).
    Own,
}

/// Which roles an endpoint lets in (the matrix row).
#[derive(Debug, Clone, Copy)]
pub struct Allowed {
    /// admin_dentsu and gestor_afiliados.
    pub staff: bool,
    /// admin_marca (scoped to its brands).
    pub brand: bool,
    /// finance.
    pub finance: bool,
    /// The influencer, on its own record.
    pub own: bool,
}

/// Loads a live influencer the caller may reach through `allowed`, picking the widest view
/// among the caller's roles; `lock` takes the row lock for a change.
pub async fn load(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    allowed: Allowed,
    lock: bool,
) -> Result<(Influencer, View), ApiError> {
    let view = if allowed.staff && user.has_any(&[Role::AdminDentsu, Role::GestorAfiliados]) {
        View::Staff
    } else if allowed.finance && user.has_any(&[Role::Finance]) {
        View::Finance
    } else if allowed.brand && user.has_any(&[Role::AdminMarca]) {
        View::Brand(user.brand_ids.clone())
    } else if allowed.own && user.has_any(&[Role::Influencer]) {
        View::Own
    } else {
        return Err(ApiError::forbidden());
    };
    let found = if lock {
        afiliados_db::influencers::find_for_update(conn, state.tenant_id, id).await?
    } else {
        afiliados_db::influencers::find(conn, state.tenant_id, id).await?
    };
    let influencer = found.ok_or(ApiError::NotFound)?;
    match &view {
        View::Own if influencer.user_id != Some(user.id()) => return Err(ApiError::NotFound),
        View::Brand(brands) => {
            let of_influencer =
                afiliados_db::influencer_memberships::brand_ids(conn, influencer.id).await?;
            if !of_influencer.iter().any(|b| brands.contains(b)) {
                return Err(ApiError::NotFound);
            }
        }
        _ => {}
    }
    Ok((influencer, view))
}
