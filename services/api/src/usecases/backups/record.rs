//! `POST /internal/v1/backups`: records a snapshot the worker stored, choosing its retention
//! tier from the newest earlier snapshot (`afiliados_domain::backup_retention`) and its expiry.
//! A repeated report of the same storage key answers the first record; the same key with
//! other bytes (another checksum or size) is refused.

use afiliados_api_types::internal_backups::{BackupSnapshot, RecordBackupRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::backup_snapshots::{self, NewBackupSnapshot};
use afiliados_domain::FieldCode;
use afiliados_domain::backup_retention::{choose_tier, expires_at};
use uuid::Uuid;

use crate::usecases::problems::Problems;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Longest `dbVersion` and `encryptionKeyId` accepted.
const MAX_LABEL: usize = 200;

/// Validates and stores the report inside the caller's transaction.
#[tracing::instrument(skip_all, fields(backup.storage_key = %body.storage_key))]
pub async fn record(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    body: &RecordBackupRequest,
) -> Result<BackupSnapshot, UseCaseError> {
    validate(ctx, body)?;
    if let Some(existing) = backup_snapshots::find_by_key(tx, &body.storage_key).await? {
        if existing.sha256 != body.sha256 || existing.size_bytes != body.size_bytes {
            return Err(UseCaseError::invalid(
                "storageKey",
                FieldCode::NotUniqueInList,
            ));
        }
        return super::to_dto(existing);
    }
    // One report at a time: two concurrent first-of-the-month reports would both be monthly.
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext('backup_snapshots'))"),
        tx,
    )
    .await?;
    let previous = backup_snapshots::newest_before(tx, body.created_at).await?;
    let tier = choose_tier(body.created_at, previous);
    let row = backup_snapshots::insert(
        tx,
        &NewBackupSnapshot {
            id: Uuid::now_v7(),
            storage_key: body.storage_key.clone(),
            created_at: body.created_at,
            size_bytes: body.size_bytes,
            sha256: body.sha256.clone(),
            db_version: body.db_version.trim().to_owned(),
            encryption_key_id: body.encryption_key_id.clone(),
            retention_tier: tier.as_str().to_owned(),
            expires_at: expires_at(tier, body.created_at),
        },
    )
    .await?;
    tracing::info!(
        backup.id = %row.id,
        backup.tier = tier.as_str(),
        backup.size_bytes = row.size_bytes,
        "backup snapshot recorded"
    );
    super::to_dto(row)
}

fn validate(ctx: &UseCaseContext<'_>, body: &RecordBackupRequest) -> Result<(), UseCaseError> {
    let mut problems = Problems::new();
    if afiliados_storage::validate_key(&body.storage_key).is_err() {
        problems.push("storageKey", FieldCode::InvalidFormat);
    }
    if body.size_bytes <= 0 {
        problems.push("sizeBytes", FieldCode::OutOfRange);
    }
    if body.sha256.len() != 64
        || !body
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        problems.push("sha256", FieldCode::InvalidFormat);
    }
    for (field, value) in [
        ("dbVersion", body.db_version.trim()),
        ("encryptionKeyId", body.encryption_key_id.as_str()),
    ] {
        if value.is_empty() {
            problems.push(field, FieldCode::Required);
        } else if value.chars().count() > MAX_LABEL {
            problems.push(field, FieldCode::TooLong);
        }
    }
    // A dump "taken" in the future would shift every later tier decision.
    if body.created_at > ctx.now() + chrono::Duration::minutes(5) {
        problems.push("createdAt", FieldCode::OutOfRange);
    }
    problems.finish()
}
