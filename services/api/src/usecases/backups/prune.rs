//! `POST /internal/v1/backups/{id}/pruned`: the worker deleted the snapshot's object. Only an
//! expired snapshot may be marked (a snapshot still inside its retention is refused with 409
//! `invalid_transition`); marking again changes nothing.

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::backup_snapshots;
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// Marks the snapshot pruned at the api's now, inside the caller's transaction.
#[tracing::instrument(skip_all, fields(backup.id = %id))]
pub async fn mark(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<(), UseCaseError> {
    let row = backup_snapshots::find_for_update(tx, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if row.pruned_at.is_some() {
        return Ok(());
    }
    let now = ctx.now();
    if row.expires_at > now {
        return Err(UseCaseError::conflict_with(
            ErrorCode::InvalidTransition,
            serde_json::json!({ "from": "kept", "to": "pruned", "expiresAt": row.expires_at }),
        ));
    }
    backup_snapshots::mark_pruned(tx, id, now).await?;
    Ok(())
}
