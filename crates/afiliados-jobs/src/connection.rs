//! The Redis connection shared by every queue, and the per-queue apalis storage over it.
//!
//! apalis needs a `ConnectionLike + Clone` connection, so we give it redis's `ConnectionManager`
//! (not a deadpool connection, which is a checked-out object). The manager reconnects by itself
//! after Redis restarts; we bound how long one reconnect may take so that a push while Redis is
//! down fails within about a second (connection refused) or a few (host unreachable) instead of
//! hanging, and the next push after Redis returns succeeds.

use std::time::Duration;

use apalis_redis::ConnectionManager;
use redis::aio::ConnectionManagerConfig;

use crate::{JobsError, QueueTask, Result, Storage, queues};

/// How often apalis workers heartbeat; leases of running tasks are renewed on each beat.
const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(30);
/// Missed heartbeats before another worker re-enqueues a silent worker's tasks (6 minutes: longer
/// than the longest in-process retry backoff, 5 minutes, so a busy worker is never robbed).
const MISSED_HEARTBEATS: usize = 12;

/// How a consumer proves it is alive, and so when the tasks of a worker that died without a word
/// (SIGKILL, a lost host) go back to the queue: after `heartbeat_interval × missed_heartbeats`
/// without a beat, the next beat of any other worker of the queue re-enqueues them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Liveness {
    /// How often a worker heartbeats (whole seconds: apalis-redis counts the window in seconds).
    pub heartbeat_interval: Duration,
    /// Beats a worker may miss before its tasks are taken back.
    pub missed_heartbeats: usize,
}

impl Default for Liveness {
    /// 30 s × 12 = 6 minutes.
    fn default() -> Liveness {
        Liveness {
            heartbeat_interval: HEARTBEAT_INTERVAL,
            missed_heartbeats: MISSED_HEARTBEATS,
        }
    }
}

impl Liveness {
    /// How long a silent worker keeps its tasks.
    pub fn orphaned_after(&self) -> Duration {
        self.heartbeat_interval
            .saturating_mul(u32::try_from(self.missed_heartbeats).unwrap_or(u32::MAX))
    }
}

/// A lazily connected `ConnectionManager` for `redis_url`: no network I/O happens here, so a
/// service can start while Redis is down; commands fail (promptly) until it is back.
///
/// Async because the manager spawns its driver on the current Tokio runtime.
pub async fn connection_manager(redis_url: &str) -> Result<ConnectionManager> {
    let client = redis::Client::open(redis_url).map_err(JobsError::InvalidUrl)?;
    // Three connection attempts (0.1 s, then up to 0.2 s apart), each capped at 1 s: the whole
    // reconnect stays well under the producer's push timeout.
    let config = ConnectionManagerConfig::new()
        .set_number_of_retries(2)
        .set_min_delay(Duration::from_millis(100))
        .set_max_delay(Duration::from_secs(1))
        .set_connection_timeout(Some(Duration::from_secs(1)))
        .set_response_timeout(Some(Duration::from_secs(3)));
    ConnectionManager::new_lazy_with_config(client, config).map_err(JobsError::Redis)
}

/// A lazily connected `ConnectionManager` for a consumer (the worker): reconnects more patiently
/// than the producer's (up to 6 attempts, at most 5 s apart), which also paces worker restarts
/// while Redis is down instead of spinning.
pub async fn consumer_connection_manager(redis_url: &str) -> Result<ConnectionManager> {
    let client = redis::Client::open(redis_url).map_err(JobsError::InvalidUrl)?;
    let config = ConnectionManagerConfig::new()
        .set_number_of_retries(6)
        .set_min_delay(Duration::from_millis(200))
        .set_max_delay(Duration::from_secs(5))
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(10)));
    ConnectionManager::new_lazy_with_config(client, config).map_err(JobsError::Redis)
}

/// The apalis-redis configuration of queue `Q` under `namespace` (the default [`Liveness`]).
pub fn storage_config<Q: QueueTask>(namespace: &str) -> apalis_redis::Config {
    storage_config_with::<Q>(namespace, Liveness::default())
}

/// [`storage_config`] with the consumer's own [`Liveness`].
pub fn storage_config_with<Q: QueueTask>(
    namespace: &str,
    liveness: Liveness,
) -> apalis_redis::Config {
    apalis_redis::Config::default()
        .queue(queues::namespaced(namespace, Q::QUEUE))
        .heartbeat_interval(liveness.heartbeat_interval)
        .missed_heartbeats(liveness.missed_heartbeats)
}

/// The typed storage of queue `Q` over a shared connection (cheap: no I/O).
pub fn storage<Q: QueueTask>(conn: ConnectionManager, namespace: &str) -> Storage<Q> {
    storage_with::<Q>(conn, namespace, Liveness::default())
}

/// [`storage`] with the consumer's own [`Liveness`] (the worker's `WORKER_HEARTBEAT_*`).
pub fn storage_with<Q: QueueTask>(
    conn: ConnectionManager,
    namespace: &str,
    liveness: Liveness,
) -> Storage<Q> {
    apalis_redis::RedisStorage::new(conn).with_config(storage_config_with::<Q>(namespace, liveness))
}
