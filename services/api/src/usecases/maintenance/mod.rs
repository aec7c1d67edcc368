//! The daily maintenance (`domain.md` §4.3, §4.4, §5.18): end campaigns past their end date,
//! recompute every code's derived status for the day, remind staff of ARCO requests about to fall
//! due, and delete expired password tokens and `Idempotency-Key` answers.
//!
//! Each step is a use case on the caller's transaction, cut so the caller can commit often: one
//! campaign ([`end_campaigns::end`]), one batch of codes ([`recompute_codes::batch`]), the
//! reminders ([`arco_reminders::remind`]), the purge ([`purge::expired_tokens`]). The caller —
//! the worker-triggered `POST /internal/v1/maintenance/daily` — runs each in its own
//! transaction, so the sweep never holds thousands of row locks for long. Every step is
//! idempotent: a second run for the same date changes nothing.

pub mod arco_reminders;
pub mod end_campaigns;
pub mod purge;
pub mod recompute_codes;

/// The actor recorded in history and audit rows.
pub const ACTOR: &str = "system:daily_maintenance";

/// A row count as the report's integer.
pub fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}
