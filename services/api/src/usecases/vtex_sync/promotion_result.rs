//! `POST /internal/v1/campaigns/{id}/promotions/sync-result`: what the worker's promotion sync
//! achieved. As for coupons, only the current revision can mark a promotion synced, and a
//! repeated report has no further effect.

use afiliados_api_types::internal_vtex::PromotionSyncResult;
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaign_promotions;
use afiliados_domain::FieldCode;
use uuid::Uuid;

use super::stored_error;
use crate::usecases::{UseCaseContext, UseCaseError};

/// What the report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromotionOutcome {
    /// Synced at the reported revision.
    Synced,
    /// The error was stored.
    FailureRecorded,
    /// Nothing changed.
    Ignored,
}

/// Applies `report` to the promotion of campaign `campaign_id` and the reported percent.
#[tracing::instrument(skip_all, fields(campaign.id = %campaign_id, sync.revision = report.sync_revision))]
pub async fn record_promotion_result(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    campaign_id: Uuid,
    report: &PromotionSyncResult,
) -> Result<PromotionOutcome, UseCaseError> {
    campaign_promotions::campaign(tx, ctx.tenant_id, campaign_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let row =
        campaign_promotions::find_for_update(tx, campaign_id, report.discount_percent.value())
            .await?
            .ok_or(UseCaseError::NotFound)?;
    let revision = report.sync_revision;
    if revision < 1 || revision > row.sync_revision {
        return Err(UseCaseError::invalid("syncRevision", FieldCode::OutOfRange));
    }
    let reported_id = report
        .vtex_promotion_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty());
    if report.success {
        let Some(vtex_id) = reported_id.or(row.vtex_promotion_id.as_deref()) else {
            return Err(UseCaseError::invalid(
                "vtexPromotionId",
                FieldCode::Required,
            ));
        };
        if revision != row.sync_revision {
            tracing::info!(campaign.id = %campaign_id, sync.revision = revision, sync.current = row.sync_revision, "stale promotion sync result; not marked synced");
            return Ok(PromotionOutcome::Ignored);
        }
        if row.is_synced() && row.vtex_promotion_id.as_deref() == Some(vtex_id) {
            return Ok(PromotionOutcome::Ignored);
        }
        campaign_promotions::mark_synced(tx, row.id, revision, vtex_id).await?;
        return Ok(PromotionOutcome::Synced);
    }
    if row.synced_revision.is_some_and(|synced| synced >= revision) {
        return Ok(PromotionOutcome::Ignored);
    }
    let error = stored_error(report.error.as_deref());
    if row.last_sync_error.as_deref() == Some(error.as_str()) && reported_id.is_none() {
        return Ok(PromotionOutcome::Ignored);
    }
    // Keep an id VTEX created even when the rest failed, so a retry updates instead of duplicating.
    let keep_id = reported_id.filter(|_| row.vtex_promotion_id.is_none());
    campaign_promotions::record_failure(tx, row.id, &error, keep_id).await?;
    if report.permanent {
        tracing::warn!(campaign.id = %campaign_id, "promotion sync failed for good");
    }
    Ok(PromotionOutcome::FailureRecorded)
}
