//! The crate's error type.

/// What can go wrong with object storage. Messages never contain credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The key (or list prefix) is not a safe relative object key.
    #[error("invalid object key {key:?}: {reason}")]
    InvalidKey {
        /// The refused key.
        key: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// No object under that key.
    #[error("object {key:?} not found")]
    NotFound {
        /// The missing key.
        key: String,
    },
    /// The backend was selected but cannot be used (missing bucket, bad endpoint…).
    #[error("storage backend not configured: {0}")]
    NotConfigured(String),
    /// A local file-system operation failed.
    #[error("local storage I/O failed for {key:?}: {source}")]
    Io {
        /// The key being handled (or the root directory).
        key: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The S3-compatible backend answered with an error.
    #[error("object store error: {0}")]
    Backend(String),
    /// Sealing or opening an object failed (wrong key ring, AAD or tampered bytes).
    #[error("object encryption failed: {0}")]
    Crypto(#[from] afiliados_crypto::CryptoError),
}

/// Shorthand for results of this crate.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;
