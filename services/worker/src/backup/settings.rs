//! The backup section of the worker's configuration.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `BACKUP_DATABASE_URL` | unset (no backups on this worker) | the database `pg_dump` reads, as a read-only role (`scripts/db-roles.sh` creates `afiliados_backup`) |
//! | `DATA_ENCRYPTION_KEY` | the development ring in development, required elsewhere when backups are on | the key ring that seals the dumps (the api's ring: any key of it opens them) |
//! | `STORAGE_*` | see `afiliados_storage` | where the sealed dumps go |

use afiliados_config::{Env, ExposeSecret, SecretString};
use afiliados_crypto::KeyRing;
use afiliados_storage::StorageConfig;
use anyhow::Context as _;

/// The api's development ring (the same value, so a development api and worker agree).
const DEV_DATA_KEY: &str = "dev1:ZGV2ZWxvcG1lbnQtb25seS1kYXRhLWtleS0wMTIzNDU=";

/// Backup settings.
#[derive(Debug, Clone)]
pub struct BackupSettings {
    /// `BACKUP_DATABASE_URL`; `None` turns backups off on this worker.
    pub database_url: Option<SecretString>,
    /// `DATA_ENCRYPTION_KEY`.
    pub data_encryption_key: SecretString,
    /// `STORAGE_*`.
    pub storage: StorageConfig,
}

impl BackupSettings {
    /// Reads the section, recording every problem in `env`. The key is required only when
    /// backups are on (or outside development, for restores).
    pub fn read(env: &mut Env) -> BackupSettings {
        let database_url = env.var("BACKUP_DATABASE_URL").map(SecretString::from);
        if let Some(url) = &database_url
            && !url.expose_secret().starts_with("postgres")
        {
            env.problem("BACKUP_DATABASE_URL is not a postgres:// URL");
        }
        let data_encryption_key = if database_url.is_some() {
            env.secret("DATA_ENCRYPTION_KEY", 1, Some(DEV_DATA_KEY))
        } else {
            SecretString::from(
                env.var("DATA_ENCRYPTION_KEY")
                    .unwrap_or_else(|| DEV_DATA_KEY.to_owned()),
            )
        };
        if database_url.is_some()
            && let Err(error) = KeyRing::parse(data_encryption_key.expose_secret())
        {
            env.problem(format!("DATA_ENCRYPTION_KEY: {error}"));
        }
        if database_url.is_some()
            && !env.app_env().is_development()
            && data_encryption_key
                .expose_secret()
                .contains("ZGV2ZWxvcG1lbnQtb25seS")
        {
            env.problem(
                "DATA_ENCRYPTION_KEY is too weak outside development (the development default)",
            );
        }
        BackupSettings {
            database_url,
            data_encryption_key,
            storage: StorageConfig::from_env(env),
        }
    }

    /// Parses the key ring.
    pub fn keyring(&self) -> anyhow::Result<KeyRing> {
        KeyRing::parse(self.data_encryption_key.expose_secret())
            .map_err(|error| anyhow::anyhow!("DATA_ENCRYPTION_KEY: {error}"))
            .context("reading the backup key ring")
    }
}
