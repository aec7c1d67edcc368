//! Pruning: the api says which snapshots are past their tier's retention (on its clock); the
//! worker deletes their objects and marks them pruned. The object goes first: a snapshot marked
//! pruned whose delete failed would be orphaned, while one deleted but not marked is simply
//! deleted (again, harmlessly) by the next run.

use afiliados_api_client::InternalApi;
use afiliados_storage::ObjectStore;
use anyhow::Context as _;

/// Prunes every expired snapshot the api lists; returns how many were pruned.
pub async fn prune(api: &InternalApi, store: &ObjectStore) -> anyhow::Result<usize> {
    let expired = api
        .expired_backups()
        .await
        .context("listing the expired backups")?;
    let mut pruned = 0;
    for snapshot in expired {
        super::delete(store, &snapshot.storage_key).await?;
        api.mark_backup_pruned(snapshot.id)
            .await
            .with_context(|| format!("marking {} pruned", snapshot.storage_key))?;
        tracing::info!(
            backup.id = %snapshot.id,
            backup.storage_key = %snapshot.storage_key,
            backup.tier = snapshot.retention_tier.as_str(),
            backup.expires_at = %snapshot.expires_at,
            "expired backup pruned"
        );
        pruned += 1;
    }
    Ok(pruned)
}
