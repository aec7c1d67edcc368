//! Retries: exponential backoff from 2 s doubling to 5 min with ±20 % jitter (`api.md` §21.1),
//! capped per queue by the worker itself.
//!
//! Retries happen in-process through apalis's retry layer with [`JobRetryPolicy`], so the delay is
//! ours; apalis-redis's own re-scheduling (`timestamp + attempt` seconds, up to 25 times) only
//! applies when a task leaves the worker still failing, which happens at shutdown. This is the
//! one retry clock (ADR 0014): the jitter of a task's attempt is derived from its id
//! ([`Backoff::delay_for`]), so a handler can tell the api when the next attempt will run and
//! the policy then waits exactly that long.

use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::time::Duration;

use apalis::{
    layers::retry::Policy,
    prelude::{BoxDynError, Task, WorkerContext},
};
use futures::{FutureExt as _, future::BoxFuture};
use tokio::sync::watch;

use crate::JobError;

/// Delay after the first failed attempt.
pub const BACKOFF_BASE: Duration = Duration::from_secs(2);
/// Longest delay between two attempts.
pub const BACKOFF_MAX: Duration = Duration::from_secs(300);
/// Relative jitter applied to every delay.
pub const BACKOFF_JITTER: f64 = 0.2;

/// The exponential backoff between a job's attempts: `base` doubling up to `max`, ±20 % jitter.
/// Production uses [`BACKOFF_BASE`] and [`BACKOFF_MAX`] (`WORKER_RETRY_BASE_MS`,
/// `WORKER_RETRY_MAX_MS`); tests shorten both through configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Delay after the first failed attempt.
    pub base: Duration,
    /// Longest delay.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            base: BACKOFF_BASE,
            max: BACKOFF_MAX,
        }
    }
}

impl Backoff {
    /// The delay after failed attempt number `attempt` (1-based) before the next one, with
    /// `jitter` in `[-1, 1]` scaled to ±[`BACKOFF_JITTER`].
    pub fn delay(self, attempt: usize, jitter: f64) -> Duration {
        let exponent = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX)
            .min(16);
        let nominal = self.base.saturating_mul(1 << exponent).min(self.max);
        nominal.mul_f64(1.0 + BACKOFF_JITTER * jitter.clamp(-1.0, 1.0))
    }

    /// [`Backoff::delay`] with a random jitter.
    pub fn random_delay(self, attempt: usize) -> Duration {
        self.delay(attempt, rand::random_range(-1.0..=1.0))
    }

    /// [`Backoff::delay`] with a jitter derived from `task` (the task id) and `attempt`: spread
    /// like a random one across tasks, but the same every time it is asked for one attempt, so the
    /// handler that reports the failure and the retry policy that waits agree.
    pub fn delay_for(self, task: &str, attempt: usize) -> Duration {
        let mut hasher = DefaultHasher::new();
        task.hash(&mut hasher);
        attempt.hash(&mut hasher);
        // 2001 steps from -1.0 to 1.0.
        let step = hasher.finish() % 2001;
        let jitter = (step as f64 - 1000.0) / 1000.0;
        self.delay(attempt, jitter)
    }
}

/// The production delay after failed attempt number `attempt` (1-based), with `jitter` in
/// `[-1, 1]`: 2 s, 4 s, 8 s … capped at 5 min, then jittered.
pub fn backoff(attempt: usize, jitter: f64) -> Duration {
    Backoff::default().delay(attempt, jitter)
}

/// [`backoff`] with a random jitter.
pub fn random_backoff(attempt: usize) -> Duration {
    Backoff::default().random_delay(attempt)
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Try again after this delay.
    RetryAfter(Duration),
    /// Stop: the failure is permanent or the cap is reached.
    GiveUp,
}

/// After attempt number `attempt` (1-based) failed: retry a transient failure while the attempts
/// made stay below `max_attempts`, after the production backoff.
pub fn decide(attempt: usize, max_attempts: usize, transient: bool) -> Decision {
    decide_with(Backoff::default(), attempt, max_attempts, transient)
}

/// [`decide`] with a given backoff.
pub fn decide_with(
    backoff: Backoff,
    attempt: usize,
    max_attempts: usize,
    transient: bool,
) -> Decision {
    if transient && attempt < max_attempts {
        Decision::RetryAfter(backoff.random_delay(attempt))
    } else {
        Decision::GiveUp
    }
}

/// Whether attempt number `attempt` is the last one allowed.
pub fn is_last_attempt(attempt: usize, max_attempts: usize) -> bool {
    attempt >= max_attempts
}

/// The retry policy of every queue: transient [`JobError`]s only, below the cap, never while
/// shutting down; the backoff sleep ends early at shutdown so the task can be released.
#[derive(Debug, Clone)]
pub struct JobRetryPolicy {
    max_attempts: usize,
    backoff: Backoff,
    shutdown: watch::Receiver<bool>,
}

impl JobRetryPolicy {
    /// A policy for a queue with cap `max_attempts` and the production backoff; `shutdown` turns
    /// `true` when the worker stops.
    pub fn new(max_attempts: usize, shutdown: watch::Receiver<bool>) -> JobRetryPolicy {
        JobRetryPolicy::with_backoff(max_attempts, Backoff::default(), shutdown)
    }

    /// The same with a given backoff (`Settings::retry`).
    pub fn with_backoff(
        max_attempts: usize,
        backoff: Backoff,
        shutdown: watch::Receiver<bool>,
    ) -> JobRetryPolicy {
        JobRetryPolicy {
            max_attempts,
            backoff,
            shutdown,
        }
    }
}

impl<T: Clone, Res> Policy<Task<T>, Res, BoxDynError> for JobRetryPolicy {
    type Future = BoxFuture<'static, ()>;

    fn retry(
        &mut self,
        task: &mut Task<T>,
        result: &mut Result<Res, BoxDynError>,
    ) -> Option<Self::Future> {
        let Err(error) = result else { return None };
        let stopping = *self.shutdown.borrow()
            || task
                .data()
                .get::<WorkerContext>()
                .is_none_or(WorkerContext::is_shutting_down);
        if stopping {
            return None;
        }
        let attempt = task.attempt();
        match decide_with(
            self.backoff,
            attempt,
            self.max_attempts,
            JobError::is_transient_boxed(error),
        ) {
            Decision::GiveUp => None,
            Decision::RetryAfter(random) => {
                // The task's own delay, which its handler may have reported; a task without an
                // id (never from Redis) keeps the random one.
                let delay = task.task_id().map_or(random, |id| {
                    self.backoff.delay_for(&id.to_string(), attempt)
                });
                let mut shutdown = self.shutdown.clone();
                Some(
                    async move {
                        tokio::select! {
                            () = tokio::time::sleep(delay) => {}
                            _ = shutdown.wait_for(|stopping| *stopping) => {}
                        }
                    }
                    .boxed(),
                )
            }
        }
    }

    fn clone_request(&mut self, task: &Task<T>) -> Option<Task<T>> {
        Some(task.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_two_seconds_to_five_minutes() {
        let nominal: Vec<u64> = (1..=10)
            .map(|attempt| backoff(attempt, 0.0).as_secs())
            .collect();
        assert_eq!(nominal, [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(
            backoff(0, 0.0),
            BACKOFF_BASE,
            "attempt 0 is treated as the first"
        );
        assert_eq!(backoff(usize::MAX, 0.0), BACKOFF_MAX, "no overflow");
    }

    #[test]
    fn jitter_stays_within_twenty_percent() {
        assert_eq!(backoff(1, -1.0), Duration::from_millis(1600));
        assert_eq!(backoff(1, 1.0), Duration::from_millis(2400));
        assert_eq!(
            backoff(9, 5.0),
            Duration::from_secs(360),
            "jitter input is clamped"
        );
        for attempt in 1..=12 {
            let nominal = backoff(attempt, 0.0);
            for _ in 0..200 {
                let delay = random_backoff(attempt);
                assert!(
                    delay >= nominal.mul_f64(0.8) && delay <= nominal.mul_f64(1.2),
                    "{attempt}: {delay:?}"
                );
            }
        }
    }

    #[test]
    fn transient_failures_retry_until_the_cap() {
        assert!(matches!(decide(1, 10, true), Decision::RetryAfter(_)));
        assert!(matches!(decide(9, 10, true), Decision::RetryAfter(_)));
        assert_eq!(decide(10, 10, true), Decision::GiveUp);
        assert_eq!(
            decide(25, 10, true),
            Decision::GiveUp,
            "beyond apalis-redis's own 25"
        );
        assert_eq!(
            decide(1, 10, false),
            Decision::GiveUp,
            "permanent failures never retry"
        );
        assert!(is_last_attempt(10, 10) && !is_last_attempt(9, 10));
    }

    #[test]
    fn a_tasks_delay_is_the_same_each_time_and_jittered_across_tasks() {
        let backoff = Backoff::default();
        for attempt in 1..=10 {
            let nominal = backoff.delay(attempt, 0.0);
            let first = backoff.delay_for("task-a", attempt);
            assert_eq!(first, backoff.delay_for("task-a", attempt));
            assert!(
                first >= nominal.mul_f64(0.8) && first <= nominal.mul_f64(1.2),
                "{attempt}: {first:?}"
            );
        }
        let spread: std::collections::HashSet<Duration> = (0..50)
            .map(|task| backoff.delay_for(&format!("task-{task}"), 3))
            .collect();
        assert!(spread.len() > 10, "the jitter spreads tasks: {spread:?}");
    }

    #[test]
    fn a_configured_backoff_doubles_from_its_own_base() {
        let fast = Backoff {
            base: Duration::from_millis(10),
            max: Duration::from_millis(50),
        };
        let nominal: Vec<u128> = (1..=5)
            .map(|attempt| fast.delay(attempt, 0.0).as_millis())
            .collect();
        assert_eq!(nominal, [10, 20, 40, 50, 50]);
        assert!(matches!(
            decide_with(fast, 1, 8, true),
            Decision::RetryAfter(delay) if delay <= Duration::from_millis(12)
        ));
    }
}
