//! The manifest stored next to each sealed dump (`<key>.manifest.json`): what a restore checks
//! before it touches a database, even when the api is down (restoring is what one does when the
//! database is degraded).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The format written by this build.
pub const FORMAT: &str = "afiliados-backup/1";

/// Everything needed to verify and restore one snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// The sealed dump's storage key.
    pub storage_key: String,
    /// The id bound into every chunk.
    pub snapshot_id: String,
    /// When the dump was taken.
    pub created_at: DateTime<Utc>,
    /// Stored (sealed) size.
    pub size_bytes: u64,
    /// SHA-256 of the stored bytes, lower-case hex.
    pub sha256: String,
    /// Plaintext size of the `pg_dump` archive.
    pub dump_bytes: u64,
    /// The source server's `server_version`.
    pub db_version: String,
    /// The `DATA_ENCRYPTION_KEY` id that sealed it.
    pub encryption_key_id: String,
}

/// Where the manifest of `storage_key` lives.
pub fn key_of(storage_key: &str) -> String {
    format!("{storage_key}.manifest.json")
}

/// Prefix of every backup object.
pub const PREFIX: &str = "backups";

/// The storage key of a snapshot taken at `at` with id `snapshot_id` (sortable by time).
pub fn storage_key(at: DateTime<Utc>, snapshot_id: &str) -> String {
    format!(
        "{PREFIX}/{}-{snapshot_id}.dump.enc",
        at.format("%Y-%m-%dT%H-%M-%SZ")
    )
}
