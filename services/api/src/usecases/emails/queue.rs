//! Queuing e-mails: an `email_outbox` row plus a `SendEmail` job in `job_outbox`, in the caller's
//! transaction, so an e-mail exists exactly when the change that justifies it commits.
//!
//! A message that carries a live single-use link goes through [`queue_sealed`], which stores its
//! payload sealed (ADR 0024); [`queue`] refuses it, so no such link is ever stored in clear.

use afiliados_crypto::KeyRing;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::AlertGroup;
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

/// Writes both rows and returns the outbox id. A message with a secret link is refused: it
/// goes through [`queue_sealed`].
pub async fn queue(
    conn: &AsyncPgConnection,
    tenant_id: Uuid,
    email: QueuedEmail<'_>,
) -> Result<Uuid, diesel::result::Error> {
    let payload = clear_payload_of(&email)?;
    insert(conn, tenant_id, email, &payload).await
}

/// [`queue`] for many e-mails at once: one `email_outbox` statement and one `job_outbox`
/// statement however many there are (a batch pay's `withdrawal_paid` e-mails). Same refusal of
/// single-use links; returns the outbox ids in order.
pub async fn queue_many(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    emails: &[QueuedEmail<'_>],
) -> Result<Vec<Uuid>, diesel::result::Error> {
    let payloads = emails
        .iter()
        .map(clear_payload_of)
        .collect::<Result<Vec<_>, _>>()?;
    let rows: Vec<afiliados_db::email_outbox::NewOutboxEmail<'_>> = emails
        .iter()
        .zip(&payloads)
        .map(
            |(email, payload)| afiliados_db::email_outbox::NewOutboxEmail {
                recipient: email.recipient,
                recipient_user_id: email.recipient_user_id,
                template: email.message.template(),
                locale: email.locale,
                payload,
            },
        )
        .collect();
    let ids = afiliados_db::email_outbox::insert_many(conn, tenant_id, &rows).await?;
    let jobs: Vec<SendEmail> = ids.iter().map(|&email_id| SendEmail { email_id }).collect();
    crate::jobs::enqueue_many(conn, &jobs).await?;
    Ok(ids)
}

/// The payload of a message that may be stored in clear (no single-use link).
fn clear_payload_of(email: &QueuedEmail<'_>) -> Result<serde_json::Value, diesel::result::Error> {
    if email.message.carries_secret_link() {
        return Err(diesel::result::Error::QueryBuilderError(
            format!(
                "{} carries a single-use link: queue it with queue_sealed",
                email.message.template()
            )
            .into(),
        ));
    }
    payload_of(email)
}

/// Like [`queue`], with the payload sealed with the data key ring (ADR 0024): for messages that
/// carry a live single-use link (reset, invitation, first password).
pub async fn queue_sealed(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    keys: &KeyRing,
    email: QueuedEmail<'_>,
) -> Result<Uuid, diesel::result::Error> {
    let payload = payload_of(&email)?;
    let sealed = super::sealed::seal(keys, email.message.template(), email.recipient, &payload)
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))?;
    insert(conn, tenant_id, email, &sealed).await
}

/// Queues `message` to every address of the staff alert `group` (`domain.md` §5.17), each row
/// with its `SendEmail` job and `alert_group` set, in Spanish (the group has no user to carry a
/// locale). Returns how many were queued: none when the group has no address.
pub async fn queue_alert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    recipients: &crate::alert_settings::AlertRecipients,
    group: AlertGroup,
    message: EmailMessage,
) -> Result<usize, diesel::result::Error> {
    let addresses = recipients.of(group);
    if addresses.is_empty() {
        tracing::warn!(
            alert.group = group.as_str(),
            email.template = message.template(),
            "no address for the alert group: e-mail not queued"
        );
        return Ok(0);
    }
    if message.carries_secret_link() {
        return Err(diesel::result::Error::QueryBuilderError(
            "an alert never carries a single-use link".into(),
        ));
    }
    let payload = message
        .payload()
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))?;
    for address in addresses {
        let id = afiliados_db::email_outbox::insert_alert(
            conn,
            tenant_id,
            group,
            address,
            message.template(),
            "es",
            &payload,
        )
        .await?;
        crate::jobs::enqueue(conn, &SendEmail { email_id: id }).await?;
    }
    Ok(addresses.len())
}

fn payload_of(email: &QueuedEmail<'_>) -> Result<serde_json::Value, diesel::result::Error> {
    email
        .message
        .payload()
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))
}

async fn insert(
    conn: &AsyncPgConnection,
    tenant_id: Uuid,
    email: QueuedEmail<'_>,
    payload: &serde_json::Value,
) -> Result<Uuid, diesel::result::Error> {
    let id = afiliados_db::new_id();
    let job = serde_json::to_value(SendEmail { email_id: id })
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))?;
    afiliados_db::email_outbox::insert_with_job(
        conn,
        id,
        tenant_id,
        &afiliados_db::email_outbox::NewOutboxEmail {
            recipient: email.recipient,
            recipient_user_id: email.recipient_user_id,
            template: email.message.template(),
            locale: email.locale,
            payload,
        },
        (<SendEmail as afiliados_jobs::Job>::NAME, &job),
    )
    .await?;
    crate::jobs::note_written();
    Ok(id)
}
