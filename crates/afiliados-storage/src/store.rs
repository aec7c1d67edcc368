//! [`ObjectStore`]: the backend chosen by configuration, behind one set of methods.

use afiliados_crypto::KeyRing;

use crate::config::{StorageBackend, StorageConfig};
use crate::local::LocalStore;
use crate::s3::S3Store;
use crate::sealed::{SealedReader, SealedWriter, Sink, Source};
use crate::{Result, StorageError};

/// Content type recorded for sealed (encrypted) objects.
pub const SEALED_CONTENT_TYPE: &str = "application/octet-stream";

/// Object storage for KYC documents, vouchers, exports and backups.
#[derive(Debug, Clone)]
pub enum ObjectStore {
    /// Files under a local directory.
    Local(LocalStore),
    /// An S3-compatible bucket.
    S3(S3Store),
}

impl ObjectStore {
    /// Builds the configured backend; `s3` without complete settings → `NotConfigured`.
    pub fn from_config(config: &StorageConfig) -> Result<ObjectStore> {
        match config.backend {
            StorageBackend::Local => Ok(ObjectStore::Local(LocalStore::new(&config.local_dir))),
            StorageBackend::S3 => {
                let s3 = config.s3.as_ref().ok_or_else(|| {
                    StorageError::NotConfigured("STORAGE_BACKEND=s3 needs STORAGE_S3_BUCKET".into())
                })?;
                Ok(ObjectStore::S3(S3Store::new(s3)?))
            }
        }
    }

    /// Which backend this is.
    pub fn backend(&self) -> StorageBackend {
        match self {
            ObjectStore::Local(_) => StorageBackend::Local,
            ObjectStore::S3(_) => StorageBackend::S3,
        }
    }

    /// Writes `bytes` under `key`, replacing any previous object atomically.
    pub async fn put(&self, key: &str, bytes: &[u8], content_type: &str) -> Result<()> {
        match self {
            ObjectStore::Local(store) => store.put(key, bytes).await,
            ObjectStore::S3(store) => store.put(key, bytes, content_type).await,
        }
    }

    /// Writes the file at `path` under `key`, replacing any previous object atomically. The local
    /// backend copies it without holding it in memory; the S3 backend reads it whole and sends one
    /// PUT (a multipart upload is the next step for dumps of several GB).
    pub async fn put_file(
        &self,
        key: &str,
        path: &std::path::Path,
        content_type: &str,
    ) -> Result<()> {
        match self {
            ObjectStore::Local(store) => store.put_file(key, path).await,
            ObjectStore::S3(store) => {
                let bytes = tokio::fs::read(path)
                    .await
                    .map_err(|source| StorageError::Io {
                        key: key.to_owned(),
                        source,
                    })?;
                store.put(key, &bytes, content_type).await
            }
        }
    }

    /// Copies the object under `key` into the file at `path` (created or truncated). The local
    /// backend copies file to file; the S3 backend reads the object whole first.
    pub async fn get_to_file(&self, key: &str, path: &std::path::Path) -> Result<()> {
        let io = |source| StorageError::Io {
            key: key.to_owned(),
            source,
        };
        match self {
            ObjectStore::Local(store) => {
                let source = store.file_of(key).await?;
                tokio::fs::copy(&source, path).await.map(drop).map_err(io)
            }
            ObjectStore::S3(store) => {
                let bytes = store.get(key).await?;
                tokio::fs::write(path, bytes).await.map_err(io)
            }
        }
    }

    /// Reads the object under `key` (`NotFound` when absent).
    pub async fn get(&self, key: &str) -> Result<Vec<u8>> {
        match self {
            ObjectStore::Local(store) => store.get(key).await,
            ObjectStore::S3(store) => store.get(key).await,
        }
    }

    /// Removes the object under `key`; removing a missing object succeeds.
    pub async fn delete(&self, key: &str) -> Result<()> {
        match self {
            ObjectStore::Local(store) => store.delete(key).await,
            ObjectStore::S3(store) => store.delete(key).await,
        }
    }

    /// Whether an object exists under `key`.
    pub async fn exists(&self, key: &str) -> Result<bool> {
        match self {
            ObjectStore::Local(store) => store.exists(key).await,
            ObjectStore::S3(store) => store.exists(key).await,
        }
    }

    /// Every key under the folder `prefix` (whole segments), sorted; `""` lists everything.
    pub async fn list(&self, prefix: &str) -> Result<Vec<String>> {
        match self {
            ObjectStore::Local(store) => store.list(prefix).await,
            ObjectStore::S3(store) => store.list(prefix).await,
        }
    }

    /// Encrypts `plaintext` with the key ring's active key (bound to `aad`, chunked format of
    /// ADR 0081) and stores the ciphertext under `key`. Returns the id of the key used (for
    /// `encryption_key_id`).
    pub async fn put_sealed(
        &self,
        key: &str,
        plaintext: &[u8],
        keyring: &KeyRing,
        aad: &[u8],
    ) -> Result<String> {
        let mut writer = self.sealed_writer(key, keyring, aad).await?;
        writer.write(plaintext).await?;
        Ok(writer.finish().await?.key_id)
    }

    /// Starts sealing an object under `key` piece by piece (ADR 0081): the plaintext is
    /// encrypted 64 KiB at a time with the ring's active key, bound to `aad`, and streamed to the
    /// backend, so memory stays flat whatever the object's size. The object appears, whole, only
    /// when [`SealedWriter::finish`] returns.
    pub async fn sealed_writer(
        &self,
        key: &str,
        keyring: &KeyRing,
        aad: &[u8],
    ) -> Result<SealedWriter> {
        let sink = match self {
            ObjectStore::Local(store) => Sink::Local(store.begin(key).await?),
            ObjectStore::S3(store) => Sink::S3(store.begin(key, SEALED_CONTENT_TYPE)?),
        };
        SealedWriter::new(sink, keyring, aad)
    }

    /// Reads the object under `key` and decrypts it with `keyring` and the same `aad` (either
    /// format), whole.
    pub async fn get_opened(&self, key: &str, keyring: &KeyRing, aad: &[u8]) -> Result<Vec<u8>> {
        let sealed = self.get(key).await?;
        Ok(keyring.decrypt(&sealed, aad)?)
    }

    /// Opens the sealed object under `key` for reading piece by piece (`NotFound` when absent):
    /// chunked objects a chunk at a time, single-shot ones whole.
    pub async fn open_sealed(
        &self,
        key: &str,
        keyring: &KeyRing,
        aad: &[u8],
    ) -> Result<SealedReader> {
        let source = match self {
            ObjectStore::Local(store) => Source::Local(store.open(key).await?),
            ObjectStore::S3(store) => Source::S3(store.get_stream(key).await?),
        };
        Ok(SealedReader::new(key, source, keyring, aad))
    }
}
