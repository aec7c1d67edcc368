//! One module per job with its `handle` (the logic, testable without apalis), one [`Consumer`]
//! impl per queue (which job a task is, its span and its attempt bound), and the one
//! [`register`] every queue goes through: the same apalis stack for all of them.

pub mod backups;
pub mod coupons;
pub mod daily_maintenance;
pub mod data_retention;
pub mod escalation;
pub mod fetch_vtex_order;
pub mod ingest_vtex_order;
pub mod operational_checks;
pub mod poll_vtex_feed;
pub mod reconcile_vtex_range;
pub mod scheduled;
pub mod send_email;
pub mod settlement;
pub mod start_reconciliation;
pub mod sync_coupon;
pub mod sync_promotion;
pub mod tier_evaluation;
pub mod vtex_orders;

use std::{future::Future, panic::AssertUnwindSafe, time::Duration, time::Instant};

use afiliados_jobs::QueueTask;
use apalis::prelude::*;
use futures::FutureExt as _;
use tracing::Instrument as _;

use crate::{
    JobError, WorkerCtx,
    metrics::{self, Outcome},
    monitor::Deps,
    retry,
};

/// A queue this worker consumes: its task enum (from `afiliados-jobs`, which holds the queue
/// name and the attempt cap) plus what the worker needs to run one attempt of any of its tasks.
pub(crate) trait Consumer: QueueTask {
    /// The prefix of the apalis worker's name (`emails`, `coupons`, `vtex_orders`, `scheduled`).
    const WORKER: &'static str;
    /// Bound on one attempt.
    const TIMEOUT: Duration;

    /// The attempt's span, named after the job and carrying its domain ids.
    fn span(&self, task_id: &TaskId, attempt: usize) -> tracing::Span;

    /// One attempt of the task (dispatching on its job).
    fn handle(
        self,
        ctx: &WorkerCtx,
        attempt: usize,
        request_id: String,
    ) -> impl Future<Output = Result<(), JobError>> + Send;
}

/// Adds queue `Q`'s worker to the monitor with the stack every queue shares: the queue's storage
/// polled at the configured interval, `concurrency` jobs at once, retries of transient
/// failures with backoff below the queue's cap (never while shutting down), apalis's tracing, and
/// per attempt ([`run`]) a span, a timeout, panic capture, the cap and metrics.
pub(crate) fn register<Q: Consumer>(monitor: Monitor, deps: Deps, concurrency: usize) -> Monitor {
    monitor.register(move |restarts| {
        let backend =
            afiliados_jobs::storage_with::<Q>(deps.conn.clone(), &deps.namespace, deps.liveness)
                .poll_with_interval(deps.poll_interval);
        WorkerBuilder::new(deps.worker_name(Q::WORKER, restarts))
            .backend(backend)
            .data(deps.ctx.clone())
            .concurrency(concurrency)
            .retry(retry::JobRetryPolicy::with_backoff(
                Q::MAX_ATTEMPTS,
                deps.ctx.retry,
                deps.ctx.shutdown.clone(),
            ))
            .enable_tracing()
            .build(run::<Q>)
    })
}

/// The apalis entry point of every queue.
async fn run<Q: Consumer>(
    task: Q,
    ctx: Data<WorkerCtx>,
    attempt: Attempt,
    task_id: TaskId,
) -> Result<(), BoxDynError> {
    let attempt = attempt.current();
    let span = task.span(&task_id, attempt);
    let work = task.handle(&ctx, attempt, task_id.to_string());
    instrumented(Q::QUEUE, Q::MAX_ATTEMPTS, attempt, Q::TIMEOUT, work)
        .instrument(span)
        .await
}

/// One attempt with the stack every job shares: a timeout, panic capture, the attempt cap, metrics
/// and one log line. Returns what apalis expects (permanent failures as `AbortError`).
pub(crate) async fn instrumented<F>(
    queue: &'static str,
    max_attempts: usize,
    attempt: usize,
    timeout: Duration,
    job: F,
) -> Result<(), BoxDynError>
where
    F: Future<Output = Result<(), JobError>>,
{
    let started = Instant::now();
    let result = match tokio::time::timeout(timeout, AssertUnwindSafe(job).catch_unwind()).await {
        Ok(Ok(result)) => result,
        Ok(Err(_panic)) => Err(JobError::Transient(anyhow::anyhow!("the handler panicked"))),
        Err(_elapsed) => Err(JobError::Transient(anyhow::anyhow!(
            "the attempt timed out after {timeout:?}"
        ))),
    };
    // At the cap even a transient failure is final: apalis-redis would otherwise re-schedule it.
    let result = match result {
        Err(JobError::Transient(error)) if retry::is_last_attempt(attempt, max_attempts) => Err(
            JobError::Permanent(error.context(format!("attempt cap of {max_attempts} reached"))),
        ),
        other => other,
    };
    let outcome = match &result {
        Ok(()) => Outcome::Succeeded,
        Err(JobError::Transient(_)) => Outcome::Retried,
        Err(JobError::Permanent(_)) => Outcome::Failed,
    };
    metrics::record(queue, outcome, started.elapsed());
    match &result {
        Ok(()) => tracing::info!(job.attempt = attempt, "job succeeded"),
        Err(error @ JobError::Transient(_)) => {
            tracing::warn!(job.attempt = attempt, error = %error, "job failed, will retry")
        }
        Err(error @ JobError::Permanent(_)) => {
            tracing::error!(job.attempt = attempt, error = %error, "job failed for good")
        }
    }
    result.map_err(JobError::into_apalis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn timeouts_panics_and_the_cap_are_classified() {
        let slow = instrumented("t", 3, 1, Duration::from_millis(10), async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(())
        })
        .await;
        assert!(slow.is_err_and(|error| JobError::is_transient_boxed(&error)));

        let panicking =
            instrumented("t", 3, 1, Duration::from_secs(1), async { panic!("bug") }).await;
        assert!(panicking.is_err_and(|error| JobError::is_transient_boxed(&error)));

        let at_cap = instrumented("t", 3, 3, Duration::from_secs(1), async {
            Err(JobError::Transient(anyhow::anyhow!("smtp down")))
        })
        .await;
        let error = at_cap
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(
            error.starts_with("AbortError") && error.contains("attempt cap of 3 reached"),
            "{error}"
        );

        assert!(
            instrumented("t", 3, 1, Duration::from_secs(1), async { Ok(()) })
                .await
                .is_ok()
        );
    }
}
