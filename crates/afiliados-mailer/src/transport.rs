//! Sending: lettre's pooled async SMTP transport, or `.eml` files in development.

use std::{path::PathBuf, time::Duration};

use afiliados_config::ExposeSecret;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
    transport::smtp::authentication::Credentials,
};
use uuid::Uuid;

use crate::{MailConfig, MailError, MailTransportKind, RenderedEmail, Result, SmtpTls};

/// Bound on every SMTP command, so a stuck server turns into a transient error, not a stuck job.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The `Message-ID` of an outbox row: its id as the local part, so a resend after a crash is
/// recognisable (`api.md` §21.4).
pub fn message_id(outbox_id: Uuid) -> String {
    format!("<{outbox_id}@marketing-afiliados>")
}

/// Sends rendered messages. Cheap to clone (the SMTP connection pool is shared).
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::File(_) => "file",
        };
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("transport", &kind)
            .finish()
    }
}

impl Mailer {
    /// The transport `config.transport` names.
    pub fn new(config: &MailConfig) -> Result<Mailer> {
        match config.transport {
            MailTransportKind::Smtp => Mailer::smtp(config),
            MailTransportKind::File => Mailer::file(config.file_dir.clone(), &config.from),
        }
    }

    /// SMTP with the configured host, port, TLS mode and credentials. Connects lazily.
    pub fn smtp(config: &MailConfig) -> Result<Mailer> {
        let builder = match config.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
            SmtpTls::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)?,
        };
        let mut builder = builder.port(config.port).timeout(Some(SMTP_TIMEOUT));
        if let (Some(user), Some(password)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                password.expose_secret().to_owned(),
            ));
        }
        Ok(Mailer {
            from: parse_mailbox("from", &config.from)?,
            transport: Transport::Smtp(builder.build()),
        })
    }

    /// Writes each message to `dir/<message-id>.eml` (development only).
    pub fn file(dir: PathBuf, from: &str) -> Result<Mailer> {
        Ok(Mailer {
            from: parse_mailbox("from", from)?,
            transport: Transport::File(dir),
        })
    }

    /// Sends `rendered` to `to` as multipart text + HTML with the given `Message-ID`
    /// (`<id@marketing-afiliados>`, see [`message_id`]).
    pub async fn send(
        &self,
        to: &str,
        rendered: &RenderedEmail,
        message_id: &str,
    ) -> Result<(), MailError> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(parse_mailbox("to", to)?)
            .subject(rendered.subject.as_str())
            .message_id(Some(message_id.to_owned()))
            .multipart(MultiPart::alternative_plain_html(
                rendered.text.clone(),
                rendered.html.clone(),
            ))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(MailError::Smtp),
            Transport::File(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let name: String = message_id
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                tokio::fs::write(dir.join(format!("{name}.eml")), message.formatted()).await?;
                Ok(())
            }
        }
    }

    /// Opens an SMTP connection and says `NOOP` (readiness); the file transport is always ready.
    pub async fn check(&self) -> Result<bool> {
        match &self.transport {
            Transport::Smtp(smtp) => Ok(smtp.test_connection().await?),
            Transport::File(_) => Ok(true),
        }
    }
}

fn parse_mailbox(field: &'static str, raw: &str) -> Result<Mailbox> {
    raw.parse()
        .map_err(|source| MailError::InvalidAddress { field, source })
}
