//! Registers every queue's worker in one apalis `Monitor` and runs it until shutdown.

use std::time::Duration;

use afiliados_jobs::{
    BackupsTask, CouponsTask, EmailsTask, Liveness, ReconciliationTask, ScheduledTask,
    VtexOrdersTask,
};
use apalis::prelude::Monitor;
use apalis_redis::ConnectionManager;

use crate::{
    WorkerCtx,
    jobs::{self, Consumer},
};

/// The longest job timeout of any queue but `reconciliation` and `backups`. A reconciliation
/// gives up at the next page or batch once the worker stops (the task goes back to the queue), so
/// draining it takes one VTEX read, not a whole run; a backup cut by a stop is retaken at the next
/// start (waiting an hour for it would hold every deploy).
const LONGEST_JOB: Duration = longest(&[
    EmailsTask::TIMEOUT,
    CouponsTask::TIMEOUT,
    VtexOrdersTask::TIMEOUT,
    ScheduledTask::TIMEOUT,
]);

/// The largest of `timeouts` (a `const fn`, so the bound is computed at compile time).
const fn longest(timeouts: &[Duration]) -> Duration {
    let mut longest = Duration::ZERO;
    let mut i = 0;
    while i < timeouts.len() {
        if timeouts[i].as_millis() > longest.as_millis() {
            longest = timeouts[i];
        }
        i += 1;
    }
    longest
}

/// How long in-flight jobs may run on after the stop signal: at least the longest job timeout.
pub(crate) const SHUTDOWN_TIMEOUT: Duration = LONGEST_JOB.saturating_add(Duration::from_secs(5));
/// How often an idle worker asks Redis for due tasks. A busy worker does not wait for it (apalis
/// fetches the next batch as soon as one is handed out), but every time a queue runs dry the next
/// job waits up to this long: at 500 ms a trickle of hooks saw half a second added to each order.
/// 100 ms keeps that small for 4 queues × 10 cheap Redis calls a second per idle replica (ADR 0046).
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Reconciliation runs at once per replica, at most.
const RECONCILIATIONS: usize = 2;

/// Jobs run at once, per queue.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Concurrency {
    /// Every queue but `vtex_orders`.
    pub(crate) default: usize,
    /// `vtex_orders`: one order per job, nearly all of it waiting on VTEX and the api.
    pub(crate) vtex_orders: usize,
}

/// What [`jobs::register`] needs for every queue.
#[derive(Debug, Clone)]
pub(crate) struct Deps {
    pub(crate) conn: ConnectionManager,
    pub(crate) namespace: String,
    pub(crate) concurrency: Concurrency,
    pub(crate) poll_interval: Duration,
    /// Heartbeats and the orphan window of every queue's storage.
    pub(crate) liveness: Liveness,
    /// The handlers' context; its `retry` backoff is also the retry policy's.
    pub(crate) ctx: WorkerCtx,
    instance: String,
}

impl Deps {
    /// Worker names are unique per process and per restart: apalis-redis refuses to register a
    /// name seen within the orphan window, and does not remove names on shutdown.
    pub(crate) fn worker_name(&self, queue: &str, restarts: usize) -> String {
        format!("{queue}-{}-{restarts}", self.instance)
    }
}

/// Runs every worker until `shutdown` turns `true`, then lets in-flight jobs finish for up to
/// [`SHUTDOWN_TIMEOUT`].
pub(crate) async fn run(
    conn: ConnectionManager,
    namespace: String,
    concurrency: Concurrency,
    liveness: Liveness,
    ctx: WorkerCtx,
) -> anyhow::Result<()> {
    let instance = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    let mut shutdown = ctx.shutdown.clone();
    let deps = Deps {
        conn,
        namespace,
        concurrency,
        poll_interval: POLL_INTERVAL,
        liveness,
        ctx,
        instance,
    };
    tracing::info!(worker.instance = %deps.instance, queue.namespace = %deps.namespace, "starting job workers");

    let monitor = Monitor::new()
        // A worker stops when its backend fails (Redis down or restarted). Restart it: the
        // consumer connection's reconnect backoff paces the attempts while Redis is away.
        .should_restart(|worker, error| {
            tracing::warn!(worker.name = worker.name(), error = %error, restarts = worker.restarts(), "job worker stopped; restarting");
            true
        })
        .shutdown_timeout(SHUTDOWN_TIMEOUT);
    let default = deps.concurrency.default;
    let monitor = jobs::register::<EmailsTask>(monitor, deps.clone(), default);
    let monitor = jobs::register::<CouponsTask>(monitor, deps.clone(), default);
    let monitor =
        jobs::register::<VtexOrdersTask>(monitor, deps.clone(), deps.concurrency.vtex_orders);
    let monitor = jobs::register::<ScheduledTask>(monitor, deps.clone(), default);
    // A run lists a whole range and holds its ids: two at once (a daily and a fortnightly at
    // 03:00/03:30, or a manual one) is plenty.
    let monitor =
        jobs::register::<ReconciliationTask>(monitor, deps.clone(), default.min(RECONCILIATIONS));
    // One backup at a time per replica: a dump is heavy on the database.
    let monitor = jobs::register::<BackupsTask>(monitor, deps.clone(), 1);

    monitor
        .run_with_signal(async move {
            let _ = shutdown.wait_for(|stopping| *stopping).await;
            Ok(())
        })
        .await?;
    Ok(())
}
