//! E-mail for the worker: renders the outbox's askama templates (`templates/<message>/<locale>/`
//! `{subject.txt,body.txt,body.html}`, Spanish first, English second) and sends them over SMTP
//! with lettre, or writes `.eml` files in development.
//!
//! Used by the worker only; depends on lettre, askama and afiliados-config, never on the api or
//! the database. Reads, through [`MailConfig::from_env`]: `MAIL_TRANSPORT`, `MAIL_FILE_DIR`,
//! `MAIL_SMTP_HOST`, `MAIL_SMTP_PORT`, `MAIL_SMTP_USERNAME`, `MAIL_SMTP_PASSWORD`,
//! `MAIL_SMTP_TLS` and `MAIL_FROM`.

mod config;
mod error;
mod messages;
mod render;
mod transport;

pub use config::{DEFAULT_FROM, MailConfig, MailTransportKind, SmtpTls};
pub use error::{MailError, Result};
pub use render::{Locale, RenderedEmail, TEMPLATES, render};
pub use transport::{Mailer, message_id};
