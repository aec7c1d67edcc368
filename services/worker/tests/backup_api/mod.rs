//! A scripted stand-in for the api's `/internal/v1/backups` and `/internal/v1/alerts` endpoints
//! (`api.md` §21.6): it records what the worker reports, answers `latest` with what it was told,
//! and lists as expired the snapshots a test names. The real api's side (tiers, expiry on its
//! clock) is tested in the api (`services/api/tests/api/backups.rs`).

use actix_web::{HttpRequest, HttpResponse, web};
use afiliados_api_types::alerts::RaiseAlertRequest;
use afiliados_api_types::internal_backups::{BackupSnapshot, RecordBackupRequest};
use afiliados_domain::BackupRetentionTier;
use uuid::Uuid;

pub(crate) use crate::stand_in::TOKEN;
use crate::stand_in::{Recorded, error, serve};

#[derive(Clone, Default)]
pub(crate) struct BackupApi {
    state: Recorded<State>,
}

#[derive(Default)]
struct State {
    recorded: Vec<BackupSnapshot>,
    latest: Option<BackupSnapshot>,
    expired: Vec<BackupSnapshot>,
    pruned: Vec<Uuid>,
    alerts: Vec<RaiseAlertRequest>,
}

impl BackupApi {
    fn with<T>(&self, read: impl FnOnce(&mut State) -> T) -> T {
        self.state.with(read)
    }

    pub(crate) fn recorded(&self) -> Vec<BackupSnapshot> {
        self.with(|s| s.recorded.clone())
    }

    pub(crate) fn pruned(&self) -> Vec<Uuid> {
        self.with(|s| s.pruned.clone())
    }

    pub(crate) fn alerts(&self) -> Vec<RaiseAlertRequest> {
        self.with(|s| s.alerts.clone())
    }

    /// The snapshots `GET /backups?expired=true` answers (until they are marked pruned).
    pub(crate) fn set_expired(&self, expired: Vec<BackupSnapshot>) {
        self.with(|s| s.expired = expired);
    }

    /// Serves the stand-in on a free port; returns its base URL.
    pub(crate) fn start(&self) -> std::io::Result<String> {
        serve(self.clone(), None, |routes| {
            routes
                .route("/internal/v1/backups", web::post().to(record))
                .route("/internal/v1/backups", web::get().to(expired))
                .route("/internal/v1/backups/latest", web::get().to(latest))
                .route("/internal/v1/backups/{id}/pruned", web::post().to(pruned))
                .route("/internal/v1/alerts", web::post().to(alert));
        })
    }
}

/// A snapshot as the api would answer it (daily tier, 30 days).
pub(crate) fn snapshot(storage_key: &str) -> BackupSnapshot {
    let created_at = chrono::Utc::now();
    BackupSnapshot {
        id: Uuid::now_v7(),
        storage_key: storage_key.to_owned(),
        created_at,
        size_bytes: 1,
        sha256: "00".repeat(32),
        db_version: "15".into(),
        encryption_key_id: "dev1".into(),
        retention_tier: BackupRetentionTier::Daily,
        expires_at: created_at + chrono::Duration::days(30),
        pruned_at: None,
    }
}

async fn record(fake: web::Data<BackupApi>, body: web::Json<RecordBackupRequest>) -> HttpResponse {
    let body = body.into_inner();
    let snapshot = BackupSnapshot {
        storage_key: body.storage_key,
        created_at: body.created_at,
        size_bytes: body.size_bytes,
        sha256: body.sha256,
        db_version: body.db_version,
        encryption_key_id: body.encryption_key_id,
        ..snapshot("x")
    };
    fake.with(|s| {
        s.recorded.push(snapshot.clone());
        s.latest = Some(snapshot.clone());
    });
    HttpResponse::Created().json(snapshot)
}

async fn latest(fake: web::Data<BackupApi>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "snapshot": fake.with(|s| s.latest.clone()) }))
}

async fn expired(request: HttpRequest, fake: web::Data<BackupApi>) -> HttpResponse {
    if request.query_string() != "expired=true" {
        return error(422, "validation_failed");
    }
    let items = fake.with(|s| {
        s.expired
            .iter()
            .filter(|snapshot| !s.pruned.contains(&snapshot.id))
            .cloned()
            .collect::<Vec<_>>()
    });
    HttpResponse::Ok().json(serde_json::json!({ "items": items }))
}

async fn pruned(fake: web::Data<BackupApi>, id: web::Path<Uuid>) -> HttpResponse {
    fake.with(|s| s.pruned.push(*id));
    HttpResponse::NoContent().finish()
}

async fn alert(fake: web::Data<BackupApi>, body: web::Json<RaiseAlertRequest>) -> HttpResponse {
    let body = body.into_inner();
    fake.with(|s| s.alerts.push(body.clone()));
    HttpResponse::Created().json(serde_json::json!({
        "id": Uuid::now_v7(),
        "alertType": body.alert_type,
        "severity": body.severity,
        "message": body.message,
        "details": body.details,
        "raisedAt": chrono::Utc::now(),
        "acknowledgedAt": null,
        "acknowledgedBy": null,
    }))
}
