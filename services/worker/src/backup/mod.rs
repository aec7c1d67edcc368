//! Encrypted, checksummed database backups (operations contract §4; ADR 0061).
//!
//! - [`take`]: `pg_dump --format=custom` of `BACKUP_DATABASE_URL`, sealed chunk by chunk
//!   ([`seal`]) into a temporary file while its SHA-256 is computed, stored through
//!   `afiliados-storage` with its [`manifest::Manifest`];
//! - [`run`]: one `RunBackup` job: take, report to the api (which picks the retention tier),
//!   prune what the api says expired ([`retention`]), metrics, the `backup_failure` alert;
//! - [`restore`]: verify the checksum, open, pipe into `pg_restore` with a progress line;
//! - [`timer`]: the cron replica's interval loop with its start-up catch-up.
//!
//! The worker never links a database driver: it shells out to the PostgreSQL client tools ([`pg`]).

pub mod manifest;
pub mod pg;
pub mod restore;
pub mod retention;
mod run;
pub mod seal;
mod settings;
pub(crate) mod timer;

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;

use afiliados_crypto::KeyRing;
use afiliados_storage::ObjectStore;
use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};

pub use manifest::Manifest;
pub use run::run;
pub use settings::BackupSettings;

/// What a backup needs at run time: the source database, the key ring and the store.
#[derive(Clone)]
pub struct Backups {
    /// `BACKUP_DATABASE_URL`.
    pub database_url: afiliados_config::SecretString,
    /// The `DATA_ENCRYPTION_KEY` ring.
    pub keyring: Arc<KeyRing>,
    /// Where the sealed dumps go.
    pub store: ObjectStore,
    /// Directory of temporary files.
    pub temp_dir: PathBuf,
}

impl std::fmt::Debug for Backups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backups")
            .field("keyring", &self.keyring)
            .field("store", &self.store.backend())
            .finish_non_exhaustive()
    }
}

impl Backups {
    /// Builds the store and parses the key ring.
    pub fn new(settings: &BackupSettings) -> anyhow::Result<Backups> {
        Ok(Backups {
            database_url: settings
                .database_url
                .clone()
                .context("BACKUP_DATABASE_URL is not set: this worker does not take backups")?,
            keyring: Arc::new(settings.keyring()?),
            store: ObjectStore::from_config(&settings.storage).context("building the store")?,
            temp_dir: std::env::temp_dir(),
        })
    }
}

/// A temporary file removed when dropped.
pub(crate) struct TempFile(pub(crate) PathBuf);

impl TempFile {
    pub(crate) fn new(dir: &std::path::Path, what: &str) -> TempFile {
        TempFile(dir.join(format!(
            "afiliados-{what}-{}.tmp",
            uuid::Uuid::new_v4().simple()
        )))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Dumps, seals, stores the dump and its manifest; returns the manifest. Nothing is reported.
#[tracing::instrument(skip_all)]
pub async fn take(backups: &Backups, taken_at: DateTime<Utc>) -> anyhow::Result<Manifest> {
    let source = pg::Target::parse(&backups.database_url)?;
    let db_version = source.server_version().await?;
    let snapshot_id = uuid::Uuid::now_v7().simple().to_string();
    let storage_key = manifest::storage_key(taken_at, &snapshot_id);

    let mut child = source
        .command("pg_dump")
        .args(["--format=custom", "--no-password"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting pg_dump (is the PostgreSQL client installed?)")?;
    let stdout = child.stdout.take().context("pg_dump has no stdout")?;
    let mut stderr = child.stderr.take().context("pg_dump has no stderr")?;
    let stderr_task = tokio::spawn(async move {
        let mut text = Vec::new();
        let _ = tokio::io::AsyncReadExt::read_to_end(&mut stderr, &mut text).await;
        text
    });

    let temp = TempFile::new(&backups.temp_dir, "backup");
    let file = tokio::fs::File::create(&temp.0)
        .await
        .context("creating the temporary file of the dump")?;
    let mut writer = tokio::io::BufWriter::new(file);
    let sealed = seal::seal(stdout, &mut writer, &backups.keyring, &snapshot_id).await;
    let status = child.wait().await.context("waiting for pg_dump")?;
    let stderr = stderr_task.await.unwrap_or_default();
    if !status.success() {
        bail!(
            "pg_dump of {} failed ({status}): {}",
            source.label(),
            pg::stderr_text(&stderr)
        );
    }
    let sealed = sealed?;
    writer
        .into_inner()
        .sync_all()
        .await
        .context("syncing the sealed dump")?;
    if sealed.plain_bytes == 0 {
        bail!("pg_dump of {} wrote nothing", source.label());
    }

    let manifest = Manifest {
        format: manifest::FORMAT.to_owned(),
        storage_key: storage_key.clone(),
        snapshot_id,
        created_at: taken_at,
        size_bytes: sealed.size_bytes,
        sha256: sealed.sha256,
        dump_bytes: sealed.plain_bytes,
        db_version,
        encryption_key_id: backups.keyring.active_key_id().to_owned(),
    };
    backups
        .store
        .put_file(
            &storage_key,
            &temp.0,
            afiliados_storage::SEALED_CONTENT_TYPE,
        )
        .await
        .context("storing the sealed dump")?;
    let manifest_json = serde_json::to_vec_pretty(&manifest)?;
    backups
        .store
        .put(
            &manifest::key_of(&storage_key),
            &manifest_json,
            "application/json",
        )
        .await
        .context("storing the manifest")?;
    tracing::info!(
        backup.storage_key = %storage_key,
        backup.size_bytes = manifest.size_bytes,
        backup.dump_bytes = manifest.dump_bytes,
        backup.source = %source.label(),
        "backup stored"
    );
    Ok(manifest)
}

/// Removes a snapshot's dump and manifest (a removed object is not an error).
pub async fn delete(store: &ObjectStore, storage_key: &str) -> anyhow::Result<()> {
    store
        .delete(storage_key)
        .await
        .with_context(|| format!("deleting {storage_key}"))?;
    store
        .delete(&manifest::key_of(storage_key))
        .await
        .with_context(|| format!("deleting the manifest of {storage_key}"))?;
    Ok(())
}
