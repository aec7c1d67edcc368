//! Who may see which influencer, and how much of it (`domain.md` §2.2, §2.3, §2.5): staff with a
//! full view, admin_marca limited to influencers with a membership in its brands, finance with
//! the reduced payment view, and an influencer limited to its own record. Rows outside the
//! caller's scope answer 404, roles outside the matrix 403.

use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_domain::{AccessDenied, Actor, Role};
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

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
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    allowed: Allowed,
    lock: bool,
) -> Result<(Influencer, View), UseCaseError> {
    let view = if allowed.staff && actor.has_any(&[Role::AdminDentsu, Role::GestorAfiliados]) {
        View::Staff
    } else if allowed.finance && actor.has_any(&[Role::Finance]) {
        View::Finance
    } else if allowed.brand && actor.has_any(&[Role::AdminMarca]) {
        View::Brand(actor.brand_ids.clone())
    } else if allowed.own && actor.has_any(&[Role::Influencer]) {
        View::Own
    } else {
        return Err(AccessDenied.into());
    };
    let found = if lock {
        afiliados_db::influencers::find_for_update(conn, ctx.tenant_id, id).await?
    } else {
        afiliados_db::influencers::find(conn, ctx.tenant_id, id).await?
    };
    let influencer = found.ok_or(UseCaseError::NotFound)?;
    match &view {
        View::Own if influencer.user_id != Some(actor.user_id) => {
            return Err(UseCaseError::NotFound);
        }
        View::Brand(brands) => {
            let of_influencer =
                afiliados_db::influencer_memberships::brand_ids(conn, influencer.id).await?;
            if !of_influencer.iter().any(|b| brands.contains(b)) {
                return Err(UseCaseError::NotFound);
            }
        }
        _ => {}
    }
    Ok((influencer, view))
}
