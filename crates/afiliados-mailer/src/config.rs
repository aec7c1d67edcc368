//! Mail settings, read from the environment.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `MAIL_TRANSPORT` | `smtp` | `smtp`, or `file` (development only: writes `.eml` files) |
//! | `MAIL_FILE_DIR` | `.dev/mail` | where the `file` transport writes |
//! | `MAIL_SMTP_HOST` | `127.0.0.1` | SMTP server |
//! | `MAIL_SMTP_PORT` | `1025` | SMTP port (the local sink's) |
//! | `MAIL_SMTP_USERNAME` | unset | SMTP user; unset means no authentication |
//! | `MAIL_SMTP_PASSWORD` | unset | SMTP password (secret) |
//! | `MAIL_SMTP_TLS` | `none` | `none`, `starttls` or `tls` (implicit TLS, usually port 465) |
//! | `MAIL_FROM` | `Marketing Afiliados <no-reply@medipiel.co>` | sender mailbox |

use std::path::PathBuf;

use afiliados_config::{Env, SecretString};
use lettre::message::Mailbox;

/// How messages leave the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailTransportKind {
    /// A real SMTP server (the local sink in development and tests).
    Smtp,
    /// `.eml` files in [`MailConfig::file_dir`] (development only).
    File,
}

/// Transport security towards the SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text (local sinks and trusted relays only).
    None,
    /// Plain connection upgraded with `STARTTLS` (usually port 587); required, never optional.
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// Everything the [`crate::Mailer`] needs.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// SMTP or files.
    pub transport: MailTransportKind,
    /// Output directory of the file transport.
    pub file_dir: PathBuf,
    /// SMTP host.
    pub host: String,
    /// SMTP port.
    pub port: u16,
    /// SMTP user, when the server requires authentication.
    pub username: Option<String>,
    /// SMTP password.
    pub password: Option<SecretString>,
    /// Transport security.
    pub tls: SmtpTls,
    /// Sender, e.g. `Marketing Afiliados <no-reply@medipiel.co>`.
    pub from: String,
}

/// The sender used when `MAIL_FROM` is unset.
pub const DEFAULT_FROM: &str = "Marketing Afiliados <no-reply@medipiel.co>";

impl MailConfig {
    /// Reads the section, recording every problem in `env`.
    pub fn from_env(env: &mut Env) -> MailConfig {
        let transport = match env.var_or("MAIL_TRANSPORT", "smtp").as_str() {
            "smtp" => MailTransportKind::Smtp,
            "file" if env.app_env().is_development() => MailTransportKind::File,
            "file" => {
                env.problem("MAIL_TRANSPORT=file is only allowed in development");
                MailTransportKind::Smtp
            }
            other => {
                env.problem(format!("MAIL_TRANSPORT={other:?} is not smtp or file"));
                MailTransportKind::Smtp
            }
        };
        let tls = match env.var_or("MAIL_SMTP_TLS", "none").as_str() {
            "none" => SmtpTls::None,
            "starttls" => SmtpTls::StartTls,
            "tls" => SmtpTls::Tls,
            other => {
                env.problem(format!(
                    "MAIL_SMTP_TLS={other:?} is not none, starttls or tls"
                ));
                SmtpTls::None
            }
        };
        let username = env.var("MAIL_SMTP_USERNAME");
        let password = env.var("MAIL_SMTP_PASSWORD").map(SecretString::from);
        if password.is_some() != username.is_some() {
            env.problem("MAIL_SMTP_USERNAME and MAIL_SMTP_PASSWORD must be set together");
        }
        let from = env.var_or("MAIL_FROM", DEFAULT_FROM);
        if from.parse::<Mailbox>().is_err() {
            env.problem(format!(
                "MAIL_FROM={from:?} is not a mailbox such as {DEFAULT_FROM:?}"
            ));
        }
        MailConfig {
            transport,
            file_dir: PathBuf::from(env.var_or("MAIL_FILE_DIR", ".dev/mail")),
            host: env.var_or("MAIL_SMTP_HOST", "127.0.0.1"),
            port: env.var_parsed("MAIL_SMTP_PORT", 1025),
            username,
            password,
            tls,
            from,
        }
    }

    /// The local SMTP sink (`scripts/smtp-sink.sh`) on `port`, no TLS, no authentication.
    pub fn local_sink(port: u16) -> MailConfig {
        MailConfig {
            transport: MailTransportKind::Smtp,
            file_dir: PathBuf::from(".dev/mail"),
            host: "127.0.0.1".into(),
            port,
            username: None,
            password: None,
            tls: SmtpTls::None,
            from: DEFAULT_FROM.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults(name: &str) -> Option<String> {
        (name == "APP_ENV").then(|| "production".into())
    }

    fn broken(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "MAIL_TRANSPORT" => Some("file".into()),
            "MAIL_SMTP_TLS" => Some("ssl".into()),
            "MAIL_SMTP_PORT" => Some("25x".into()),
            "MAIL_SMTP_USERNAME" => Some("mailer".into()),
            "MAIL_FROM" => Some("not a mailbox".into()),
            _ => None,
        }
    }

    #[test]
    fn defaults_point_at_the_local_sink() {
        let mut env = Env::with_lookup(defaults);
        let config = MailConfig::from_env(&mut env);
        assert!(env.finish().is_ok());
        assert_eq!(
            (config.host.as_str(), config.port, config.tls),
            ("127.0.0.1", 1025, SmtpTls::None)
        );
        assert_eq!(config.transport, MailTransportKind::Smtp);
        assert_eq!(config.from, DEFAULT_FROM);
    }

    #[test]
    fn every_problem_is_reported() {
        let mut env = Env::with_lookup(broken);
        let _ = MailConfig::from_env(&mut env);
        let Err(errors) = env.finish() else {
            panic!("expected problems")
        };
        assert_eq!(errors.0.len(), 5, "{errors}");
    }
}
