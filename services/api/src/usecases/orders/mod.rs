//! Orders from VTEX (`domain.md` §5.6–5.10, §5.13): [`ingest`] is the only way orders, lines,
//! attribution, commissions, ledger entries and code usage change from VTEX data.

pub mod attribution;
pub mod commission;
pub mod explain;
pub mod ingest;
pub mod ledger;
pub mod lines;
pub mod read;
pub mod refetch;
pub mod representation;
pub mod validate;

/// `triggered_by` / `created_by` of what ingestion writes.
pub const INGEST_ACTOR: &str = "system:ingest";
