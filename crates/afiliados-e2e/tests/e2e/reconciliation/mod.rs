//! Reconciliation end to end (issue 12, `domain.md` §5.16, ADR 0070): runs started through
//! `POST /api/v1/vtex/reconciliations/run` (and the daily tick's job) and executed by the real
//! worker against the VTEX sandbox and the real api, one file per story.

mod paging;
mod scoping;
pub(crate) mod stack;
mod tolerance;
mod vtex_faults;
mod worked_examples;
