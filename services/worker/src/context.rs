//! What every job handler receives.

use afiliados_api_client::InternalApi;
use afiliados_mailer::Mailer;
use afiliados_vtex::VtexClient;
use tokio::sync::watch;

use crate::retry::Backoff;
use crate::schedules::Schedules;

/// Shared clients, handed to handlers as apalis `Data<WorkerCtx>`. Cheap to clone.
#[derive(Debug, Clone)]
pub struct WorkerCtx {
    /// `/internal/v1` with the service token.
    pub api: InternalApi,
    /// SMTP (or `.eml` files in development).
    pub mailer: Mailer,
    /// VTEX (one client per process, so the credential rotation index is shared).
    pub vtex: VtexClient,
    /// The cron schedules (scheduled jobs report their expression and next tick).
    pub schedules: Schedules,
    /// `maxlot` of each VTEX feed read (`VTEX_FEED_MAX_LOT`).
    pub feed_max_lot: u8,
    /// The retry backoff (a handler reports when its task's next attempt will run).
    pub retry: Backoff,
    /// Backups (`None` without `BACKUP_DATABASE_URL`).
    pub backups: Option<std::sync::Arc<crate::backup::Backups>>,
    /// The queues in Redis, read by the operational checks (`EvaluateAlerts`).
    pub queues: afiliados_jobs::JobQueues,
    /// Turns `true` when the worker starts shutting down.
    pub shutdown: watch::Receiver<bool>,
}

impl WorkerCtx {
    /// Whether the worker is stopping (handlers then avoid starting new external work).
    pub fn is_shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }
}
