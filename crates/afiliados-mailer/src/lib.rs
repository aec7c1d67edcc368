//! E-mail for the worker: renders the typed messages of `afiliados-email-messages` (the payload
//! structs the api queues) with askama templates (`templates/<message>/<locale>/`
//! `{subject.txt,body.txt,body.html}`, Spanish first, English second) and sends them over SMTP
//! with lettre, or writes `.eml` files in development.
//!
//! Used by the worker only; depends on lettre, askama, afiliados-config and the shared message
//! types, never on the api or the database. Reads, through [`MailConfig::from_env`]: `MAIL_TRANSPORT`, `MAIL_FILE_DIR`,
//! `MAIL_SMTP_HOST`, `MAIL_SMTP_PORT`, `MAIL_SMTP_USERNAME`, `MAIL_SMTP_PASSWORD`,
//! `MAIL_SMTP_TLS` and `MAIL_FROM`.

mod config;
mod error;
mod messages;
mod render;
mod transport;

pub use afiliados_email_messages::EmailMessage;
pub use config::{DEFAULT_FROM, MailConfig, MailTransportKind, SmtpTls};
pub use error::{MailError, Result};
pub use render::{Locale, RenderedEmail, TEMPLATES, render, render_message};
pub use transport::{Mailer, message_id};
