//! The daily maintenance (`domain.md` §4.3, §4.4, §5.18): end campaigns past their end date,
//! recompute every code's derived status for the day, remind staff of ARCO requests about to fall
//! due, and delete expired password tokens.
//!
//! Unlike other use cases these open their own transactions — one per step, one per campaign and
//! one per batch of codes — so the sweep never holds thousands of row locks for long. Every step
//! is idempotent: a second run for the same date changes nothing.

mod arco_reminders;
pub mod daily;
mod end_campaigns;
mod recompute_codes;

/// The actor recorded in history and audit rows.
pub const ACTOR: &str = "system:daily_maintenance";
