//! The `afiliados:coupons` queue: `SyncCoupon` and `SyncPromotion` share it (`api.md` §21.1);
//! its task enum dispatches on the `job` tag.
//!
//! Also the failure classification both syncs share: VTEX network errors, timeouts, 429 and 5xx
//! are transient (the VTEX client already retried inside the call); any other 4xx, `Unauthorized`
//! (every credential refused) and unexpected answers are permanent. From the api, 5xx and
//! unreachable are transient, 4xx permanent.

use std::time::Duration;

use afiliados_api_client::ApiClientError;
use afiliados_jobs::{CouponsTask, queues};
use afiliados_vtex::VtexError;
use anyhow::anyhow;
use apalis::prelude::TaskId;

use crate::{
    JobError, WorkerCtx,
    jobs::{Consumer, sync_coupon, sync_promotion},
};

/// Bound on one attempt (the api reads and reports, and up to about a dozen VTEX calls of at
/// most `1 + VTEX_MAX_RETRIES` tries each).
pub const TIMEOUT: Duration = Duration::from_secs(150);
/// Bound on the sync itself inside an attempt, so a slow VTEX still leaves time to report.
pub(crate) const WORK_TIMEOUT: Duration = Duration::from_secs(120);

impl Consumer for CouponsTask {
    const WORKER: &'static str = "coupons";
    const TIMEOUT: Duration = TIMEOUT;

    fn span(&self, task_id: &TaskId, attempt: usize) -> tracing::Span {
        match self {
            CouponsTask::SyncCoupon(job) => {
                tracing::info_span!("sync_coupon", job.queue = queues::COUPONS, job.id = %task_id, job.attempt = attempt, code.id = %job.code_id)
            }
            CouponsTask::SyncPromotion(job) => {
                tracing::info_span!("sync_promotion", job.queue = queues::COUPONS, job.id = %task_id, job.attempt = attempt, campaign.id = %job.campaign_id)
            }
        }
    }

    async fn handle(
        self,
        ctx: &WorkerCtx,
        attempt: usize,
        request_id: String,
    ) -> Result<(), JobError> {
        match self {
            CouponsTask::SyncCoupon(job) => {
                sync_coupon::handle(job, ctx, attempt, request_id).await
            }
            CouponsTask::SyncPromotion(job) => {
                sync_promotion::handle(job, ctx, attempt, request_id).await
            }
        }
    }
}

/// A VTEX failure during `step`, classified.
pub(crate) fn vtex_failure(step: &str, error: VtexError) -> JobError {
    if matches!(
        error,
        VtexError::AllCredentialsRejected { .. } | VtexError::NoUsableCredential
    ) {
        // The vtex_auth alert's signal: operations must fix the credentials.
        tracing::error!(vtex.step = step, "every VTEX credential was refused");
    }
    let transient = error.is_transient();
    let error = anyhow!(error).context(format!("VTEX {step}"));
    if transient {
        JobError::Transient(error)
    } else {
        JobError::Permanent(error)
    }
}

/// An api failure during `step`, classified.
pub(crate) fn api_failure(step: &str, error: ApiClientError) -> JobError {
    let transient = error.is_transient();
    let error = anyhow!(error).context(format!("api {step}"));
    if transient {
        JobError::Transient(error)
    } else {
        JobError::Permanent(error)
    }
}

/// The failure's text for `last_sync_error`: the cause chain without the classification prefix.
pub(crate) fn failure_text(error: &JobError) -> String {
    let inner = match error {
        JobError::Transient(inner) | JobError::Permanent(inner) => inner,
    };
    format!("{inner:#}").chars().take(1000).collect()
}

/// Tries a result report a few times: once VTEX holds the state, losing the report only costs
/// a repeat of the (idempotent) sync, but a quick retry usually saves it.
pub(crate) async fn report_with_retries<F, Fut>(step: &str, mut report: F) -> Result<(), JobError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), ApiClientError>>,
{
    const TRIES: u32 = 3;
    let mut try_number = 1;
    loop {
        match report().await {
            Ok(()) => return Ok(()),
            Err(error) if error.is_transient() && try_number < TRIES => {
                tokio::time::sleep(Duration::from_millis(500 * u64::from(try_number))).await;
                try_number += 1;
            }
            Err(error) => return Err(api_failure(step, error)),
        }
    }
}

/// The job fails at once when the worker is stopping, so the task goes back to the queue.
pub(crate) fn refuse_while_stopping(ctx: &WorkerCtx) -> Result<(), JobError> {
    if ctx.is_shutting_down() {
        Err(JobError::Transient(anyhow!(
            "the worker is shutting down; the task goes back to the queue"
        )))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vtex_failures_are_classified() {
        assert!(vtex_failure("upsert", VtexError::Server { status: 503 }).is_transient());
        assert!(
            vtex_failure("upsert", VtexError::RateLimited { retry_after: None }).is_transient()
        );
        assert!(vtex_failure("upsert", VtexError::Timeout { timeout_ms: 5 }).is_transient());
        for permanent in [
            VtexError::Client {
                status: 400,
                body: "bad".into(),
            },
            VtexError::NotFound,
            VtexError::AllCredentialsRejected {
                status: 401,
                tried: 2,
            },
        ] {
            assert!(!vtex_failure("upsert", permanent).is_transient());
        }
        let text = failure_text(&vtex_failure("upsert", VtexError::Server { status: 502 }));
        assert_eq!(text, "VTEX upsert: VTEX answered 502");
    }
}
