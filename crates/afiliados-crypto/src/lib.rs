//! Cryptographic helpers shared by the api and the worker.
//!
//! - [`KeyRing`]: AES-256-GCM with the key id stored inside each ciphertext, so data sealed with an
//!   older key keeps decrypting after a rotation (`DATA_ENCRYPTION_KEY=new:…,old:…`).
//! - [`Sealer`] / [`Opener`]: the chunked format (ADR 0081) for files of any size, sealed and
//!   opened 64 KiB at a time with the same ring (STREAM over AES-256-GCM); [`KeyRing::decrypt`]
//!   reads both formats.
//! - [`sha256`] / [`sha256_hex`]: checksums (backups, refresh-token hashes).
//! - [`hmac_sha256`] / [`verify_hmac_sha256`] / [`constant_time_eq`]: webhook signatures and service
//!   tokens, always compared in constant time.
//! - [`random_bytes`]: bytes from the operating system's RNG.
//!
//! Errors never contain key material.

mod error;
mod hash;
mod keyring;
mod stream;

pub use error::{CryptoError, Result};
pub use hash::{
    Sha256Stream, constant_time_eq, hmac_sha256, random_bytes, sha256, sha256_hex,
    verify_hmac_sha256,
};
pub use keyring::{FORMAT_VERSION, KeyRing, NONCE_LEN};
pub use stream::{
    CHUNK_SIZE, CHUNKED_FORMAT_VERSION, MAX_CHUNK_SIZE, Opener, STREAM_NONCE_PREFIX_LEN, Sealer,
};
