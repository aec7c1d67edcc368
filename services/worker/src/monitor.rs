//! Registers every queue's worker in one apalis `Monitor` and runs it until shutdown.

use std::time::Duration;

use afiliados_jobs::{CouponsTask, EmailsTask, Liveness, ScheduledTask, VtexOrdersTask};
use apalis::prelude::Monitor;
use apalis_redis::ConnectionManager;

use crate::{
    WorkerCtx,
    jobs::{self, Consumer},
};

/// The longest job timeout of any queue.
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
/// How often an idle worker asks Redis for due tasks.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What [`jobs::register`] needs for every queue.
#[derive(Debug, Clone)]
pub(crate) struct Deps {
    pub(crate) conn: ConnectionManager,
    pub(crate) namespace: String,
    pub(crate) concurrency: usize,
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
    concurrency: usize,
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
    let monitor = jobs::register::<EmailsTask>(monitor, deps.clone());
    let monitor = jobs::register::<CouponsTask>(monitor, deps.clone());
    let monitor = jobs::register::<VtexOrdersTask>(monitor, deps.clone());
    let monitor = jobs::register::<ScheduledTask>(monitor, deps.clone());

    monitor
        .run_with_signal(async move {
            let _ = shutdown.wait_for(|stopping| *stopping).await;
            Ok(())
        })
        .await?;
    Ok(())
}
