//! `afiliados-worker backup restore --snapshot KEY --target-database-url URL` (`make restore`):
//! download the sealed dump, verify its size and SHA-256 against its manifest (a tampered
//! snapshot is refused before any database is touched), open it chunk by chunk and pipe it into
//! `pg_restore --single-transaction` (all or nothing), reporting the sealed bytes processed.

use std::process::Stdio;

use afiliados_config::SecretString;
use afiliados_crypto::{KeyRing, Sha256Stream};
use afiliados_storage::ObjectStore;
use anyhow::{Context as _, bail};
use tokio::io::AsyncReadExt as _;

use super::{Manifest, TempFile, manifest, pg, seal};

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The snapshot's manifest.
    pub manifest: Manifest,
    /// Plaintext bytes fed to `pg_restore`.
    pub dump_bytes: u64,
}

/// Reads the manifest of `storage_key`.
pub async fn read_manifest(store: &ObjectStore, storage_key: &str) -> anyhow::Result<Manifest> {
    let bytes = store
        .get(&manifest::key_of(storage_key))
        .await
        .with_context(|| format!("reading the manifest of {storage_key}"))?;
    let manifest: Manifest =
        serde_json::from_slice(&bytes).context("the manifest is not a backup manifest")?;
    if manifest.format != manifest::FORMAT || manifest.storage_key != storage_key {
        bail!(
            "the manifest of {storage_key} does not describe it (format {:?})",
            manifest.format
        );
    }
    Ok(manifest)
}

/// Every snapshot in the store with its manifest, oldest first (`backup list`).
pub async fn list(store: &ObjectStore) -> anyhow::Result<Vec<Manifest>> {
    let keys = store
        .list(manifest::PREFIX)
        .await
        .context("listing the backups")?;
    let mut manifests = Vec::new();
    for key in keys.iter().filter(|key| key.ends_with(".dump.enc")) {
        match read_manifest(store, key).await {
            Ok(manifest) => manifests.push(manifest),
            Err(error) => {
                tracing::warn!(backup.storage_key = %key, error = %format!("{error:#}"), "skipping a backup without a readable manifest")
            }
        }
    }
    manifests.sort_by_key(|manifest| manifest.created_at);
    Ok(manifests)
}

/// Verifies and restores `storage_key` into the (empty, existing) database at `target`.
/// `progress(done, total)` gets the sealed bytes processed.
pub async fn restore(
    store: &ObjectStore,
    keyring: &KeyRing,
    storage_key: &str,
    target: &SecretString,
    temp_dir: &std::path::Path,
    mut progress: impl FnMut(u64, u64),
) -> anyhow::Result<Restored> {
    let target = pg::Target::parse(target)?;
    let manifest = read_manifest(store, storage_key).await?;
    let temp = TempFile::new(temp_dir, "restore");
    store
        .get_to_file(storage_key, &temp.0)
        .await
        .with_context(|| format!("downloading {storage_key}"))?;
    verify(&temp.0, &manifest).await?;
    if !keyring.contains(&manifest.encryption_key_id) {
        bail!(
            "the snapshot was sealed with key {:?}, which DATA_ENCRYPTION_KEY does not hold",
            manifest.encryption_key_id
        );
    }

    let mut child = target
        .command("pg_restore")
        .args([
            "--no-password",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting pg_restore (is the PostgreSQL client installed?)")?;
    let stdin = child.stdin.take().context("pg_restore has no stdin")?;
    let mut stderr = child.stderr.take().context("pg_restore has no stderr")?;
    let stderr_task = tokio::spawn(async move {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text).await;
        text
    });
    let file = tokio::fs::File::open(&temp.0)
        .await
        .context("opening the downloaded snapshot")?;
    let total = manifest.size_bytes;
    let opened = seal::open(tokio::io::BufReader::new(file), stdin, keyring, |done| {
        progress(done, total)
    })
    .await;
    if let Err(error) = opened {
        // Nothing was committed: --single-transaction, and the child dies with its stdin.
        let _ = child.kill().await;
        return Err(error.context(format!("opening {storage_key}")));
    }
    let status = child.wait().await.context("waiting for pg_restore")?;
    let stderr = stderr_task.await.unwrap_or_default();
    if !status.success() {
        bail!(
            "pg_restore into {} failed ({status}): {}",
            target.label(),
            pg::stderr_text(&stderr)
        );
    }
    Ok(Restored {
        dump_bytes: manifest.dump_bytes,
        manifest,
    })
}

/// Checks the downloaded bytes against the manifest's size and SHA-256.
async fn verify(path: &std::path::Path, manifest: &Manifest) -> anyhow::Result<()> {
    let mut file = tokio::fs::File::open(path)
        .await
        .context("opening the downloaded snapshot")?;
    let mut hash = Sha256Stream::new();
    let mut size = 0u64;
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file
            .read(&mut buffer)
            .await
            .context("reading the downloaded snapshot")?;
        if read == 0 {
            break;
        }
        hash.update(&buffer[..read]);
        size += read as u64;
    }
    let sha256 = hash.finish_hex();
    if size != manifest.size_bytes || sha256 != manifest.sha256 {
        bail!(
            "checksum mismatch for {}: expected {} bytes with SHA-256 {}, found {size} bytes with SHA-256 {sha256}; the snapshot was altered or damaged, refusing to restore it",
            manifest.storage_key,
            manifest.size_bytes,
            manifest.sha256
        );
    }
    Ok(())
}
