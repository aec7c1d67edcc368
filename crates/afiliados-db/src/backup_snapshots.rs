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

/// The snapshot stored under `storage_key` (a repeated report finds its first one).
pub async fn find_by_key(
    conn: &mut AsyncPgConnection,
    storage_key: &str,
) -> crate::Result<Option<BackupSnapshotRow>> {
    backup_snapshots::table
        .filter(backup_snapshots::storage_key.eq(storage_key))
        .select(BackupSnapshotRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Locks one snapshot for an update.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<BackupSnapshotRow>> {
    backup_snapshots::table
        .find(id)
        .select(BackupSnapshotRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// `created_at` of the newest snapshot taken before `at`, pruned or not (the tier rule).
pub async fn newest_before(
    conn: &mut AsyncPgConnection,
    at: DateTime<Utc>,
) -> crate::Result<Option<DateTime<Utc>>> {
    backup_snapshots::table
        .filter(backup_snapshots::created_at.lt(at))
        .order(backup_snapshots::created_at.desc())
        .select(backup_snapshots::created_at)
        .first(conn)
        .await
        .optional()
}

/// Stores a new snapshot.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: &NewBackupSnapshot,
) -> crate::Result<BackupSnapshotRow> {
    diesel::insert_into(backup_snapshots::table)
        .values(new)
        .returning(BackupSnapshotRow::as_returning())
        .get_result(conn)
        .await
}

/// Snapshots past their expiry at `now` and not pruned, oldest expiry first, at most `limit`.
pub async fn expired(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> crate::Result<Vec<BackupSnapshotRow>> {
    backup_snapshots::table
        .filter(backup_snapshots::pruned_at.is_null())
        .filter(backup_snapshots::expires_at.le(now))
        .order((
            backup_snapshots::expires_at.asc(),
            backup_snapshots::id.asc(),
        ))
        .limit(limit)
        .select(BackupSnapshotRow::as_select())
        .load(conn)
        .await
}

/// Snapshots not pruned, newest first, at most `limit`.
pub async fn kept(
    conn: &mut AsyncPgConnection,
    limit: i64,
) -> crate::Result<Vec<BackupSnapshotRow>> {
    backup_snapshots::table
        .filter(backup_snapshots::pruned_at.is_null())
        .order(backup_snapshots::created_at.desc())
        .limit(limit)
        .select(BackupSnapshotRow::as_select())
        .load(conn)
        .await
}

/// Marks a snapshot pruned at `at`.
pub async fn mark_pruned(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<BackupSnapshotRow> {
    diesel::update(backup_snapshots::table.find(id))
        .set(backup_snapshots::pruned_at.eq(Some(at)))
        .returning(BackupSnapshotRow::as_returning())
        .get_result(conn)
        .await
}
