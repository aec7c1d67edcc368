//! `SyncPromotion { campaignId, discountPercent }`: bring the campaign's VTEX promotion for that
//! percent to its desired state (`vtex.md` §5.2) and report it (`api.md` §21.3).
//!
//! Reads the desired body from `GET /internal/v1/campaigns/{id}/promotions`, creates the
//! promotion (no `vtexPromotionId` yet) or updates it (`idCalculatorConfiguration` set) with
//! `X-Idempotency-Key: afiliados:promotion:<campaignId>:<percent>:<revision>`, reads it back,
//! compares, and reports `POST …/promotions/sync-result`. The coupon sync runs the same steps
//! first when its promotion is not synced yet.

use afiliados_api_client::InternalApi;
use afiliados_api_types::internal_vtex::{DesiredPromotion, PromotionSyncResult, VtexIdRef};
use afiliados_domain::Percent;
use afiliados_jobs::{SyncPromotion, queues};
use afiliados_vtex::{IdRef, IdempotencyKey, Promotion, VtexError};
use anyhow::anyhow;
use serde_json::Map;
use uuid::Uuid;

use super::coupons::{
    WORK_TIMEOUT, api_failure, failure_text, refuse_while_stopping, report_with_retries,
    vtex_failure,
};
use crate::{JobError, WorkerCtx, retry};

/// One attempt of a `SyncPromotion` job.
pub async fn handle(
    job: SyncPromotion,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    refuse_while_stopping(ctx)?;
    let percent = Percent::parse(&job.discount_percent).map_err(|_| {
        JobError::Permanent(anyhow!(
            "SyncPromotion payload has an invalid discountPercent"
        ))
    })?;
    let api = ctx.api.with_request_id(request_id);
    let last = retry::is_last_attempt(attempt, queues::COUPONS_MAX_ATTEMPTS);
    sync_and_report(ctx, &api, job.campaign_id, percent, last).await
}

/// Reads, pushes, verifies and reports the promotion of `(campaign_id, percent)`. A failure is
/// reported as permanent when it is, or when `last_attempt`; the error is returned either way.
pub(crate) async fn sync_and_report(
    ctx: &WorkerCtx,
    api: &InternalApi,
    campaign_id: Uuid,
    percent: Percent,
    last_attempt: bool,
) -> Result<(), JobError> {
    let desired = api
        .get_desired_promotions(campaign_id)
        .await
        .map_err(|error| api_failure("reading the desired promotions", error))?;
    let Some(item) = desired
        .items
        .into_iter()
        .find(|item| item.discount_percent == percent)
    else {
        tracing::info!(campaign.id = %campaign_id, "the campaign has no promotion at this percent; nothing to do");
        return Ok(());
    };
    let revision = item.sync_revision;
    let mut known_id = item.vtex_promotion_id.clone();
    let pushed = match tokio::time::timeout(
        WORK_TIMEOUT,
        push(ctx, campaign_id, &item, &mut known_id),
    )
    .await
    {
        Ok(result) => result,
        Err(_) => Err(JobError::Transient(anyhow!(
            "the promotion sync took longer than {WORK_TIMEOUT:?}"
        ))),
    };
    match pushed {
        Ok(vtex_id) => {
            let report = PromotionSyncResult {
                discount_percent: percent,
                sync_revision: revision,
                success: true,
                vtex_promotion_id: Some(vtex_id),
                error: None,
                permanent: false,
            };
            report_with_retries("reporting the promotion sync", || {
                api.report_promotion_sync(campaign_id, &report)
            })
            .await
        }
        Err(error) => {
            let report = PromotionSyncResult {
                discount_percent: percent,
                sync_revision: revision,
                success: false,
                vtex_promotion_id: known_id,
                error: Some(failure_text(&error)),
                permanent: !error.is_transient() || last_attempt,
            };
            if let Err(report_error) = api.report_promotion_sync(campaign_id, &report).await {
                tracing::warn!(campaign.id = %campaign_id, error = %report_error, "could not report the failed promotion sync");
            }
            Err(error)
        }
    }
}

/// Creates or updates the promotion, reads it back and compares; returns its VTEX id.
/// `known_id` ends holding the id VTEX assigned, even when a later step fails.
async fn push(
    ctx: &WorkerCtx,
    campaign_id: Uuid,
    item: &DesiredPromotion,
    known_id: &mut Option<String>,
) -> Result<String, JobError> {
    let key = IdempotencyKey::promotion(
        campaign_id,
        item.discount_percent.value(),
        i64::from(item.sync_revision),
    );
    let mut body = vtex_body(item);
    let saved = match ctx.vtex.upsert_promotion(&body, &key).await {
        Err(VtexError::NotFound) if body.id_calculator_configuration.is_some() => {
            // The stored id no longer exists at VTEX (deleted by hand): create it anew.
            tracing::warn!(campaign.id = %campaign_id, "the stored VTEX promotion is gone; creating it again");
            body.id_calculator_configuration = None;
            ctx.vtex.upsert_promotion(&body, &key).await
        }
        other => other,
    }
    .map_err(|error| vtex_failure("promotion upsert", error))?;
    let vtex_id = saved
        .id_calculator_configuration
        .filter(|id| !id.trim().is_empty())
        .or_else(|| body.id_calculator_configuration.clone())
        .ok_or_else(|| {
            JobError::Permanent(anyhow!(
                "VTEX answered the promotion upsert without idCalculatorConfiguration"
            ))
        })?;
    *known_id = Some(vtex_id.clone());
    let read = ctx
        .vtex
        .get_promotion(&vtex_id)
        .await
        .map_err(|error| vtex_failure("promotion read-back", error))?
        .ok_or_else(|| {
            JobError::Transient(anyhow!("VTEX does not show promotion {vtex_id} yet"))
        })?;
    check(&body, &read)?;
    Ok(vtex_id)
}

fn refs(ids: &[VtexIdRef]) -> Vec<IdRef> {
    ids.iter().map(|r| IdRef::new(r.id.clone())).collect()
}

/// The VTEX body of a desired promotion (`vtex.md` §5.2 table).
pub(crate) fn vtex_body(item: &DesiredPromotion) -> Promotion {
    let desired = &item.desired;
    Promotion {
        id_calculator_configuration: item.vtex_promotion_id.clone(),
        name: desired.name.clone(),
        description: desired.description.clone(),
        begin_date_utc: desired.begin_date_utc,
        end_date_utc: Some(desired.end_date_utc),
        is_active: desired.is_active,
        kind: "regular".into(),
        discount_type: "percentual".into(),
        percentual_discount_value: desired.percentual_discount_value.value(),
        utm_campaign: Some(desired.utm_campaign.clone()),
        utm_source: None,
        cumulative: desired.cumulative,
        max_usage: i64::from(desired.max_usage),
        ids_sales_channel: desired.ids_sales_channel.clone(),
        brands: refs(&desired.brands),
        categories: refs(&desired.categories),
        skus: refs(&desired.skus),
        extra: Map::new(),
    }
}

fn ids(list: &[IdRef]) -> Vec<&str> {
    let mut ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids
}

/// What was read back must match what matters for discounts: activation key, state, value, scope.
fn check(sent: &Promotion, read: &Promotion) -> Result<(), JobError> {
    let same = read.utm_campaign == sent.utm_campaign
        && read.is_active == sent.is_active
        && read.percentual_discount_value == sent.percentual_discount_value
        && ids(&read.brands) == ids(&sent.brands)
        && ids(&read.categories) == ids(&sent.categories)
        && ids(&read.skus) == ids(&sent.skus);
    if same {
        Ok(())
    } else {
        Err(JobError::Transient(anyhow!(
            "the promotion read back from VTEX differs from the one sent"
        )))
    }
}
