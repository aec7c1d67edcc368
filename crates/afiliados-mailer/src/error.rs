//! The one error type of this crate, and which failures are worth retrying.

use afiliados_email_messages::DecodeError;

/// What rendering or sending can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MailError {
    /// The outbox names a template this build does not have.
    #[error("unknown e-mail template {0:?}")]
    UnknownTemplate(String),
    /// The outbox payload lacks a field the template needs, or has the wrong type.
    #[error("payload of template {template} is invalid: {source}")]
    InvalidPayload {
        /// The template.
        template: String,
        /// What serde found.
        #[source]
        source: serde_json::Error,
    },
    /// askama failed while rendering.
    #[error("rendering failed: {0}")]
    Render(#[from] askama::Error),
    /// A sender or recipient address does not parse.
    #[error("invalid {field} address: {source}")]
    InvalidAddress {
        /// `from` or `to`.
        field: &'static str,
        /// Why.
        #[source]
        source: lettre::address::AddressError,
    },
    /// The message could not be assembled.
    #[error("building the message failed: {0}")]
    Build(#[from] lettre::error::Error),
    /// The SMTP exchange failed: a 4xx or 5xx answer, or a connection, TLS or timeout problem.
    #[error("SMTP failed: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    /// Writing an `.eml` file (development transport) failed.
    #[error("writing the message file failed: {0}")]
    File(#[from] std::io::Error),
}

impl From<DecodeError> for MailError {
    fn from(error: DecodeError) -> MailError {
        match error {
            DecodeError::UnknownTemplate(template) => MailError::UnknownTemplate(template),
            DecodeError::InvalidPayload { template, source } => {
                MailError::InvalidPayload { template, source }
            }
        }
    }
}

impl MailError {
    /// No retry can succeed: an SMTP 5xx rejection, or a message we cannot even build (unknown
    /// template, incomplete payload, bad address). Connection problems, timeouts and 4xx answers
    /// are transient.
    pub fn is_permanent(&self) -> bool {
        match self {
            MailError::Smtp(error) => error.is_permanent(),
            MailError::File(_) => false,
            MailError::UnknownTemplate(_)
            | MailError::InvalidPayload { .. }
            | MailError::Render(_)
            | MailError::InvalidAddress { .. }
            | MailError::Build(_) => true,
        }
    }
}

/// `Result` with [`MailError`].
pub type Result<T, E = MailError> = std::result::Result<T, E>;
