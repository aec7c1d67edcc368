//! AES-256-GCM key ring with the key id inside each ciphertext.
//!
//! Two formats share the ring: the single-shot one ([`KeyRing::encrypt`], first byte `0x01`) and
//! the chunked one of [`crate::stream`] (first byte `0x02`, ADR 0081); [`KeyRing::decrypt`] and
//! [`KeyRing::key_id_of`] read both.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use std::sync::Arc;

use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::hash::fill_random;
use crate::{CryptoError, Result};

/// First byte of every ciphertext produced by [`KeyRing::encrypt`].
pub const FORMAT_VERSION: u8 = 0x01;
/// Length of the random AES-GCM nonce (96 bits).
pub const NONCE_LEN: usize = 12;
const KEY_LEN: usize = 32;
pub(crate) const MAX_KID_LEN: usize = 32;

pub(crate) struct Entry {
    pub(crate) kid: String,
    pub(crate) cipher: Aes256Gcm,
}

/// A set of AES-256-GCM keys, each with an id; the first one encrypts, all of them decrypt.
///
/// Ciphertext layout: `0x01 | kid_len (u8) | kid bytes | nonce (12) | ciphertext + tag (16)`.
/// `Debug` prints only the key ids. Cloning is cheap (the keys are shared, not copied): a
/// streaming reader ([`crate::Opener`]) keeps its own handle on the ring.
#[derive(Clone)]
pub struct KeyRing {
    entries: Arc<[Entry]>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("active", &self.active_key_id())
            .field("key_ids", &self.key_ids().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl KeyRing {
    /// Parses `kid:base64key,kid2:base64key` (standard base64 of exactly 32 bytes each; ids match
    /// `[A-Za-z0-9_-]{1,32}`; the first entry is the active key; duplicate ids are rejected).
    /// Whitespace around entries is ignored.
    pub fn parse(spec: &str) -> Result<KeyRing> {
        let mut entries: Vec<Entry> = Vec::new();
        for (index, raw) in spec.split(',').enumerate() {
            let position = index + 1;
            let raw = raw.trim();
            if raw.is_empty() {
                return Err(invalid(format!("entry {position} is empty")));
            }
            let Some((kid, key_b64)) = raw.split_once(':') else {
                return Err(invalid(format!(
                    "entry {position} is not in the form kid:base64key"
                )));
            };
            let kid = kid.trim();
            validate_kid(kid).map_err(|why| invalid(format!("entry {position}: key id {why}")))?;
            if entries.iter().any(|entry| entry.kid == kid) {
                return Err(invalid(format!("key id {kid:?} appears more than once")));
            }
            let key = STANDARD
                .decode(key_b64.trim())
                .map_err(|_| invalid(format!("key {kid:?} is not valid standard base64")))?;
            if key.len() != KEY_LEN {
                return Err(invalid(format!(
                    "key {kid:?} decodes to {} bytes, expected {KEY_LEN} (generate one with `openssl rand -base64 32`)",
                    key.len()
                )));
            }
            let cipher = Aes256Gcm::new_from_slice(&key)
                .map_err(|_| invalid(format!("key {kid:?} has the wrong length")))?;
            entries.push(Entry {
                kid: kid.to_owned(),
                cipher,
            });
        }
        Ok(KeyRing {
            entries: entries.into(),
        })
    }

    /// Builds a ring from raw 32-byte keys, the first one active (tests and key generation).
    pub fn from_keys<'a>(
        keys: impl IntoIterator<Item = (&'a str, [u8; KEY_LEN])>,
    ) -> Result<KeyRing> {
        let spec = keys
            .into_iter()
            .map(|(kid, key)| format!("{kid}:{}", STANDARD.encode(key)))
            .collect::<Vec<_>>()
            .join(",");
        KeyRing::parse(&spec)
    }

    /// The id of the key used by [`KeyRing::encrypt`].
    pub fn active_key_id(&self) -> &str {
        self.active().kid.as_str()
    }

    /// Every key id, active first.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| entry.kid.as_str())
    }

    /// Whether the ring holds a key with this id.
    pub fn contains(&self, kid: &str) -> bool {
        self.entries.iter().any(|entry| entry.kid == kid)
    }

    /// Encrypts with the active key and a fresh random nonce; `aad` is authenticated, not stored.
    pub fn encrypt(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        let entry = self.active();
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce);
        let sealed = entry
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .map_err(|_| CryptoError::EncryptionFailed)?;
        let kid = entry.kid.as_bytes();
        let mut out = Vec::with_capacity(2 + kid.len() + NONCE_LEN + sealed.len());
        out.push(FORMAT_VERSION);
        // Ids are at most 32 bytes (checked at parse time), so the length fits in a byte.
        out.push(u8::try_from(kid.len()).map_err(|_| CryptoError::EncryptionFailed)?);
        out.extend_from_slice(kid);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts a blob from [`KeyRing::encrypt`] (or, whole, a chunked one from
    /// [`KeyRing::encrypt_chunked`] / [`crate::Sealer`]) with whichever key of the ring it names.
    pub fn decrypt(&self, blob: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        if blob.first() == Some(&crate::stream::CHUNKED_FORMAT_VERSION) {
            let mut opener = self.opener(aad);
            let mut out = Vec::with_capacity(blob.len());
            opener.push(blob, &mut out)?;
            opener.finish(&mut out)?;
            return Ok(out);
        }
        let parts = split(blob)?;
        let entry = self.entry(parts.kid)?;
        entry
            .cipher
            .decrypt(
                Nonce::from_slice(parts.nonce),
                Payload {
                    msg: parts.sealed,
                    aad,
                },
            )
            .map_err(|_| CryptoError::DecryptionFailed)
    }

    /// Whether `blob` was sealed with a key other than the active one (a rotation candidate).
    pub fn needs_reencryption(&self, blob: &[u8]) -> bool {
        key_id_of(blob).is_some_and(|kid| kid != self.active_key_id())
    }

    /// The key id stored in `blob`, when the blob is well formed.
    pub fn key_id_of(blob: &[u8]) -> Option<&str> {
        key_id_of(blob)
    }

    pub(crate) fn active(&self) -> &Entry {
        // `parse` never returns an empty ring: an empty spec is one empty entry, which is refused.
        &self.entries[0]
    }

    pub(crate) fn entry(&self, kid: &str) -> Result<&Entry> {
        self.entries
            .iter()
            .find(|entry| entry.kid == kid)
            .ok_or_else(|| CryptoError::UnknownKeyId(kid.to_owned()))
    }
}

fn key_id_of(blob: &[u8]) -> Option<&str> {
    if blob.first() == Some(&crate::stream::CHUNKED_FORMAT_VERSION) {
        return crate::stream::key_id_of(blob);
    }
    split(blob).ok().map(|parts| parts.kid)
}

struct Parts<'a> {
    kid: &'a str,
    nonce: &'a [u8],
    sealed: &'a [u8],
}

fn split(blob: &[u8]) -> Result<Parts<'_>> {
    let (&version, rest) = blob
        .split_first()
        .ok_or(CryptoError::MalformedCiphertext("empty"))?;
    if version != FORMAT_VERSION {
        return Err(CryptoError::MalformedCiphertext("unknown format version"));
    }
    let (&kid_len, rest) = rest
        .split_first()
        .ok_or(CryptoError::MalformedCiphertext("truncated"))?;
    let kid_len = usize::from(kid_len);
    if kid_len == 0 || kid_len > MAX_KID_LEN {
        return Err(CryptoError::MalformedCiphertext("bad key id length"));
    }
    if rest.len() < kid_len + NONCE_LEN + 16 {
        return Err(CryptoError::MalformedCiphertext("truncated"));
    }
    let (kid, rest) = rest.split_at(kid_len);
    let kid = std::str::from_utf8(kid)
        .map_err(|_| CryptoError::MalformedCiphertext("key id is not UTF-8"))?;
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    Ok(Parts { kid, nonce, sealed })
}

fn validate_kid(kid: &str) -> std::result::Result<(), String> {
    if kid.is_empty() {
        return Err("is empty".into());
    }
    if kid.len() > MAX_KID_LEN {
        return Err(format!("is longer than {MAX_KID_LEN} characters"));
    }
    if !kid
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(format!(
            "{kid:?} may only contain A-Z, a-z, 0-9, '_' and '-'"
        ));
    }
    Ok(())
}

fn invalid(message: String) -> CryptoError {
    CryptoError::InvalidKeyRing(message)
}
