//! One module per job: `handle` (the logic, testable without apalis), `run` (the apalis entry
//! point) and `register` (adds its worker to the monitor with the shared stack).

pub mod coupons;
pub mod daily_maintenance;
pub mod scheduled;
pub mod send_email;
pub mod sync_coupon;
pub mod sync_promotion;

use std::{future::Future, panic::AssertUnwindSafe, time::Duration, time::Instant};

use apalis::prelude::BoxDynError;
use futures::FutureExt as _;

use crate::{
    JobError,
    metrics::{self, Outcome},
    retry,
};

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
