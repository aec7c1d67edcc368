//! `POST /internal/v1/retention/run` (`domain.md` §5.18 data retention, run by the worker's
//! `PurgeData` tick): order-document payloads of `webhook_delivery_log` older than
//! `WEBHOOK_PAYLOAD_RETENTION_DAYS` are dropped (`payload_purged_at` set; the row, its hash and
//! size stay as evidence), and documents soft-deleted more than 30 days ago lose their stored
//! object (`purged_at` set). Windows count back from the `now` the caller passes, so a repeated
//! call purges nothing more.

use afiliados_db::AsyncPgConnection;
use chrono::{DateTime, Duration, Utc};

use crate::usecases::{UseCaseContext, UseCaseError};

/// Days a soft-deleted document's object is kept (a restore window for mistakes).
pub const DELETED_DOCUMENT_DAYS: i64 = 30;
/// Documents handled per call of [`purge_deleted_documents`].
pub const DOCUMENT_BATCH: i64 = 200;

/// Purges the old order documents; returns how many.
pub async fn purge_payloads(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    now: DateTime<Utc>,
) -> Result<u64, UseCaseError> {
    let before = now - Duration::days(ctx.settings.alert_checks.webhook_payload_retention_days);
    let purged =
        afiliados_db::alert_checks::purge_delivery_payloads(tx, ctx.tenant_id, before, now).await?;
    Ok(u64::try_from(purged).unwrap_or(0))
}

/// Deletes the stored objects of up to [`DOCUMENT_BATCH`] documents deleted before the window
/// and marks them purged; returns `(purged, more)` where `more` says a full batch was seen. An
/// object that fails to delete stays unpurged (tried again next run) and is logged.
pub async fn purge_deleted_documents(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    now: DateTime<Utc>,
) -> Result<(u64, bool), UseCaseError> {
    let before = now - Duration::days(DELETED_DOCUMENT_DAYS);
    let due =
        afiliados_db::alert_checks::deleted_documents(tx, ctx.tenant_id, before, DOCUMENT_BATCH)
            .await?;
    let more = i64::try_from(due.len()).unwrap_or(i64::MAX) >= DOCUMENT_BATCH;
    let mut purged = 0;
    for (id, key) in due {
        match ctx.storage.delete(&key).await {
            Ok(()) => {
                purged += u64::try_from(
                    afiliados_db::alert_checks::mark_document_purged(tx, id, now).await?,
                )
                .unwrap_or(0);
            }
            Err(error) => {
                tracing::warn!(document.id = %id, error = %error, "stored object not deleted; retried next run");
            }
        }
    }
    Ok((purged, more && purged > 0))
}
