//! The worker's backup bookkeeping (`api.md` §21.6, `domain.md` §3.10; ADR 0061): record a
//! stored snapshot with the retention tier the api chooses, list the newest and the expired
//! ones, mark a pruned one. The worker owns the bytes; the api owns the catalogue. No §8 audit
//! action exists for these system rows (they are not a person's act); the table is the record.

pub mod prune;
pub mod read;
pub mod record;

use afiliados_api_types::internal_backups::BackupSnapshot;
use afiliados_db::backup_snapshots::BackupSnapshotRow;
use afiliados_domain::BackupRetentionTier;

use crate::usecases::UseCaseError;

/// Most snapshots one list returns (15-minute backups kept a year are ~35 000; the expired list
/// is drained by repeated prunes, a page at a time).
pub const LIST_LIMIT: i64 = 500;

/// The wire shape of a row.
pub fn to_dto(row: BackupSnapshotRow) -> Result<BackupSnapshot, UseCaseError> {
    let retention_tier = BackupRetentionTier::parse(&row.retention_tier).ok_or_else(|| {
        UseCaseError::Internal(anyhow::anyhow!(
            "backup_snapshots.retention_tier {:?} is not a tier",
            row.retention_tier
        ))
    })?;
    Ok(BackupSnapshot {
        id: row.id,
        storage_key: row.storage_key,
        created_at: row.created_at,
        size_bytes: row.size_bytes,
        sha256: row.sha256,
        db_version: row.db_version,
        encryption_key_id: row.encryption_key_id,
        retention_tier,
        expires_at: row.expires_at,
        pruned_at: row.pruned_at,
    })
}
