//! The crate's one error type.

use std::time::Duration;

/// Everything a VTEX call can end with. Messages never carry app keys' tokens or customer data;
/// response bodies are truncated to 2 KiB with the configured tokens removed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VtexError {
    /// An attempt took longer than the per-attempt timeout (the request was cancelled).
    #[error("VTEX did not answer within {timeout_ms} ms")]
    Timeout {
        /// The per-attempt timeout.
        timeout_ms: u64,
    },
    /// Connection refused or reset, DNS, TLS, a broken body…
    #[error("network error talking to VTEX: {message}")]
    Network {
        /// The transport error chain, without the URL.
        message: String,
    },
    /// 429 after the last attempt, or with a `Retry-After` longer than the configured maximum.
    #[error("VTEX rate-limited the call{}", describe_retry_after(.retry_after))]
    RateLimited {
        /// The `Retry-After` VTEX sent, when it sent one.
        retry_after: Option<Duration>,
    },
    /// 408 or 5xx after the last attempt.
    #[error("VTEX answered {status}")]
    Server {
        /// The HTTP status.
        status: u16,
    },
    /// Any other 4xx: permanent, never retried.
    #[error("VTEX refused the request with {status}: {body}")]
    Client {
        /// The HTTP status.
        status: u16,
        /// VTEX's body, truncated to 2 KiB, secrets removed.
        body: String,
    },
    /// 404: the order, coupon or promotion does not exist for this account.
    #[error("not found in VTEX")]
    NotFound,
    /// Every configured (non-expired) credential answered 401 or 403 (vtex.md §8 `Unauthorized`).
    #[error("every VTEX credential was refused ({tried} tried, last status {status})")]
    AllCredentialsRejected {
        /// The last 401 or 403.
        status: u16,
        /// How many credentials this call tried.
        tried: usize,
    },
    /// No credential is configured, or all of them are past their `expiresAt`.
    #[error("no usable VTEX credential is configured (none, or all expired)")]
    NoUsableCredential,
    /// VTEX answered 2xx with a body that does not have the expected shape.
    #[error("unexpected VTEX response: {0}")]
    Decode(String),
    /// The client or the request could not be built (bad base URL, unencodable header…).
    #[error("invalid VTEX client configuration or request: {0}")]
    Config(String),
}

fn describe_retry_after(retry_after: &Option<Duration>) -> String {
    retry_after
        .map(|d| format!(" (Retry-After {} s)", d.as_secs()))
        .unwrap_or_default()
}

impl VtexError {
    /// Worth retrying later (the job's own backoff): timeouts, network errors, 429, 408 and 5xx.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            VtexError::Timeout { .. }
                | VtexError::Network { .. }
                | VtexError::RateLimited { .. }
                | VtexError::Server { .. }
        )
    }

    /// Retrying cannot help: the request, the data or the credentials must change.
    pub fn is_permanent(&self) -> bool {
        !self.is_transient()
    }

    /// The HTTP status behind the error, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            VtexError::Server { status }
            | VtexError::Client { status, .. }
            | VtexError::AllCredentialsRejected { status, .. } => Some(*status),
            VtexError::RateLimited { .. } => Some(429),
            VtexError::NotFound => Some(404),
            _ => None,
        }
    }
}

/// `Result` with [`VtexError`] as the default error.
pub type Result<T, E = VtexError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert!(VtexError::Timeout { timeout_ms: 1 }.is_transient());
        assert!(VtexError::RateLimited { retry_after: None }.is_transient());
        assert!(VtexError::Server { status: 503 }.is_transient());
        assert!(
            VtexError::Client {
                status: 400,
                body: String::new()
            }
            .is_permanent()
        );
        assert!(VtexError::NotFound.is_permanent());
        assert!(
            VtexError::AllCredentialsRejected {
                status: 401,
                tried: 2
            }
            .is_permanent()
        );
        assert_eq!(
            VtexError::RateLimited {
                retry_after: Some(Duration::from_secs(40))
            }
            .to_string(),
            "VTEX rate-limited the call (Retry-After 40 s)"
        );
    }
}
