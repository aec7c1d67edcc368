//! `GET /internal/v1/backups[?expired=true]` and `GET /internal/v1/backups/latest`.

use afiliados_api_types::internal_backups::BackupSnapshot;
use afiliados_db::AsyncPgConnection;
use afiliados_db::backup_snapshots;

use crate::usecases::{UseCaseContext, UseCaseError};

/// The snapshots past their expiry at the api's now and not pruned (oldest expiry first), or,
/// with `expired = false`, every snapshot not pruned (newest first); a page of
/// [`super::LIST_LIMIT`].
pub async fn list(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    expired: bool,
) -> Result<Vec<BackupSnapshot>, UseCaseError> {
    let rows = if expired {
        backup_snapshots::expired(conn, ctx.now(), super::LIST_LIMIT).await?
    } else {
        backup_snapshots::kept(conn, super::LIST_LIMIT).await?
    };
    rows.into_iter().map(super::to_dto).collect()
}

/// The newest snapshot not pruned.
pub async fn latest(conn: &mut AsyncPgConnection) -> Result<Option<BackupSnapshot>, UseCaseError> {
    backup_snapshots::latest(conn)
        .await?
        .map(super::to_dto)
        .transpose()
}
