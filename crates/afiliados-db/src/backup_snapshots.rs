//! `backup_snapshots`: the encrypted `pg_dump`s the worker reports (operations contract,
//! `domain.md` §3.10). The worker never touches the database; it reports each snapshot through
//! `/internal/v1/backups` and prunes the expired ones it is told about.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::backup_snapshots;

/// A stored snapshot.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = backup_snapshots)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BackupSnapshotRow {
    /// Id.
    pub id: Uuid,
    /// Where the storage crate keeps it.
    pub storage_key: String,
    /// When the dump was taken.
    pub created_at: DateTime<Utc>,
    /// Encrypted size.
    pub size_bytes: i64,
    /// SHA-256 of the stored (encrypted) bytes, lower-case hex.
    pub sha256: String,
    /// The server's `server_version` and the last migration.
    pub db_version: String,
    /// The data key that sealed it.
    pub encryption_key_id: String,
    /// `daily|weekly|monthly`.
    pub retention_tier: String,
    /// When it may be pruned.
    pub expires_at: DateTime<Utc>,
    /// When it was pruned.
    pub pruned_at: Option<DateTime<Utc>>,
    /// When the worker reported it.
    pub reported_at: DateTime<Utc>,
}

/// A snapshot to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = backup_snapshots)]
pub struct NewBackupSnapshot {
    /// Id.
    pub id: Uuid,
    /// Storage key.
    pub storage_key: String,
    /// Taken.
    pub created_at: DateTime<Utc>,
    /// Size.
    pub size_bytes: i64,
    /// Checksum.
    pub sha256: String,
    /// Server and schema version.
    pub db_version: String,
    /// Data key id.
    pub encryption_key_id: String,
    /// Tier.
    pub retention_tier: String,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
}

/// The newest snapshot not pruned (dashboards, status page, the `backup_failure` age check).
pub async fn latest(conn: &mut AsyncPgConnection) -> crate::Result<Option<BackupSnapshotRow>> {
    backup_snapshots::table
        .filter(backup_snapshots::pruned_at.is_null())
        .order(backup_snapshots::created_at.desc())
        .select(BackupSnapshotRow::as_select())
        .first(conn)
        .await
        .optional()
}
