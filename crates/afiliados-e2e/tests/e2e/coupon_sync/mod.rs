//! `SyncCoupon` / `SyncPromotion` end to end: the real api (own database, outbox relay), real
//! Redis, the VTEX sandbox and the worker. VTEX state and the request journal are read from the
//! sandbox, the sync bookkeeping from the api's database, attempt counts from Redis. The
//! scheduled jobs (`RunDailyMaintenance` and the cron ticks) run on the same stack.

mod failures;
mod flows;
mod scheduled;
pub(crate) mod stack;

use std::time::Duration;

use stack::Stack;

/// How long a sync may take to show up in the api's database.
pub(crate) const WAIT: Duration = Duration::from_secs(30);

/// The idempotency keys the sandbox received for `operation`, in order.
pub(crate) fn keys(stack: &Stack, operation: &str) -> Vec<String> {
    stack
        .sandbox
        .requests_for(operation)
        .into_iter()
        .filter_map(|r| r.idempotency_key)
        .collect()
}
