//! Reconciliation against VTEX (`domain.md` §4.9, §5.16; `api.md` §19, §21.5).

pub mod compare;
pub mod counters;
pub mod deep_check;
pub mod detect;
pub mod finish;
pub mod recheck;
pub mod representation;
pub mod resolution;
pub mod stage;
pub mod start;
pub mod summary_emails;
