//! The crate's single error type.

/// What credential handling can fail with. Messages never contain secrets.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// `JWT_KEYS` is malformed.
    #[error("invalid JWT key ring: {0}")]
    KeyRing(String),
    /// The token is malformed, expired, signed with an unknown key or has the wrong claims.
    #[error("invalid token: {0}")]
    InvalidToken(String),
    /// Hashing failed (parameters or RNG).
    #[error("password hashing failed: {0}")]
    Hashing(String),
    /// A TOTP secret could not be used.
    #[error("invalid TOTP secret: {0}")]
    Totp(String),
}

/// `Result` with [`AuthError`].
pub type Result<T, E = AuthError> = std::result::Result<T, E>;
