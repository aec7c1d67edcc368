//! `STORAGE_*` configuration.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `STORAGE_BACKEND` | `local` | `local` or `s3` |
//! | `STORAGE_LOCAL_DIR` | `.dev/storage` | root directory of the local backend |
//! | `STORAGE_S3_BUCKET` | required when `s3` | bucket name |
//! | `STORAGE_S3_REGION` | `us-east-1` | bucket region |
//! | `STORAGE_S3_ENDPOINT` | AWS | `http(s)://host[:port]` of an S3-compatible server (MinIO…); path-style requests |
//! | `STORAGE_S3_ACCESS_KEY_ID` | none | with the secret below; both absent → the AWS default credential chain (instance role) |
//! | `STORAGE_S3_SECRET_ACCESS_KEY` | none | secret; refused outside development when weak |

use std::path::PathBuf;

use afiliados_config::Env;
use secrecy::SecretString;

/// Default root of the local backend.
pub const DEFAULT_LOCAL_DIR: &str = ".dev/storage";
/// Default S3 region.
pub const DEFAULT_S3_REGION: &str = "us-east-1";

/// Which backend stores the objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageBackend {
    /// A directory on the local file system.
    Local,
    /// An S3-compatible bucket.
    S3,
}

impl StorageBackend {
    /// Parses `local` or `s3` (case-insensitive).
    pub fn parse(value: &str) -> Option<StorageBackend> {
        match value.trim().to_ascii_lowercase().as_str() {
            "local" => Some(StorageBackend::Local),
            "s3" => Some(StorageBackend::S3),
            _ => None,
        }
    }
}

/// The S3-compatible backend's settings.
#[derive(Debug, Clone)]
pub struct S3Config {
    /// Bucket name.
    pub bucket: String,
    /// Region (MinIO accepts any).
    pub region: String,
    /// Custom endpoint; `None` means AWS itself.
    pub endpoint: Option<String>,
    /// Static access key id, if given.
    pub access_key_id: Option<String>,
    /// Static secret key, if given.
    pub secret_access_key: Option<SecretString>,
}

/// Object storage settings.
#[derive(Debug, Clone)]
pub struct StorageConfig {
    /// The selected backend.
    pub backend: StorageBackend,
    /// Root directory of the local backend (read even when `s3` is selected).
    pub local_dir: PathBuf,
    /// S3 settings; `Some` only when `backend` is `S3` and they are complete.
    pub s3: Option<S3Config>,
}

impl StorageConfig {
    /// The local backend under `dir` (tests and tools).
    pub fn local(dir: impl Into<PathBuf>) -> StorageConfig {
        StorageConfig {
            backend: StorageBackend::Local,
            local_dir: dir.into(),
            s3: None,
        }
    }

    /// Reads the section, recording every problem in `env`.
    pub fn from_env(env: &mut Env) -> StorageConfig {
        let raw_backend = env.var_or("STORAGE_BACKEND", "local");
        let backend = StorageBackend::parse(&raw_backend).unwrap_or_else(|| {
            env.problem(format!(
                "STORAGE_BACKEND={raw_backend:?} is not local or s3"
            ));
            StorageBackend::Local
        });
        let local_dir = PathBuf::from(env.var_or("STORAGE_LOCAL_DIR", DEFAULT_LOCAL_DIR));
        let s3 = (backend == StorageBackend::S3)
            .then(|| read_s3(env))
            .flatten();
        StorageConfig {
            backend,
            local_dir,
            s3,
        }
    }
}

fn read_s3(env: &mut Env) -> Option<S3Config> {
    let bucket = env.required_var("STORAGE_S3_BUCKET");
    let region = env.var_or("STORAGE_S3_REGION", DEFAULT_S3_REGION);
    let endpoint = env
        .var("STORAGE_S3_ENDPOINT")
        .map(|value| value.trim().to_owned());
    if let Some(endpoint) = &endpoint
        && !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
    {
        env.problem(format!(
            "STORAGE_S3_ENDPOINT={endpoint:?} is not an http:// or https:// URL"
        ));
    }
    let access_key_id = env.var("STORAGE_S3_ACCESS_KEY_ID");
    let secret = env.var("STORAGE_S3_SECRET_ACCESS_KEY");
    match (&access_key_id, &secret) {
        (Some(_), None) => {
            env.problem("STORAGE_S3_SECRET_ACCESS_KEY is missing (STORAGE_S3_ACCESS_KEY_ID is set)")
        }
        (None, Some(_)) => {
            env.problem("STORAGE_S3_ACCESS_KEY_ID is missing (STORAGE_S3_SECRET_ACCESS_KEY is set)")
        }
        (Some(_), Some(value)) if !env.app_env().is_development() => {
            env.check_strength("STORAGE_S3_SECRET_ACCESS_KEY", value, 8);
        }
        _ => {}
    }
    if bucket.is_empty() {
        return None;
    }
    Some(S3Config {
        bucket,
        region,
        endpoint,
        access_key_id,
        secret_access_key: secret.map(SecretString::from),
    })
}

#[cfg(test)]
mod tests;
