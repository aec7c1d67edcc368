//! Queuing e-mails: an `email_outbox` row plus a `SendEmail` job in `job_outbox`, in the caller's
//! transaction, so an e-mail exists exactly when the change that justifies it commits.

use afiliados_db::AsyncPgConnection;
use afiliados_email_messages::EmailMessage;
use afiliados_jobs::SendEmail;
use uuid::Uuid;

/// What to send, and to whom.
#[derive(Debug, Clone)]
pub struct QueuedEmail<'a> {
    /// Recipient address.
    pub recipient: &'a str,
    /// Recipient user.
    pub recipient_user_id: Option<Uuid>,
    /// `es` or `en`.
    pub locale: &'a str,
    /// The template and its data, typed: a payload that does not fit its template does not
    /// compile.
    pub message: EmailMessage,
}

/// Writes both rows and returns the outbox id.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    email: QueuedEmail<'_>,
) -> Result<Uuid, diesel::result::Error> {
    let payload = email
        .message
        .payload()
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))?;
    let id = afiliados_db::email_outbox::insert(
        conn,
        tenant_id,
        email.recipient,
        email.recipient_user_id,
        email.message.template(),
        email.locale,
        &payload,
    )
    .await?;
    crate::jobs::enqueue(conn, &SendEmail { email_id: id }).await?;
    Ok(id)
}
