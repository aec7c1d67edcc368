//! [`InternalApi`]'s backup calls (`api.md` §21.6; ADR 0061) and `POST /internal/v1/alerts`
//! (the `backup_failure` alert the worker raises itself). 4xx are permanent for the worker; 5xx
//! and timeouts transient.

use afiliados_api_types::internal_backups::{
    BackupList, BackupSnapshot, LatestBackup, RecordBackupRequest,
};
use reqwest::Method;
use uuid::Uuid;

use crate::{InternalApi, Result, Transport};

impl InternalApi {
    /// `POST /internal/v1/backups` → 201 the recorded snapshot with the tier and expiry the api
    /// chose. Repeating the same report answers the same snapshot.
    pub async fn record_backup(&self, request: &RecordBackupRequest) -> Result<BackupSnapshot> {
        let builder = self.request(Method::POST, "/internal/v1/backups");
        Transport::json(Transport::with_body(builder, request)).await
    }

    /// `GET /internal/v1/backups/latest` → the newest snapshot not pruned (`None` before the
    /// first backup).
    pub async fn latest_backup(&self) -> Result<Option<BackupSnapshot>> {
        let builder = self.request(Method::GET, "/internal/v1/backups/latest");
        Ok(Transport::json::<LatestBackup>(builder).await?.snapshot)
    }

    /// `GET /internal/v1/backups?expired=true` → the snapshots past their expiry, not pruned.
    pub async fn expired_backups(&self) -> Result<Vec<BackupSnapshot>> {
        let builder = self.request(Method::GET, "/internal/v1/backups?expired=true");
        Ok(Transport::json::<BackupList>(builder).await?.items)
    }

    /// `POST /internal/v1/backups/{id}/pruned` → 204 (again: 204).
    pub async fn mark_backup_pruned(&self, id: Uuid) -> Result<()> {
        let path = format!("/internal/v1/backups/{id}/pruned");
        Transport::empty(Transport::with_body(
            self.request(Method::POST, &path),
            &serde_json::json!({}),
        ))
        .await
    }
}
