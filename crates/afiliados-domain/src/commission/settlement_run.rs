//! The vocabulary of a stored settlement run (`domain.md` §3.7): who started it, where it stands
//! and which of its three lists an item is on.

use crate::text_enum::text_enum;

text_enum! {
    /// `settlement_runs.source`.
    pub enum SettlementSource {
        /// The worker's `SETTLEMENT_CRON` tick (`POST /internal/v1/settlements/run`).
        Schedule = "schedule",
        /// A finance user or an administrator (`POST /commissions/settlements/run`).
        Manual = "manual",
    }
}

text_enum! {
    /// `settlement_runs.status`.
    pub enum SettlementStatus {
        /// Inside its transaction.
        Running = "running",
        /// Finished and committed.
        Completed = "completed",
        /// Stopped by an error.
        Failed = "failed",
    }
}

text_enum! {
    /// `settlement_run_items.list`: the report list an item belongs to.
    pub enum SettlementList {
        /// Confirmed by the run.
        Confirmed = "confirmed",
        /// Reverted by the safety sweep.
        Reverted = "reverted",
        /// Left estimated, with a pending reason.
        Pending = "pending",
    }
}
