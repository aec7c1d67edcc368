//! Reconciliation against VTEX (`domain.md` §4.9, §5.16; `api.md` §19, §21.5).

pub mod accept;
pub mod escalate;
pub mod list;
pub mod record;
pub mod report;
pub mod representation;
pub mod reprocess;
pub mod resolution;
pub mod run_adhoc;
