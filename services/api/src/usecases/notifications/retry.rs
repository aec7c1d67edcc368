//! `POST /notifications/emails/{id}/retry`: an undelivered e-mail goes back to `pending` with its
//! attempts reset and a new `SendEmail` job, audited; a sent or cancelled one cannot.

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::email_outbox::OutboxEmailRow;
use afiliados_domain::{Actor, Role};
use afiliados_jobs::SendEmail;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Resets e-mail `id` of the tenant for another round of attempts, due now, inside the caller's
/// transaction; the relay pushes its job after the commit. admin_dentsu only (403); another
/// tenant's or an unknown e-mail is 404; a sent or cancelled one is 409
/// `email_already_delivered`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, email.id = %id))]
pub async fn retry_email(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<OutboxEmailRow, UseCaseError> {
    actor.require_any(&[Role::AdminDentsu])?;
    let row = afiliados_db::email_outbox::find_for_update(tx, id)
        .await?
        .filter(|row| row.tenant_id == ctx.tenant_id)
        .ok_or(UseCaseError::NotFound)?;
    if row.delivered || row.status == afiliados_domain::EmailStatus::Cancelled {
        return Err(UseCaseError::conflict(ErrorCode::EmailAlreadyDelivered));
    }
    let row = afiliados_db::email_outbox::reset_for_retry(tx, row.id, ctx.now()).await?;
    crate::jobs::enqueue(tx, &SendEmail { email_id: row.id }).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("email.retried", "email", row.id),
    )
    .await?;
    Ok(row)
}
