//! `/internal/v1/backups` (`api.md` §21.6; ADR 0061): the worker reports each encrypted snapshot,
//! asks for the newest one (its start-up catch-up) and for the expired ones, and marks those it
//! pruned. The api chooses the retention tier and the expiry: it sees every snapshot.

use afiliados_domain::BackupRetentionTier;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /internal/v1/backups`: a snapshot stored by the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordBackupRequest {
    /// Where the storage crate keeps the sealed dump.
    pub storage_key: String,
    /// When the dump was taken.
    pub created_at: DateTime<Utc>,
    /// Size of the stored (sealed) bytes.
    pub size_bytes: i64,
    /// SHA-256 of the stored bytes, lower-case hex.
    pub sha256: String,
    /// The server's version (what `pg_restore` must match).
    pub db_version: String,
    /// The `DATA_ENCRYPTION_KEY` id that sealed it.
    pub encryption_key_id: String,
}

/// One recorded snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupSnapshot {
    /// Id.
    pub id: Uuid,
    /// Storage key.
    pub storage_key: String,
    /// When the dump was taken.
    pub created_at: DateTime<Utc>,
    /// Stored size.
    pub size_bytes: i64,
    /// SHA-256 of the stored bytes.
    pub sha256: String,
    /// Server version.
    pub db_version: String,
    /// Data key id.
    pub encryption_key_id: String,
    /// `daily|weekly|monthly`, chosen by the api.
    pub retention_tier: BackupRetentionTier,
    /// When it may be pruned.
    pub expires_at: DateTime<Utc>,
    /// When the worker pruned it.
    pub pruned_at: Option<DateTime<Utc>>,
}

/// `GET /internal/v1/backups?expired=true` (or every snapshot not pruned, newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupList {
    /// The snapshots.
    pub items: Vec<BackupSnapshot>,
}

/// `GET /internal/v1/backups?expired=…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListBackupsQuery {
    /// `true`: only snapshots past their expiry and not yet pruned, oldest expiry first.
    #[serde(default)]
    pub expired: bool,
}

/// `GET /internal/v1/backups/latest`: the newest snapshot not pruned, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LatestBackup {
    /// `null` before the first backup.
    pub snapshot: Option<BackupSnapshot>,
}
