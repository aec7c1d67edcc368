//! The local-directory backend: one file per object under a root directory.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use tokio::io::AsyncWriteExt;

use crate::key::{validate_key, validate_prefix};
use crate::{Result, StorageError};

/// Prefix of the temporary files written before the atomic rename (never listed).
const TEMP_PREFIX: &str = ".tmp-";

/// Objects as files under `root`; key segments become directories.
///
/// Writes go to a temporary file in the target directory, are flushed to disk and then renamed
/// over the final name, so a reader sees either the old object or the whole new one.
#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> LocalStore {
        LocalStore { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &str) -> Result<PathBuf> {
        validate_key(key)?;
        Ok(key
            .split('/')
            .fold(self.root.clone(), |path, segment| path.join(segment)))
    }

    /// The object's path for `key`, its directory (created) and a fresh temporary path beside it:
    /// every write goes to the temporary file and is renamed into place.
    async fn destination(&self, key: &str) -> Result<(PathBuf, PathBuf, PathBuf)> {
        let path = self.path_of(key)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|source| StorageError::Io {
                key: key.to_owned(),
                source,
            })?;
        let temp = dir.join(format!("{TEMP_PREFIX}{}", uuid::Uuid::new_v4().simple()));
        Ok((path, dir, temp))
    }

    /// Writes `bytes` under `key`, replacing any previous object atomically. The content type is
    /// not kept by this backend (the `documents` row holds it).
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<()> {
        let (path, dir, temp) = self.destination(key).await?;
        let io = |source| StorageError::Io {
            key: key.to_owned(),
            source,
        };
        let written = async {
            let mut file = tokio::fs::File::create(&temp).await?;
            file.write_all(bytes).await?;
            file.sync_all().await?;
            drop(file);
            tokio::fs::rename(&temp, &path).await
        }
        .await;
        if let Err(error) = written {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(io(error));
        }
        // Persist the rename itself; failure to sync a directory is not fatal on every platform.
        if let Ok(handle) = tokio::fs::File::open(&dir).await {
            let _ = handle.sync_all().await;
        }
        Ok(())
    }

    /// Copies the file at `source` under `key` through a temporary file and a rename, like
    /// [`LocalStore::put`], without reading it into memory.
    pub async fn put_file(&self, key: &str, source: &Path) -> Result<()> {
        let (path, _dir, temp) = self.destination(key).await?;
        let io = |source| StorageError::Io {
            key: key.to_owned(),
            source,
        };
        let written = async {
            tokio::fs::copy(source, &temp).await?;
            tokio::fs::File::open(&temp).await?.sync_all().await?;
            tokio::fs::rename(&temp, &path).await
        }
        .await;
        if let Err(error) = written {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(io(error));
        }
        Ok(())
    }

    /// Starts writing the object under `key` piece by piece into a temporary file, renamed into
    /// place by [`LocalWrite::finish`] (readers see the old object or the whole new one).
    pub(crate) async fn begin(&self, key: &str) -> Result<LocalWrite> {
        let (path, dir, temp) = self.destination(key).await?;
        let io = |source| StorageError::Io {
            key: key.to_owned(),
            source,
        };
        let file = tokio::fs::File::create(&temp).await.map_err(io)?;
        Ok(LocalWrite {
            key: key.to_owned(),
            temp,
            path,
            dir,
            file: Some(file),
        })
    }

    /// Opens the file of the object under `key` for reading (`NotFound` when absent).
    pub(crate) async fn open(&self, key: &str) -> Result<tokio::fs::File> {
        let path = self.file_of(key).await?;
        tokio::fs::File::open(&path)
            .await
            .map_err(|source| match source.kind() {
                ErrorKind::NotFound => StorageError::NotFound {
                    key: key.to_owned(),
                },
                _ => StorageError::Io {
                    key: key.to_owned(),
                    source,
                },
            })
    }

    /// The file holding the object under `key` (`NotFound` when absent).
    pub async fn file_of(&self, key: &str) -> Result<PathBuf> {
        let path = self.path_of(key)?;
        match tokio::fs::metadata(&path).await {
            Ok(meta) if meta.is_file() => Ok(path),
            _ => Err(StorageError::NotFound {
                key: key.to_owned(),
            }),
        }
    }

    /// Reads the object under `key` (`NotFound` when absent).
    pub async fn get(&self, key: &str) -> Result<Vec<u8>> {
        let path = self.path_of(key)?;
        tokio::fs::read(&path)
            .await
            .map_err(|source| match source.kind() {
                ErrorKind::NotFound | ErrorKind::IsADirectory => StorageError::NotFound {
                    key: key.to_owned(),
                },
                _ => StorageError::Io {
                    key: key.to_owned(),
                    source,
                },
            })
    }

    /// Removes the object under `key`; removing a missing object succeeds.
    pub async fn delete(&self, key: &str) -> Result<()> {
        let path = self.path_of(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(()),
            Err(source) => Err(StorageError::Io {
                key: key.to_owned(),
                source,
            }),
        }
    }

    /// Whether an object exists under `key`.
    pub async fn exists(&self, key: &str) -> Result<bool> {
        let path = self.path_of(key)?;
        match tokio::fs::metadata(&path).await {
            Ok(meta) => Ok(meta.is_file()),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(false),
            Err(source) => Err(StorageError::Io {
                key: key.to_owned(),
                source,
            }),
        }
    }

    /// Every key under the folder `prefix` (segment-wise: `influencer/a` does not match
    /// `influencer/ab/x`), sorted; `""` lists everything.
    pub async fn list(&self, prefix: &str) -> Result<Vec<String>> {
        let prefix = validate_prefix(prefix)?.to_owned();
        let start = if prefix.is_empty() {
            self.root.clone()
        } else {
            prefix
                .split('/')
                .fold(self.root.clone(), |path, segment| path.join(segment))
        };
        let root_key = prefix.clone();
        let listed = tokio::task::spawn_blocking(move || walk(&start, &root_key))
            .await
            .map_err(|error| StorageError::Backend(format!("listing task failed: {error}")))?;
        let mut keys = listed.map_err(|source| StorageError::Io {
            key: prefix,
            source,
        })?;
        keys.sort();
        Ok(keys)
    }
}

/// An object being written piece by piece (see [`LocalStore::begin`]). Dropped unfinished, its
/// temporary file is removed.
#[derive(Debug)]
pub(crate) struct LocalWrite {
    key: String,
    temp: PathBuf,
    path: PathBuf,
    dir: PathBuf,
    /// `None` once finished or aborted.
    file: Option<tokio::fs::File>,
}

impl LocalWrite {
    fn io(&self, source: std::io::Error) -> StorageError {
        StorageError::Io {
            key: self.key.clone(),
            source,
        }
    }

    /// Appends `bytes`.
    pub(crate) async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let Some(file) = self.file.as_mut() else {
            return Err(self.io(std::io::Error::other("write after finish")));
        };
        match file.write_all(bytes).await {
            Ok(()) => Ok(()),
            Err(error) => Err(self.io(error)),
        }
    }

    /// Flushes the file to disk and renames it over the object.
    pub(crate) async fn finish(mut self) -> Result<()> {
        let Some(mut file) = self.file.take() else {
            return Err(self.io(std::io::Error::other("finished twice")));
        };
        let written = async {
            file.flush().await?;
            file.sync_all().await?;
            drop(file);
            tokio::fs::rename(&self.temp, &self.path).await
        }
        .await;
        if let Err(error) = written {
            let _ = tokio::fs::remove_file(&self.temp).await;
            return Err(self.io(error));
        }
        if let Ok(handle) = tokio::fs::File::open(&self.dir).await {
            let _ = handle.sync_all().await;
        }
        Ok(())
    }

    /// Drops what was written.
    pub(crate) async fn abort(mut self) {
        if self.file.take().is_some() {
            let _ = tokio::fs::remove_file(&self.temp).await;
        }
    }
}

impl Drop for LocalWrite {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Files under `dir` as keys starting with `key_prefix`; hidden names (temporary files) skipped.
fn walk(dir: &Path, key_prefix: &str) -> std::io::Result<Vec<String>> {
    let mut keys = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(keys);
        }
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let key = if key_prefix.is_empty() {
            name
        } else {
            format!("{key_prefix}/{name}")
        };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            keys.extend(walk(&entry.path(), &key)?);
        } else if kind.is_file() {
            keys.push(key);
        }
    }
    Ok(keys)
}
