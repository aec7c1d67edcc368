//! `/internal/v1/backups` (`api.md` §21.6; ADR 0061): the worker's encrypted snapshots.

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal_backups::{
    BackupList, BackupSnapshot, LatestBackup, ListBackupsQuery, RecordBackupRequest,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::backups::{prune, read, record};

/// `POST /internal/v1/backups` → 201 the snapshot with its tier and expiry.
pub(super) async fn record_backup(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<RecordBackupRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let snapshot: BackupSnapshot =
        transaction::run(&state, async |tx| record::record(tx, &ctx, &body).await).await?;
    Ok(HttpResponse::Created().json(snapshot))
}

/// `GET /internal/v1/backups[?expired=true]` → 200 `{items}`.
pub(super) async fn list_backups(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    query: web::Query<ListBackupsQuery>,
) -> ApiResult<web::Json<BackupList>> {
    let ctx = state.use_case_context();
    let expired = query.expired;
    let items = transaction::read(&state, async |tx| read::list(tx, &ctx, expired).await).await?;
    Ok(web::Json(BackupList { items }))
}

/// `GET /internal/v1/backups/latest` → 200 `{snapshot}` (`null` before the first backup).
pub(super) async fn get_latest_backup(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
) -> ApiResult<web::Json<LatestBackup>> {
    let snapshot = transaction::read(&state, async |tx| read::latest(tx).await).await?;
    Ok(web::Json(LatestBackup { snapshot }))
}

/// `POST /internal/v1/backups/{id}/pruned` → 204.
pub(super) async fn mark_backup_pruned(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| prune::mark(tx, &ctx, *id).await).await?;
    Ok(HttpResponse::NoContent().finish())
}
