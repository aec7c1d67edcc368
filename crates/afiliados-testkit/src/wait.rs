//! Bounded waits instead of fixed sleeps.
//!
//! - A **positive** wait ("the worker will report the e-mail") polls until the thing happened and
//!   fails after a generous deadline: [`eventually`]. A slow machine only makes it slower, never
//!   wrong.
//! - A **negative** wait ("no retry will follow") cannot be proven by waiting. Prefer a
//!   deterministic signal that the system is done — the task is in the dead set, a later marker
//!   job was processed, the relay recorded its failed push — and assert once. When there is no such
//!   signal, [`quiet_for`] watches for a bounded period; the caller chooses the period from the
//!   system's own timing (a retry delay, a poll interval) and says so next to the call.

use std::future::Future;
use std::time::{Duration, Instant};

/// How often a probe is asked again.
pub const POLL_EVERY: Duration = Duration::from_millis(50);

/// A positive wait ran out of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedOut {
    /// The deadline that passed.
    pub after: Duration,
}

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the awaited condition did not hold within {:?}",
            self.after
        )
    }
}

impl std::error::Error for TimedOut {}

/// Asks `probe` every [`POLL_EVERY`] until it returns `Some`, and returns that value; fails with
/// [`TimedOut`] once `within` has passed (the probe is asked one last time at the deadline).
///
/// ```ignore
/// let row = eventually(Duration::from_secs(30), || async {
///     stack.code(id).await.ok().filter(|row| row.status == "synced")
/// })
/// .await?;
/// ```
pub async fn eventually<T, Fut>(
    within: Duration,
    mut probe: impl FnMut() -> Fut,
) -> Result<T, TimedOut>
where
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(value) = probe().await {
            return Ok(value);
        }
        if Instant::now() >= deadline {
            return Err(TimedOut { after: within });
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// Something happened during a quiet period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotQuiet {
    /// What the probe saw.
    pub what: String,
    /// How far into the period it was seen.
    pub after: Duration,
}

impl std::fmt::Display for NotQuiet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (after {:?} of quiet)", self.what, self.after)
    }
}

impl std::error::Error for NotQuiet {}

/// A negative wait: asks `happened` every [`POLL_EVERY`] for `period` and fails at once with
/// what it reports when it reports something.
///
/// Why a bound is enough is the caller's argument and belongs next to the call: the period must
/// cover the longest delay after which the unwanted thing would show up (e.g. "the job backoff is
/// at most 200 ms and the worker polls every 500 ms, so a retry would be visible within 1 s").
/// Prefer a deterministic signal when the system offers one (see the module's documentation).
pub async fn quiet_for<Fut>(
    period: Duration,
    mut happened: impl FnMut() -> Fut,
) -> Result<(), NotQuiet>
where
    Fut: Future<Output = Option<String>>,
{
    let started = Instant::now();
    let deadline = started + period;
    loop {
        if let Some(what) = happened().await {
            return Err(NotQuiet {
                what,
                after: started.elapsed(),
            });
        }
        if Instant::now() >= deadline {
            return Ok(());
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn eventually_returns_the_first_value_and_times_out_at_the_deadline() {
        let asked = AtomicU32::new(0);
        let third = eventually(Duration::from_secs(1), || async {
            let n = asked.fetch_add(1, Ordering::SeqCst) + 1;
            (n == 3).then_some(n)
        })
        .await;
        assert_eq!(third, Ok(3));

        let never = eventually(Duration::from_millis(200), || async { None::<()> }).await;
        assert_eq!(
            never,
            Err(TimedOut {
                after: Duration::from_millis(200)
            })
        );
    }

    #[tokio::test(start_paused = true)]
    async fn quiet_for_passes_when_nothing_happens_and_fails_as_soon_as_something_does() {
        assert_eq!(
            quiet_for(Duration::from_millis(300), || async { None }).await,
            Ok(())
        );
        let asked = AtomicU32::new(0);
        let noisy = quiet_for(Duration::from_secs(10), || async {
            (asked.fetch_add(1, Ordering::SeqCst) == 2).then(|| "a retry".to_owned())
        })
        .await
        .unwrap_err();
        assert_eq!(noisy.what, "a retry");
        assert!(noisy.after < Duration::from_secs(1), "fails fast: {noisy}");
    }
}
