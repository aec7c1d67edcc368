//! Settlement (`domain.md` §5.12, `api.md` §10, §21.6): a run at instant `E` confirms every due
//! estimated commission, reverts what the safety sweep finds, lists the rest as pending, and
//! stores the report (`settlement_runs` + `settlement_run_items`).
//!
//! [`run::run`] is the one entry point for the manual endpoint and the worker's schedule. It is
//! set-based: the decision of `afiliados_domain::commission::settle` runs as one `INSERT …
//! SELECT` over the tenant's candidates, and confirmations, transitions, ledger entries and
//! balances are each one statement over the stored list — a run's cost is a handful of
//! statements whatever the number of commissions. Only the sweep (normally empty) goes commission
//! by commission, because a reversal from `confirmed` follows the clawback rule (§5.13.3).

pub mod csv;
pub mod read;
pub mod report;
pub mod run;
mod sweep;

use afiliados_domain::Role;

/// `triggered_by` of scheduled runs and `created_by` of what any run writes for the system.
pub const SCHEDULE_ACTOR: &str = "system:settlement";

/// Who may run and read settlements: finance and the platform administrators.
pub const RUNNERS: [Role; 2] = [Role::Finance, Role::AdminDentsu];

/// Items each list of an answer carries; the CSV has all of them.
pub const LIST_CAP: i64 = 1_000;
