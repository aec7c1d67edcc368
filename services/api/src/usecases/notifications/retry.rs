//! `POST /notifications/emails/{id}/retry`: an undelivered e-mail goes back to `pending` with its
//! attempts reset and a new `SendEmail` job, audited; a sent or cancelled one cannot.

use afiliados_db::AsyncPgConnection;
use afiliados_db::email_outbox::OutboxEmailRow;
use afiliados_jobs::SendEmail;
use uuid::Uuid;

use crate::audit::{self, Actor, AuditEvent};

/// Why a retry is refused.
#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    /// No such e-mail in the tenant.
    #[error("no such e-mail")]
    NotFound,
    /// Sent or cancelled: there is nothing to send again.
    #[error("the e-mail was already delivered or cancelled")]
    AlreadyDelivered,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Resets e-mail `id` of `tenant_id` for another round of attempts, inside the caller's
/// transaction; the relay pushes its job after the commit.
pub async fn retry_email(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    actor: &Actor<'_>,
    id: Uuid,
) -> Result<OutboxEmailRow, RetryError> {
    let row = afiliados_db::email_outbox::find_for_update(tx, id)
        .await?
        .filter(|row| row.tenant_id == tenant_id)
        .ok_or(RetryError::NotFound)?;
    if row.delivered || row.status == "cancelled" {
        return Err(RetryError::AlreadyDelivered);
    }
    let row = afiliados_db::email_outbox::reset_for_retry(tx, row.id).await?;
    crate::jobs::enqueue(tx, &SendEmail { email_id: row.id }).await?;
    audit::record(
        tx,
        tenant_id,
        actor,
        AuditEvent::new("email.retried", "email", row.id),
    )
    .await?;
    Ok(row)
}
