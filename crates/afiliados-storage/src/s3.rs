//! The S3-compatible backend, over the `object_store` crate (AWS S3, MinIO, Ceph…).

use std::sync::Arc;

use futures::TryStreamExt;
use futures::stream::BoxStream;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{
    Attribute, Attributes, ObjectStore as _, ObjectStoreExt as _, PutMultipartOptions, PutOptions,
    PutPayload, WriteMultipart,
};
use secrecy::ExposeSecret;

use crate::config::S3Config;
use crate::key::{validate_key, validate_prefix};
use crate::{Result, StorageError};

/// A bucket of an S3-compatible service. Cheap to clone (the client is shared). `Debug` shows
/// the bucket only, never credentials.
#[derive(Clone)]
pub struct S3Store {
    inner: Arc<AmazonS3>,
    bucket: String,
}

impl std::fmt::Debug for S3Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Store")
            .field("bucket", &self.bucket)
            .finish_non_exhaustive()
    }
}

impl S3Store {
    /// Builds the client (no request is made). A custom endpoint uses path-style requests and
    /// may be plain `http://` (a local MinIO).
    pub fn new(config: &S3Config) -> Result<S3Store> {
        if config.bucket.trim().is_empty() {
            return Err(StorageError::NotConfigured(
                "STORAGE_S3_BUCKET is empty".into(),
            ));
        }
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region);
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        if let (Some(id), Some(secret)) = (&config.access_key_id, &config.secret_access_key) {
            builder = builder
                .with_access_key_id(id)
                .with_secret_access_key(secret.expose_secret());
        }
        let inner = builder
            .build()
            .map_err(|error| StorageError::NotConfigured(error.to_string()))?;
        Ok(S3Store {
            inner: Arc::new(inner),
            bucket: config.bucket.clone(),
        })
    }

    /// The bucket name.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// Writes `bytes` under `key` with its content type (S3 PUTs are atomic).
    pub async fn put(&self, key: &str, bytes: &[u8], content_type: &str) -> Result<()> {
        let path = object_path(key)?;
        let attributes = Attributes::from_iter([(Attribute::ContentType, content_type.to_owned())]);
        self.inner
            .put_opts(
                &path,
                PutPayload::from(bytes.to_vec()),
                PutOptions::from(attributes),
            )
            .await
            .map_err(|error| map_error(key, error))?;
        Ok(())
    }

    /// Reads the object under `key` (`NotFound` when absent).
    pub async fn get(&self, key: &str) -> Result<Vec<u8>> {
        let path = object_path(key)?;
        let result = self
            .inner
            .get(&path)
            .await
            .map_err(|error| map_error(key, error))?;
        let bytes = result
            .bytes()
            .await
            .map_err(|error| map_error(key, error))?;
        Ok(bytes.to_vec())
    }

    /// The object under `key` as a stream of byte pieces (`NotFound` when absent).
    pub(crate) async fn get_stream(
        &self,
        key: &str,
    ) -> Result<BoxStream<'static, object_store::Result<bytes::Bytes>>> {
        let path = object_path(key)?;
        let result = self
            .inner
            .get(&path)
            .await
            .map_err(|error| map_error(key, error))?;
        Ok(result.into_stream())
    }

    /// Starts writing the object under `key` piece by piece: one PUT when it ends within
    /// [`PART_SIZE`], else a multipart upload of `PART_SIZE` parts with at most
    /// [`PARTS_IN_FLIGHT`] of them buffered and uploading at once.
    pub(crate) fn begin(&self, key: &str, content_type: &str) -> Result<S3Write> {
        Ok(S3Write {
            key: key.to_owned(),
            inner: Arc::clone(&self.inner),
            path: object_path(key)?,
            content_type: content_type.to_owned(),
            head: Vec::new(),
            upload: None,
        })
    }

    /// Removes the object under `key`; removing a missing object succeeds.
    pub async fn delete(&self, key: &str) -> Result<()> {
        let path = object_path(key)?;
        match self.inner.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(map_error(key, error)),
        }
    }

    /// Whether an object exists under `key`.
    pub async fn exists(&self, key: &str) -> Result<bool> {
        let path = object_path(key)?;
        match self.inner.head(&path).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(error) => Err(map_error(key, error)),
        }
    }

    /// Every key under the folder `prefix`, sorted; `""` lists the whole bucket.
    pub async fn list(&self, prefix: &str) -> Result<Vec<String>> {
        let prefix = validate_prefix(prefix)?;
        let path = (!prefix.is_empty()).then(|| Path::from(prefix));
        let mut keys: Vec<String> = self
            .inner
            .list(path.as_ref())
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await
            .map_err(|error| map_error(prefix, error))?;
        keys.sort();
        Ok(keys)
    }
}

/// Size of each part of a multipart upload (S3's minimum for every part but the last).
pub(crate) const PART_SIZE: usize = 5 * 1024 * 1024;
/// Parts buffered or uploading at once.
pub(crate) const PARTS_IN_FLIGHT: usize = 2;

/// An object being written piece by piece (see [`S3Store::begin`]). Dropped unfinished, nothing is
/// stored; parts of a started multipart upload are left for the bucket's lifecycle rule
/// (`AbortIncompleteMultipartUpload`) unless [`S3Write::abort`] ran.
pub(crate) struct S3Write {
    key: String,
    inner: Arc<AmazonS3>,
    path: Path,
    content_type: String,
    /// The bytes before the first part is full.
    head: Vec<u8>,
    upload: Option<WriteMultipart>,
}

impl std::fmt::Debug for S3Write {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Write")
            .field("key", &self.key)
            .field("multipart", &self.upload.is_some())
            .finish_non_exhaustive()
    }
}

impl S3Write {
    fn attributes(&self) -> Attributes {
        Attributes::from_iter([(Attribute::ContentType, self.content_type.clone())])
    }

    /// Appends `bytes`.
    pub(crate) async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if let Some(upload) = self.upload.as_mut() {
            upload
                .wait_for_capacity(PARTS_IN_FLIGHT)
                .await
                .map_err(|error| map_error(&self.key, error))?;
            upload.write(bytes);
            return Ok(());
        }
        self.head.extend_from_slice(bytes);
        if self.head.len() >= PART_SIZE {
            let started = self
                .inner
                .put_multipart_opts(&self.path, PutMultipartOptions::from(self.attributes()))
                .await
                .map_err(|error| map_error(&self.key, error))?;
            let mut upload = WriteMultipart::new_with_chunk_size(started, PART_SIZE);
            upload.write(&std::mem::take(&mut self.head));
            self.upload = Some(upload);
        }
        Ok(())
    }

    /// Completes the object (the single PUT, or the multipart upload's last part and completion).
    pub(crate) async fn finish(mut self) -> Result<()> {
        match self.upload.take() {
            Some(upload) => upload
                .finish()
                .await
                .map(drop)
                .map_err(|error| map_error(&self.key, error)),
            None => {
                let head = std::mem::take(&mut self.head);
                self.inner
                    .put_opts(
                        &self.path,
                        PutPayload::from(head),
                        PutOptions::from(self.attributes()),
                    )
                    .await
                    .map(drop)
                    .map_err(|error| map_error(&self.key, error))
            }
        }
    }

    /// Drops what was written (aborting a started multipart upload).
    pub(crate) async fn abort(mut self) {
        if let Some(upload) = self.upload.take() {
            let _ = upload.abort().await;
        }
    }
}

fn object_path(key: &str) -> Result<Path> {
    validate_key(key)?;
    // Validated keys contain only characters that `Path` keeps unchanged.
    Path::parse(key).map_err(|_| StorageError::InvalidKey {
        key: key.to_owned(),
        reason: "not a valid object path",
    })
}

fn map_error(key: &str, error: object_store::Error) -> StorageError {
    match error {
        object_store::Error::NotFound { .. } => StorageError::NotFound {
            key: key.to_owned(),
        },
        other => StorageError::Backend(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> S3Config {
        S3Config {
            bucket: "afiliados".into(),
            region: "us-east-1".into(),
            endpoint: Some("http://127.0.0.1:9000".into()),
            access_key_id: Some("minio".into()),
            secret_access_key: Some("minio-secret".to_owned().into()),
        }
    }

    #[test]
    fn builds_without_network_and_hides_the_secret() {
        let store = S3Store::new(&config()).unwrap();
        assert_eq!(store.bucket(), "afiliados");
        assert!(!format!("{store:?}").contains("minio-secret"));
    }

    #[test]
    fn empty_bucket_is_not_configured() {
        let config = S3Config {
            bucket: " ".into(),
            ..config()
        };
        assert!(matches!(
            S3Store::new(&config),
            Err(StorageError::NotConfigured(_))
        ));
    }

    #[tokio::test]
    async fn keys_are_checked_before_any_request() {
        let store = S3Store::new(&config()).unwrap();
        let refused = store.put("../x", b"x", "text/plain").await;
        assert!(matches!(refused, Err(StorageError::InvalidKey { .. })));
        assert!(matches!(
            store.list("/").await,
            Err(StorageError::InvalidKey { .. })
        ));
    }
}
