//! One backup run (`RunBackup`): take → report → prune, with the four backup metrics and, on
//! failure, the `backup_failure` alert (`domain.md` §5.17).

use std::time::Instant;

use afiliados_api_client::{ApiClientError, InternalApi};
use afiliados_api_types::alerts::RaiseAlertRequest;
use afiliados_domain::{AlertSeverity, AlertType};
use anyhow::Context as _;
use chrono::{DateTime, Utc};

use super::{Backups, retention};
use crate::metrics;

/// What a successful run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The stored snapshot.
    pub manifest: super::Manifest,
    /// The id the api gave it.
    pub snapshot_id: uuid::Uuid,
    /// The tier the api chose.
    pub tier: afiliados_domain::BackupRetentionTier,
    /// Expired snapshots pruned after it.
    pub pruned: usize,
}

/// Runs one backup now (`taken_at` names the dump) and records its metrics; a failure raises
/// `backup_failure` and is returned.
pub async fn run(
    backups: &Backups,
    api: &InternalApi,
    taken_at: DateTime<Utc>,
) -> anyhow::Result<RunReport> {
    metrics::backup_started();
    let clock = Instant::now();
    let result = take_and_report(backups, api, taken_at).await;
    match &result {
        Ok(report) => {
            metrics::backup_succeeded(clock.elapsed(), report.manifest.created_at);
            tracing::info!(
                backup.id = %report.snapshot_id,
                backup.storage_key = %report.manifest.storage_key,
                backup.tier = report.tier.as_str(),
                backup.pruned = report.pruned,
                backup.duration_ms = clock.elapsed().as_millis() as u64,
                "backup done"
            );
        }
        Err(error) => {
            metrics::backup_failed(clock.elapsed());
            tracing::error!(error = %format!("{error:#}"), "backup failed");
            raise_failure(api, "backup", &format!("{error:#}")).await;
        }
    }
    result
}

async fn take_and_report(
    backups: &Backups,
    api: &InternalApi,
    taken_at: DateTime<Utc>,
) -> anyhow::Result<RunReport> {
    let manifest = super::take(backups, taken_at).await?;
    let request = afiliados_api_types::internal_backups::RecordBackupRequest {
        storage_key: manifest.storage_key.clone(),
        created_at: manifest.created_at,
        size_bytes: i64::try_from(manifest.size_bytes).unwrap_or(i64::MAX),
        sha256: manifest.sha256.clone(),
        db_version: manifest.db_version.clone(),
        encryption_key_id: manifest.encryption_key_id.clone(),
    };
    let recorded = match api.record_backup(&request).await {
        Ok(recorded) => recorded,
        Err(error) => {
            // An unrecorded object would never be pruned: remove it (the retry takes a new one).
            if let Err(cleanup) = super::delete(&backups.store, &manifest.storage_key).await {
                tracing::warn!(error = %format!("{cleanup:#}"), "could not remove the unreported backup");
            }
            return Err(error).context("reporting the backup to the api");
        }
    };
    // The snapshot is safe from here on; a prune failure is alerted but does not fail the run.
    let pruned = match retention::prune(api, &backups.store).await {
        Ok(pruned) => pruned,
        Err(error) => {
            tracing::warn!(error = %format!("{error:#}"), "pruning expired backups failed");
            raise_failure(api, "backup_prune", &format!("pruning failed: {error:#}")).await;
            0
        }
    };
    Ok(RunReport {
        manifest,
        snapshot_id: recorded.id,
        tier: recorded.retention_tier,
        pruned,
    })
}

/// `POST /internal/v1/alerts` `backup_failure`; logged, never fatal (a 404 means an api without
/// the endpoint: the log line and the failure metric still tell).
async fn raise_failure(api: &InternalApi, dedup_key: &str, error: &str) {
    let request = RaiseAlertRequest {
        alert_type: AlertType::BackupFailure,
        severity: AlertSeverity::Critical,
        dedup_key: dedup_key.to_owned(),
        message: "Falló la copia de seguridad de la base de datos".to_owned(),
        details: serde_json::json!({ "error": error.chars().take(1_000).collect::<String>() }),
    };
    match api.raise_alert(&request).await {
        Ok(alert) => tracing::info!(alert.id = %alert.id, "backup_failure alert raised"),
        Err(ApiClientError::Api { status, .. }) if status.as_u16() == 404 => {
            tracing::warn!(
                "the api has no POST /internal/v1/alerts yet; backup_failure only logged"
            )
        }
        Err(other) => tracing::warn!(error = %other, "could not raise the backup_failure alert"),
    }
}
