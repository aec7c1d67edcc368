//! `SyncCoupon { codeId }`: bring a discount code's VTEX coupon to its current desired state
//! (`vtex.md` §5.3, `architecture.md` §1.3 step 5) and report it (`api.md` §21.3).
//!
//! 1. `GET /internal/v1/codes/{id}/coupon`: the desired state and its `syncRevision`, read when the
//!    job runs, so an old job never pushes stale data.
//! 2. Desired `active` and the promotion not synced: run the promotion sync first.
//! 3. Read the coupon, then the archived coupon when the first answered 404.
//! 4. Active: upsert with `isArchived: false`, unarchive when it was archived. Not active: upsert
//!    and archive when it exists unarchived, create it archived when absent, nothing when archived.
//! 5. Read back, compare, report `vtexCouponId` (VTEX's id, else the code) and `vtexArchived`.
//!
//! Writes carry `X-Idempotency-Key: afiliados:coupon:<CODE>:<revision>:<operation>`.

use afiliados_api_client::InternalApi;
use afiliados_api_types::internal_vtex::{CouponDesiredState, CouponSyncResult, DesiredCoupon};
use afiliados_jobs::{SyncCoupon, queues};
use afiliados_vtex::{Coupon, CouponWrite, IdempotencyKey};
use anyhow::anyhow;
use serde_json::Map;

use super::coupons::{
    WORK_TIMEOUT, api_failure, failure_text, refuse_while_stopping, report_with_retries,
    vtex_failure,
};
use super::sync_promotion;
use crate::{JobError, WorkerCtx, retry};

/// What VTEX holds for a code.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Found {
    /// No coupon with that code.
    Absent,
    /// Usable.
    Active(Coupon),
    /// Archived (invisible to the plain read).
    Archived(Coupon),
}

/// One attempt of a `SyncCoupon` job.
pub async fn handle(
    job: SyncCoupon,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    refuse_while_stopping(ctx)?;
    let api = ctx.api.with_request_id(request_id);
    let id = job.code_id;
    let desired = api
        .get_desired_coupon(id)
        .await
        .map_err(|error| api_failure("reading the desired coupon", error))?;
    let last = retry::is_last_attempt(attempt, queues::COUPONS_MAX_ATTEMPTS);
    let outcome = match tokio::time::timeout(WORK_TIMEOUT, sync(ctx, &api, &desired, last)).await {
        Ok(result) => result,
        Err(_) => Err(JobError::Transient(anyhow!(
            "the coupon sync took longer than {WORK_TIMEOUT:?}"
        ))),
    };
    match outcome {
        Ok(found) => {
            let (vtex_coupon_id, archived) = match &found {
                Found::Active(coupon) => (coupon.id.clone(), false),
                Found::Archived(coupon) => (coupon.id.clone(), true),
                Found::Absent => (None, true),
            };
            let report = CouponSyncResult {
                sync_revision: desired.sync_revision,
                success: true,
                vtex_coupon_id: Some(
                    vtex_coupon_id
                        .filter(|v| !v.trim().is_empty())
                        .unwrap_or_else(|| desired.code.clone()),
                ),
                vtex_archived: Some(archived),
                error: None,
                permanent: false,
            };
            report_with_retries("reporting the coupon sync", || {
                api.report_coupon_sync(id, &report)
            })
            .await
        }
        Err(error) => {
            let report = CouponSyncResult {
                sync_revision: desired.sync_revision,
                success: false,
                vtex_coupon_id: None,
                vtex_archived: None,
                error: Some(failure_text(&error)),
                permanent: !error.is_transient() || last,
            };
            if let Err(report_error) = api.report_coupon_sync(id, &report).await {
                tracing::warn!(code.id = %id, error = %report_error, "could not report the failed coupon sync");
            }
            Err(error)
        }
    }
}

/// Steps 2–5; returns what VTEX holds afterwards (already compared with the desired state).
async fn sync(
    ctx: &WorkerCtx,
    api: &InternalApi,
    desired: &DesiredCoupon,
    last_attempt: bool,
) -> Result<Found, JobError> {
    let active = desired.desired_state == CouponDesiredState::Active;
    if active && !desired.promotion.synced {
        sync_promotion::sync_and_report(
            ctx,
            api,
            desired.promotion.campaign_id,
            desired.promotion.discount_percent,
            last_attempt,
        )
        .await?;
    }

    let code = desired.code.as_str();
    let revision = i64::from(desired.sync_revision);
    let key = |write| IdempotencyKey::coupon(code, revision, write);
    let body = vtex_body(desired);
    match (active, read(ctx, code).await?) {
        (true, found) => {
            upsert(ctx, &body, &key(CouponWrite::Upsert)).await?;
            if matches!(found, Found::Archived(_)) {
                ctx.vtex
                    .unarchive_coupon(code, &key(CouponWrite::Unarchive))
                    .await
                    .map_err(|error| vtex_failure("coupon unarchive", error))?;
            }
        }
        (false, Found::Active(_)) => {
            upsert(ctx, &body, &key(CouponWrite::Upsert)).await?;
            ctx.vtex
                .archive_coupon(code, &key(CouponWrite::Archive))
                .await
                .map_err(|error| vtex_failure("coupon archive", error))?;
        }
        (false, Found::Absent) => upsert(ctx, &body, &key(CouponWrite::Upsert)).await?,
        // VTEX does not edit archived coupons: nothing to do.
        (false, Found::Archived(_)) => {}
    }

    let after = read(ctx, code).await?;
    check(desired, &after)?;
    Ok(after)
}

/// Step 3: the plain read, then the archived read when the first found nothing.
async fn read(ctx: &WorkerCtx, code: &str) -> Result<Found, JobError> {
    if let Some(coupon) = ctx
        .vtex
        .get_coupon(code)
        .await
        .map_err(|error| vtex_failure("coupon read", error))?
    {
        return Ok(Found::Active(coupon));
    }
    Ok(ctx
        .vtex
        .get_archived_coupon(code)
        .await
        .map_err(|error| vtex_failure("archived coupon read", error))?
        .map_or(Found::Absent, Found::Archived))
}

async fn upsert(ctx: &WorkerCtx, body: &Coupon, key: &IdempotencyKey) -> Result<(), JobError> {
    ctx.vtex
        .upsert_coupon(body, key)
        .await
        .map(drop)
        .map_err(|error| vtex_failure("coupon upsert", error))
}

/// The coupon body (`vtex.md` §5.3 field mapping).
pub(crate) fn vtex_body(desired: &DesiredCoupon) -> Coupon {
    Coupon {
        id: None,
        coupon_code: desired.code.clone(),
        utm_source: Some(desired.utm_source.clone()),
        utm_campaign: Some(desired.utm_campaign.clone()),
        is_archived: desired.desired_state != CouponDesiredState::Active,
        max_items_per_client: i64::from(desired.max_items_per_client),
        expiration_interval_per_use: desired.expiration_interval_per_use.clone(),
        max_usage: i64::from(desired.max_usage),
        extra: Map::new(),
    }
}

/// Step 5's comparison: the archive state, and for a usable coupon the fields that decide what
/// it activates.
fn check(desired: &DesiredCoupon, after: &Found) -> Result<(), JobError> {
    let matches = match (desired.desired_state, after) {
        (CouponDesiredState::Active, Found::Active(coupon)) => {
            coupon.utm_source.as_deref() == Some(desired.utm_source.as_str())
                && coupon.utm_campaign.as_deref() == Some(desired.utm_campaign.as_str())
                && coupon.max_usage == i64::from(desired.max_usage)
                && coupon.max_items_per_client == i64::from(desired.max_items_per_client)
        }
        (CouponDesiredState::Archived, Found::Archived(_)) => true,
        _ => false,
    };
    if matches {
        Ok(())
    } else {
        Err(JobError::Transient(anyhow!(
            "the coupon read back from VTEX does not match the desired state"
        )))
    }
}
