//! `POST /internal/v1/codes/{id}/sync-result`: what the worker's coupon sync achieved.
//!
//! Only a result for the code's current `sync_revision` can mark it synced: a result for an older
//! revision describes a desired state that has since changed, and a newer job is on its way.
//! Repeating a report has no further effect.

use afiliados_api_types::internal_vtex::CouponSyncResult;
use afiliados_db::AsyncPgConnection;
use afiliados_db::coupon_sync;
use afiliados_domain::FieldCode;
use uuid::Uuid;

use super::stored_error;
use crate::usecases::{UseCaseContext, UseCaseError};

/// What the report did (for logs and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouponOutcome {
    /// The code is now synced at the reported revision.
    Synced,
    /// The error was stored; the code stays `pending` (a retry follows) or became `failed`.
    FailureRecorded {
        /// `sync_state = failed`.
        failed: bool,
    },
    /// Nothing changed: a repeat, or a result older than what is already known.
    Ignored,
}

/// Applies `report` to code `id` (row-locked).
#[tracing::instrument(skip_all, fields(code.id = %id, sync.revision = report.sync_revision))]
pub async fn record_coupon_result(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    report: &CouponSyncResult,
) -> Result<CouponOutcome, UseCaseError> {
    let code = coupon_sync::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let revision = report.sync_revision;
    if revision < 1 || revision > code.sync_revision {
        return Err(UseCaseError::invalid("syncRevision", FieldCode::OutOfRange));
    }
    let current = revision == code.sync_revision;
    if report.success {
        if !current {
            tracing::info!(code.id = %id, sync.revision = revision, sync.current = code.sync_revision, "stale coupon sync result; the code stays as it is");
            return Ok(CouponOutcome::Ignored);
        }
        let vtex_coupon_id = report
            .vtex_coupon_id
            .clone()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| code.code.clone());
        let vtex_archived = report
            .vtex_archived
            .unwrap_or(code.status != afiliados_domain::CodeStatus::Active);
        let unchanged = code.sync_state == afiliados_domain::SyncState::Synced
            && code.synced_revision == Some(revision)
            && code.vtex_coupon_id.as_deref() == Some(vtex_coupon_id.as_str())
            && code.vtex_archived == Some(vtex_archived);
        if unchanged {
            return Ok(CouponOutcome::Ignored);
        }
        coupon_sync::mark_synced(tx, id, revision, &vtex_coupon_id, vtex_archived).await?;
        return Ok(CouponOutcome::Synced);
    }
    // A failure of a revision VTEX already confirmed (or a newer one) says nothing new.
    if code
        .synced_revision
        .is_some_and(|synced| synced >= revision)
    {
        tracing::info!(code.id = %id, sync.revision = revision, "failure report for an already synced revision ignored");
        return Ok(CouponOutcome::Ignored);
    }
    let failed = report.permanent && current;
    let error = stored_error(report.error.as_deref());
    let already = code.last_sync_error.as_deref() == Some(error.as_str())
        && (!failed || code.sync_state == afiliados_domain::SyncState::Failed);
    if already {
        return Ok(CouponOutcome::Ignored);
    }
    coupon_sync::record_failure(tx, id, &error, failed).await?;
    if failed {
        tracing::warn!(code.id = %id, sync.revision = revision, "coupon sync failed for good");
    }
    Ok(CouponOutcome::FailureRecorded { failed })
}
