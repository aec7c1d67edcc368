//! `GET /audit/access-review`: every user with roles, brands, status, 2FA and the last access
//! change and who made it, for the semiannual review. Producing it is audited
//! (`export.downloaded`), in the same transaction.

use afiliados_api_types::users::{AccessReviewItem, AccessReviewResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_domain::Actor;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The review, generated at the context's now.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn access_review(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<AccessReviewResponse, UseCaseError> {
    actor.require_any(&super::READERS)?;
    let users = afiliados_db::users::all(tx, ctx.tenant_id).await?;
    let changes = afiliados_db::audit::last_access_changes(tx, ctx.tenant_id).await?;
    let names: Vec<(uuid::Uuid, String)> = users.iter().map(|u| (u.id, u.full_name())).collect();
    let represented = crate::usecases::users::representation::many(tx, users, ctx.now()).await?;
    let items = represented
        .into_iter()
        .zip(names)
        .map(|(u, (_, name))| {
            let change = changes
                .iter()
                .find(|(entity, _, _)| entity.as_deref() == Some(u.id.to_string().as_str()));
            AccessReviewItem {
                user_id: u.id,
                email: u.email,
                name,
                status: u.status,
                roles: u.roles,
                brands: u.brand_ids,
                two_factor_enabled: u.two_factor_enabled,
                last_login_at: u.last_login_at,
                last_access_change_at: change.map(|(_, at, _)| *at),
                last_access_change_by: change.map(|(_, _, by)| by.clone()),
            }
        })
        .collect();
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("export.downloaded", "access_review", "all"),
    )
    .await?;
    Ok(AccessReviewResponse {
        generated_at: ctx.now(),
        items,
    })
}
