//! Reconciliation against VTEX (`domain.md` §4.9, §5.16; `api.md` §19, §21.5).

pub mod accept;
pub mod compare;
pub mod counters;
pub mod deep_check;
pub mod detect;
pub mod escalate;
pub mod finish;
pub mod list;
pub mod recheck;
pub mod record;
pub mod report;
pub mod representation;
pub mod reprocess;
pub mod resolution;
pub mod run_adhoc;
pub mod stage;
pub mod start;
pub mod summary_emails;
