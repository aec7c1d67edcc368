//! Sealed objects written and read a chunk at a time (ADR 0081): [`SealedWriter`] encrypts with
//! the chunked format of `afiliados-crypto` as the plaintext comes and streams the ciphertext to
//! the backend (a temporary file, or an S3 PUT / multipart upload); [`SealedReader`] streams an
//! object back and opens it chunk by chunk. Neither holds more than a few chunks (plus, for S3,
//! the parts in flight), whatever the object's size.

use afiliados_crypto::{CHUNK_SIZE, KeyRing, Opener, Sealer, Sha256Stream};
use futures::stream::BoxStream;
use futures::{Stream, StreamExt};
use tokio::io::AsyncReadExt;

use crate::local::LocalWrite;
use crate::s3::S3Write;
use crate::{Result, StorageError};

/// What a finished [`SealedWriter`] stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedObject {
    /// Id of the key that sealed it (for `encryption_key_id`).
    pub key_id: String,
    /// Plaintext bytes written.
    pub size_bytes: u64,
    /// SHA-256 of the plaintext, lower-case hex.
    pub sha256: String,
}

#[derive(Debug)]
pub(crate) enum Sink {
    Local(LocalWrite),
    S3(S3Write),
}

impl Sink {
    async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        match self {
            Sink::Local(sink) => sink.write(bytes).await,
            Sink::S3(sink) => sink.write(bytes).await,
        }
    }

    async fn finish(self) -> Result<()> {
        match self {
            Sink::Local(sink) => sink.finish().await,
            Sink::S3(sink) => sink.finish().await,
        }
    }

    async fn abort(self) {
        match self {
            Sink::Local(sink) => sink.abort().await,
            Sink::S3(sink) => sink.abort().await,
        }
    }
}

/// An object being sealed and stored piece by piece (from [`crate::ObjectStore::sealed_writer`]).
/// [`SealedWriter::write`] plaintext as it is produced, then [`SealedWriter::finish`]; the object
/// appears only then, whole. Dropped or [`SealedWriter::abort`]ed before, nothing is stored.
#[derive(Debug)]
pub struct SealedWriter {
    sink: Sink,
    sealer: Sealer,
    hash: Sha256Stream,
    size_bytes: u64,
    out: Vec<u8>,
}

impl SealedWriter {
    pub(crate) fn new(sink: Sink, keyring: &KeyRing, aad: &[u8]) -> Result<SealedWriter> {
        Ok(SealedWriter {
            sink,
            sealer: keyring.sealer(aad)?,
            hash: Sha256Stream::new(),
            size_bytes: 0,
            out: Vec::with_capacity(CHUNK_SIZE + 1024),
        })
    }

    /// Plaintext bytes written so far.
    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }

    /// Seals `plaintext` and sends every completed chunk to the backend.
    pub async fn write(&mut self, plaintext: &[u8]) -> Result<()> {
        self.hash.update(plaintext);
        self.size_bytes += plaintext.len() as u64;
        for piece in plaintext.chunks(CHUNK_SIZE) {
            self.sealer.push(piece, &mut self.out)?;
            if !self.out.is_empty() {
                self.sink.write(&self.out).await?;
                self.out.clear();
            }
        }
        Ok(())
    }

    /// Seals the final chunk and completes the object.
    pub async fn finish(self) -> Result<SealedObject> {
        let SealedWriter {
            mut sink,
            sealer,
            hash,
            size_bytes,
            mut out,
        } = self;
        let key_id = sealer.key_id().to_owned();
        sealer.finish(&mut out)?;
        sink.write(&out).await?;
        drop(out);
        sink.finish().await?;
        Ok(SealedObject {
            key_id,
            size_bytes,
            sha256: hash.finish_hex(),
        })
    }

    /// Drops what was written.
    pub async fn abort(self) {
        self.sink.abort().await;
    }
}

pub(crate) enum Source {
    Local(tokio::fs::File),
    S3(BoxStream<'static, object_store::Result<bytes::Bytes>>),
}

/// Bytes read from a local object at a time.
const READ_SIZE: usize = 64 * 1024;

/// A sealed object being read and opened piece by piece (from
/// [`crate::ObjectStore::open_sealed`]). Every piece it yields is authenticated; a tampered,
/// reordered or truncated object ends in an error, never in unauthenticated bytes. Objects sealed
/// whole before ADR 0081 are read whole and yielded as one piece.
pub struct SealedReader {
    key: String,
    source: Source,
    opener: Option<Opener>,
    buffer: Vec<u8>,
}

impl std::fmt::Debug for SealedReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedReader")
            .field("key", &self.key)
            .field("done", &self.opener.is_none())
            .finish_non_exhaustive()
    }
}

impl SealedReader {
    pub(crate) fn new(key: &str, source: Source, keyring: &KeyRing, aad: &[u8]) -> SealedReader {
        SealedReader {
            key: key.to_owned(),
            source,
            opener: Some(keyring.opener(aad)),
            buffer: Vec::new(),
        }
    }

    async fn read_raw(&mut self) -> Result<Option<bytes::Bytes>> {
        match &mut self.source {
            Source::Local(file) => {
                self.buffer.resize(READ_SIZE, 0);
                let read =
                    file.read(&mut self.buffer)
                        .await
                        .map_err(|source| StorageError::Io {
                            key: self.key.clone(),
                            source,
                        })?;
                Ok((read > 0).then(|| bytes::Bytes::copy_from_slice(&self.buffer[..read])))
            }
            Source::S3(stream) => match stream.next().await {
                None => Ok(None),
                Some(Ok(piece)) => Ok(Some(piece)),
                Some(Err(error)) => Err(StorageError::Backend(error.to_string())),
            },
        }
    }

    /// The next piece of plaintext; `None` once the object is read and its final chunk checked.
    pub async fn next_piece(&mut self) -> Result<Option<Vec<u8>>> {
        loop {
            if self.opener.is_none() {
                return Ok(None);
            }
            let raw = self.read_raw().await?;
            let mut out = Vec::new();
            match raw {
                Some(raw) => {
                    if let Some(opener) = self.opener.as_mut() {
                        opener.push(&raw, &mut out)?;
                    }
                }
                None => {
                    if let Some(opener) = self.opener.take() {
                        opener.finish(&mut out)?;
                    }
                }
            }
            if !out.is_empty() {
                return Ok(Some(out));
            }
        }
    }

    /// The plaintext as a stream of pieces (for an HTTP response body).
    pub fn into_stream(self) -> impl Stream<Item = Result<Vec<u8>>> + Send + 'static {
        futures::stream::try_unfold(self, |mut reader| async move {
            Ok(reader.next_piece().await?.map(|piece| (piece, reader)))
        })
    }
}
