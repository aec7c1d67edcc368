//! Queuing e-mails: an `email_outbox` row plus a `SendEmail` job in `job_outbox`, in the caller's
//! transaction, so an e-mail exists exactly when the change that justifies it commits.

use afiliados_db::AsyncPgConnection;
use uuid::Uuid;

/// What to send.
#[derive(Debug, Clone)]
pub struct QueuedEmail<'a> {
    /// Recipient address.
    pub recipient: &'a str,
    /// Recipient user.
    pub recipient_user_id: Option<Uuid>,
    /// Template (`user_invitation`, `password_reset`, `two_factor_enabled`, …).
    pub template: &'a str,
    /// `es` or `en`.
    pub locale: &'a str,
    /// Template data.
    pub payload: serde_json::Value,
}

/// Writes both rows and returns the outbox id.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    email: QueuedEmail<'_>,
) -> Result<Uuid, diesel::result::Error> {
    let id = afiliados_db::email_outbox::insert(
        conn,
        tenant_id,
        email.recipient,
        email.recipient_user_id,
        email.template,
        email.locale,
        &email.payload,
    )
    .await?;
    afiliados_db::job_outbox::insert(conn, "SendEmail", &serde_json::json!({ "emailId": id }))
        .await?;
    Ok(id)
}
