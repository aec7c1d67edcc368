//! The chunked sealed format (ADR 0081): a plaintext of any length sealed and opened a fixed-size
//! chunk at a time, so neither side ever holds the whole file or its ciphertext.
//!
//! ```text
//! header = 0x02 | kid_len (u8) | kid | chunk_size (u32 BE) | nonce prefix (7 random bytes)
//! body   = chunk₀ | chunk₁ | … | chunkₙ          (each: AES-256-GCM ciphertext + 16-byte tag)
//! ```
//!
//! The chunks follow the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár
//! (`aead::stream::EncryptorBE32`, from the RustCrypto `aead` crate the ring already uses): chunk
//! `i`'s nonce is `prefix | i (u32 BE) | last (u8)`, so a chunk moved to another position, a
//! chunk of another stream, or a stream cut after any chunk but its final one fails to open.
//! Every chunk's associated data is the header followed by the caller's associated data, so the
//! key id and the chunk size are authenticated too, and a stream opened with the wrong
//! associated data fails on its first chunk. Every chunk but the last holds exactly `chunk_size`
//! plaintext bytes; the last holds 0 to `chunk_size` (an empty plaintext is one empty final chunk).

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::stream::{DecryptorBE32, EncryptorBE32};

use crate::hash::fill_random;
use crate::keyring::{KeyRing, MAX_KID_LEN};
use crate::{CryptoError, Result};

/// First byte of every chunked ciphertext.
pub const CHUNKED_FORMAT_VERSION: u8 = 0x02;
/// Plaintext bytes per chunk written by [`Sealer`] (64 KiB).
pub const CHUNK_SIZE: usize = 64 * 1024;
/// Length of the random nonce prefix in the header (the STREAM nonce is 12 bytes: prefix, a
/// 32-bit counter and the last-chunk flag).
pub const STREAM_NONCE_PREFIX_LEN: usize = 7;
/// Largest chunk size a reader accepts from a header (a forged header must not make the reader
/// buffer more than this).
pub const MAX_CHUNK_SIZE: usize = 1 << 20;
const TAG_LEN: usize = 16;

/// The key id of a chunked blob, when its header is well formed.
pub(crate) fn key_id_of(blob: &[u8]) -> Option<&str> {
    match parse_header(blob) {
        Ok(Some(header)) => Some(header.kid),
        _ => None,
    }
}

struct Header<'a> {
    kid: &'a str,
    chunk_size: usize,
    nonce_prefix: &'a [u8],
    len: usize,
}

/// Parses a chunked header from the start of `bytes`; `None` while more bytes are needed.
fn parse_header(bytes: &[u8]) -> Result<Option<Header<'_>>> {
    let Some((&version, rest)) = bytes.split_first() else {
        return Ok(None);
    };
    if version != CHUNKED_FORMAT_VERSION {
        return Err(CryptoError::MalformedCiphertext("unknown format version"));
    }
    let Some((&kid_len, rest)) = rest.split_first() else {
        return Ok(None);
    };
    let kid_len = usize::from(kid_len);
    if kid_len == 0 || kid_len > MAX_KID_LEN {
        return Err(CryptoError::MalformedCiphertext("bad key id length"));
    }
    if rest.len() < kid_len + 4 + STREAM_NONCE_PREFIX_LEN {
        return Ok(None);
    }
    let (kid, rest) = rest.split_at(kid_len);
    let kid = std::str::from_utf8(kid)
        .map_err(|_| CryptoError::MalformedCiphertext("key id is not UTF-8"))?;
    let (size, rest) = rest.split_at(4);
    let size = u32::from_be_bytes([size[0], size[1], size[2], size[3]]);
    let chunk_size =
        usize::try_from(size).map_err(|_| CryptoError::MalformedCiphertext("bad chunk size"))?;
    if chunk_size == 0 || chunk_size > MAX_CHUNK_SIZE {
        return Err(CryptoError::MalformedCiphertext("bad chunk size"));
    }
    Ok(Some(Header {
        kid,
        chunk_size,
        nonce_prefix: &rest[..STREAM_NONCE_PREFIX_LEN],
        len: 2 + kid_len + 4 + STREAM_NONCE_PREFIX_LEN,
    }))
}

impl KeyRing {
    /// Starts sealing a stream with the active key and a fresh nonce prefix; `aad` is
    /// authenticated with every chunk, not stored.
    pub fn sealer(&self, aad: &[u8]) -> Result<Sealer> {
        Sealer::new(self, aad, CHUNK_SIZE)
    }

    /// Starts opening a chunked stream (or, held whole until [`Opener::finish`], a single-shot
    /// blob of [`KeyRing::encrypt`]) sealed under `aad` with any key of the ring.
    pub fn opener(&self, aad: &[u8]) -> Opener {
        Opener {
            ring: self.clone(),
            aad: aad.to_vec(),
            state: State::Header(Vec::new()),
        }
    }

    /// Seals `plaintext` whole in the chunked format (what [`Sealer`] writes piece by piece).
    pub fn encrypt_chunked(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        let mut sealer = self.sealer(aad)?;
        let mut out = Vec::with_capacity(plaintext.len() + plaintext.len() / CHUNK_SIZE * 16 + 80);
        sealer.push(plaintext, &mut out)?;
        sealer.finish(&mut out)?;
        Ok(out)
    }
}

/// Seals a stream chunk by chunk: [`Sealer::push`] plaintext as it comes, then
/// [`Sealer::finish`]; each call appends the ciphertext ready so far to `out`. At most one chunk
/// of plaintext is held. `Debug` shows the key id and counts only.
pub struct Sealer {
    encryptor: EncryptorBE32<Aes256Gcm>,
    key_id: String,
    header: Option<Vec<u8>>,
    aad: Vec<u8>,
    chunk_size: usize,
    pending: Vec<u8>,
    chunks: u64,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer")
            .field("key_id", &self.key_id)
            .field("chunks", &self.chunks)
            .finish_non_exhaustive()
    }
}

impl Sealer {
    fn new(ring: &KeyRing, aad: &[u8], chunk_size: usize) -> Result<Sealer> {
        let entry = ring.active();
        let kid = entry.kid.as_bytes();
        let mut prefix = [0u8; STREAM_NONCE_PREFIX_LEN];
        fill_random(&mut prefix);
        let size = u32::try_from(chunk_size).map_err(|_| CryptoError::EncryptionFailed)?;
        let mut header = Vec::with_capacity(2 + kid.len() + 4 + STREAM_NONCE_PREFIX_LEN);
        header.push(CHUNKED_FORMAT_VERSION);
        header.push(u8::try_from(kid.len()).map_err(|_| CryptoError::EncryptionFailed)?);
        header.extend_from_slice(kid);
        header.extend_from_slice(&size.to_be_bytes());
        header.extend_from_slice(&prefix);
        let mut full_aad = header.clone();
        full_aad.extend_from_slice(aad);
        Ok(Sealer {
            encryptor: EncryptorBE32::from_aead(
                entry.cipher.clone(),
                GenericArray::from_slice(&prefix),
            ),
            key_id: entry.kid.clone(),
            header: Some(header),
            aad: full_aad,
            chunk_size,
            pending: Vec::with_capacity(chunk_size + TAG_LEN),
            chunks: 0,
        })
    }

    /// The id of the sealing key (for `encryption_key_id`).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    fn emit_header(&mut self, out: &mut Vec<u8>) {
        if let Some(header) = self.header.take() {
            out.extend_from_slice(&header);
        }
    }

    /// Adds `plaintext`, appending every chunk it completes to `out` (a full chunk is sealed
    /// only once more bytes follow it, since the last chunk is sealed differently).
    pub fn push(&mut self, mut plaintext: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.emit_header(out);
        while !plaintext.is_empty() {
            if self.pending.len() == self.chunk_size {
                self.encryptor
                    .encrypt_next_in_place(&self.aad, &mut self.pending)
                    .map_err(|_| CryptoError::EncryptionFailed)?;
                out.extend_from_slice(&self.pending);
                self.pending.clear();
                self.chunks += 1;
            }
            let take = (self.chunk_size - self.pending.len()).min(plaintext.len());
            self.pending.extend_from_slice(&plaintext[..take]);
            plaintext = &plaintext[take..];
        }
        Ok(())
    }

    /// Seals what is left as the final chunk and appends it to `out`.
    pub fn finish(mut self, out: &mut Vec<u8>) -> Result<()> {
        self.emit_header(out);
        let Sealer {
            encryptor,
            aad,
            mut pending,
            ..
        } = self;
        encryptor
            .encrypt_last_in_place(&aad, &mut pending)
            .map_err(|_| CryptoError::EncryptionFailed)?;
        out.extend_from_slice(&pending);
        Ok(())
    }
}

/// Opens a sealed stream piece by piece: [`Opener::push`] ciphertext as it comes, then
/// [`Opener::finish`]; each call appends the plaintext authenticated so far to `out`. A chunked
/// stream holds at most one chunk; a single-shot blob (format `0x01`, written before ADR 0081) is
/// held until `finish` and then opened whole. Nothing unauthenticated is ever appended. `Debug`
/// shows the state only.
pub struct Opener {
    ring: KeyRing,
    aad: Vec<u8>,
    state: State,
}

enum State {
    /// Collecting the first bytes until the format and header are known.
    Header(Vec<u8>),
    /// A chunked stream: ciphertext of the current chunk in `pending`.
    Chunked {
        decryptor: Box<DecryptorBE32<Aes256Gcm>>,
        aad: Vec<u8>,
        segment: usize,
        pending: Vec<u8>,
    },
    /// A single-shot blob, opened at the end.
    Single(Vec<u8>),
}

impl std::fmt::Debug for Opener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Header(_) => "header",
            State::Chunked { .. } => "chunked",
            State::Single(_) => "single-shot",
        };
        f.debug_struct("Opener")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

impl Opener {
    /// Adds sealed bytes, appending the plaintext of every chunk they complete to `out` (a full
    /// chunk is opened only once more bytes follow it: the final one is opened by `finish`).
    pub fn push(&mut self, mut sealed: &[u8], out: &mut Vec<u8>) -> Result<()> {
        if let State::Header(collected) = &mut self.state {
            match collected.first().or(sealed.first()) {
                None => return Ok(()),
                Some(&crate::keyring::FORMAT_VERSION) => {
                    let mut whole = std::mem::take(collected);
                    whole.extend_from_slice(sealed);
                    self.state = State::Single(whole);
                    return Ok(());
                }
                Some(_) => {}
            }
            // Take only the header's bytes, so the chunk bytes go through the loop below.
            let before = collected.len();
            collected.extend_from_slice(sealed);
            let Some(header) = parse_header(collected)? else {
                return Ok(());
            };
            let cipher = self.ring.entry(header.kid)?.cipher.clone();
            let mut aad = collected[..header.len].to_vec();
            aad.extend_from_slice(&self.aad);
            let segment = header.chunk_size + TAG_LEN;
            let decryptor = Box::new(DecryptorBE32::from_aead(
                cipher,
                GenericArray::from_slice(header.nonce_prefix),
            ));
            sealed = &sealed[header.len - before..];
            self.state = State::Chunked {
                decryptor,
                aad,
                segment,
                pending: Vec::with_capacity(segment),
            };
        }
        match &mut self.state {
            State::Header(_) => Ok(()),
            State::Single(whole) => {
                whole.extend_from_slice(sealed);
                Ok(())
            }
            State::Chunked {
                decryptor,
                aad,
                segment,
                pending,
            } => {
                while !sealed.is_empty() {
                    if pending.len() == *segment {
                        decryptor
                            .decrypt_next_in_place(aad, pending)
                            .map_err(|_| CryptoError::DecryptionFailed)?;
                        out.extend_from_slice(pending);
                        pending.clear();
                    }
                    let take = (*segment - pending.len()).min(sealed.len());
                    pending.extend_from_slice(&sealed[..take]);
                    sealed = &sealed[take..];
                }
                Ok(())
            }
        }
    }

    /// Opens the final chunk (or the whole single-shot blob) and appends its plaintext to `out`;
    /// a stream that ends before its final chunk is refused.
    pub fn finish(self, out: &mut Vec<u8>) -> Result<()> {
        match self.state {
            State::Header(collected) if collected.is_empty() => {
                Err(CryptoError::MalformedCiphertext("empty"))
            }
            State::Header(_) => Err(CryptoError::MalformedCiphertext("truncated")),
            State::Single(whole) => {
                out.extend_from_slice(&self.ring.decrypt(&whole, &self.aad)?);
                Ok(())
            }
            State::Chunked {
                decryptor,
                aad,
                mut pending,
                ..
            } => {
                if pending.len() < TAG_LEN {
                    return Err(CryptoError::MalformedCiphertext("truncated"));
                }
                (*decryptor)
                    .decrypt_last_in_place(&aad, &mut pending)
                    .map_err(|_| CryptoError::DecryptionFailed)?;
                out.extend_from_slice(&pending);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests;
