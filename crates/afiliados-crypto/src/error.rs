//! The crate's single error type.

/// Everything that can go wrong in this crate. Messages never contain key bytes or plaintext.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The key-ring specification (`kid:base64key,…`) is malformed.
    #[error("invalid key ring: {0}")]
    InvalidKeyRing(String),
    /// The ciphertext follows neither the single-shot layout
    /// (`0x01 | kid_len | kid | nonce | ciphertext+tag`) nor the chunked one (`0x02 | …`, ADR 0081),
    /// or a chunked stream ends before its final chunk.
    #[error("malformed ciphertext: {0}")]
    MalformedCiphertext(&'static str),
    /// The ciphertext names a key id that is not in the ring.
    #[error("unknown key id {0:?}")]
    UnknownKeyId(String),
    /// Authentication failed: wrong key, wrong associated data or tampered bytes.
    #[error("decryption failed (wrong key, wrong associated data or tampered data)")]
    DecryptionFailed,
    /// The cipher refused to encrypt (input too large).
    #[error("encryption failed")]
    EncryptionFailed,
}

/// `Result` with [`CryptoError`] as the default error.
pub type Result<T, E = CryptoError> = std::result::Result<T, E>;
