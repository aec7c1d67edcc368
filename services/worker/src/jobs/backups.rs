//! The `afiliados:backups` queue: `RunBackup {scheduledAt}` (`api.md` §21.1, cap 3). A failed
//! attempt is transient (the next one takes a fresh dump); each failure raised `backup_failure`
//! already (`crate::backup::run`).

use std::time::Duration;

use afiliados_jobs::{BackupsTask, queues};
use apalis::prelude::TaskId;

use crate::{JobError, WorkerCtx, backup, jobs::Consumer};

/// Bound on one attempt: a large dump, sealed and uploaded. The shutdown drain does not wait for
/// this long (`crate::monitor` leaves it out): a backup cut by a stop is retaken by the timer's
/// start-up catch-up.
pub const TIMEOUT: Duration = Duration::from_secs(60 * 60);

impl Consumer for BackupsTask {
    const WORKER: &'static str = "backups";
    const TIMEOUT: Duration = TIMEOUT;

    fn span(&self, task_id: &TaskId, attempt: usize) -> tracing::Span {
        match self {
            BackupsTask::RunBackup(job) => {
                tracing::info_span!("backup", job.queue = queues::BACKUPS, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at)
            }
        }
    }

    async fn handle(
        self,
        ctx: &WorkerCtx,
        _attempt: usize,
        request_id: String,
    ) -> Result<(), JobError> {
        let BackupsTask::RunBackup(_job) = self;
        let Some(backups) = ctx.backups.as_deref() else {
            return Err(JobError::Permanent(anyhow::anyhow!(
                "this worker has no BACKUP_DATABASE_URL: it cannot take backups"
            )));
        };
        let api = ctx.api.with_request_id(request_id);
        backup::run(backups, &api, chrono::Utc::now())
            .await
            .map(drop)
            .map_err(JobError::Transient)
    }
}
