//! Queue names and their attempt caps (`api.md` §21.1).
//!
//! Names are explicit: apalis's default queue name is the payload's `type_name`, which changes
//! whenever a module moves and would strand queued jobs. Tests prepend a per-test namespace.
//! Caps are enforced by the worker itself, because apalis-redis's result script re-schedules a
//! failed task up to a hard-coded 25 times whatever the task's `max_attempts` says.

/// E-mail delivery (`SendEmail`).
pub const EMAILS: &str = "afiliados:emails";
/// Attempts before an e-mail job is reported failed and left in the dead set.
pub const EMAILS_MAX_ATTEMPTS: usize = 10;

/// VTEX coupon and promotion syncs (`SyncCoupon`, `SyncPromotion`).
pub const COUPONS: &str = "afiliados:coupons";
/// Attempts before a coupon sync is reported failed.
pub const COUPONS_MAX_ATTEMPTS: usize = 8;

/// VTEX order ingestion (`IngestVtexOrder`, `FetchVtexOrder`).
pub const VTEX_ORDERS: &str = "afiliados:vtex_orders";
/// Attempts before an order ingestion is reported failed.
pub const VTEX_ORDERS_MAX_ATTEMPTS: usize = 10;

/// Scheduled domain work enqueued by cron ticks (`RunDailyMaintenance`, `RunSettlement`, `EvaluateDueTiers`, …).
/// Its payloads share one shape, `{scheduledAt}`, so each carries a `job` tag with its name.
pub const SCHEDULED: &str = "afiliados:scheduled";
/// Attempts before a scheduled run is reported failed.
pub const SCHEDULED_MAX_ATTEMPTS: usize = 3;

/// Reconciliation runs against VTEX (`ReconcileVtexRange`).
pub const RECONCILIATION: &str = "afiliados:reconciliation";
/// Attempts before a reconciliation run is reported failed.
pub const RECONCILIATION_MAX_ATTEMPTS: usize = 5;

/// Encrypted database backups (`RunBackup`).
pub const BACKUPS: &str = "afiliados:backups";
/// Attempts before a backup run is reported failed.
pub const BACKUPS_MAX_ATTEMPTS: usize = 3;

/// Every queue, in the order the operational checks report them.
pub const ALL: [&str; 6] = [
    EMAILS,
    COUPONS,
    VTEX_ORDERS,
    SCHEDULED,
    RECONCILIATION,
    BACKUPS,
];

/// `namespace` + `queue`: the full Redis prefix of a queue (`""` in production, `"t-<uuid>:"` in
/// tests, so parallel tests never see each other's jobs).
pub fn namespaced(namespace: &str, queue: &str) -> String {
    format!("{namespace}{queue}")
}
