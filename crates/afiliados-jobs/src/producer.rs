//! The producer side: what the api's outbox relay calls.

use std::time::Duration;

use apalis::prelude::{TaskBuilder, TaskSink};
use apalis_redis::ConnectionManager;

use crate::{
    EscalateDiscrepancies, EvaluateAlerts, EvaluateDueTiers, FetchVtexOrder, IngestVtexOrder, Job,
    JobsError, OutboxJob, PollVtexFeed, PurgeData, QueueTask, ReconcileVtexRange, Result,
    RunBackup, RunDailyMaintenance, RunSettlement, SendEmail, StartReconciliation, SyncCoupon,
    SyncPromotion, storage,
};

/// Hard bound on one push, whatever Redis does (down, hung, failing over).
const PUSH_TIMEOUT: Duration = Duration::from_secs(5);

/// One Redis connection and a namespace; pushes any known payload to its queue.
///
/// Cheap to clone (the connection is shared). Created without touching Redis, so the api can
/// start while Redis is down: pushes then fail with [`JobsError::Push`], [`JobsError::Redis`] or
/// [`JobsError::Timeout`] until Redis is back, and the relay leaves the outbox rows pending.
#[derive(Clone)]
pub struct JobQueues {
    conn: ConnectionManager,
    namespace: String,
}

impl std::fmt::Debug for JobQueues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection's Debug would print the URL, which may hold a password.
        f.debug_struct("JobQueues")
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

impl JobQueues {
    /// Prepares the producer. Only an unparsable URL fails; Redis itself is contacted on the
    /// first push. `namespace` is prepended to every queue name (`""` in production).
    pub async fn connect(redis_url: &str, namespace: &str) -> Result<JobQueues> {
        let conn = crate::connection_manager(redis_url).await?;
        Ok(JobQueues {
            conn,
            namespace: namespace.to_owned(),
        })
    }

    /// The namespace in front of every queue name.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The shared connection (the worker builds its storages over it).
    pub fn connection(&self) -> ConnectionManager {
        self.conn.clone()
    }

    /// Pushes one `job_outbox` row to the queue of its `job_type`.
    pub async fn push(&self, job: &OutboxJob) -> Result<()> {
        // The dispatch table: one line per payload type.
        match job.job_type.as_str() {
            SendEmail::NAME => self.push_job(job.decode::<SendEmail>()?).await,
            SyncCoupon::NAME => self.push_job(job.decode::<SyncCoupon>()?).await,
            SyncPromotion::NAME => self.push_job(job.decode::<SyncPromotion>()?).await,
            RunDailyMaintenance::NAME => self.push_job(job.decode::<RunDailyMaintenance>()?).await,
            RunSettlement::NAME => self.push_job(job.decode::<RunSettlement>()?).await,
            EvaluateDueTiers::NAME => self.push_job(job.decode::<EvaluateDueTiers>()?).await,
            IngestVtexOrder::NAME => self.push_job(job.decode::<IngestVtexOrder>()?).await,
            FetchVtexOrder::NAME => self.push_job(job.decode::<FetchVtexOrder>()?).await,
            ReconcileVtexRange::NAME => self.push_job(job.decode::<ReconcileVtexRange>()?).await,
            StartReconciliation::NAME => self.push_job(job.decode::<StartReconciliation>()?).await,
            EscalateDiscrepancies::NAME => {
                self.push_job(job.decode::<EscalateDiscrepancies>()?).await
            }
            EvaluateAlerts::NAME => self.push_job(job.decode::<EvaluateAlerts>()?).await,
            PurgeData::NAME => self.push_job(job.decode::<PurgeData>()?).await,
            PollVtexFeed::NAME => self.push_job(job.decode::<PollVtexFeed>()?).await,
            RunBackup::NAME => self.push_job(job.decode::<RunBackup>()?).await,
            other => Err(JobsError::UnknownJobType(other.to_owned())),
        }
    }

    /// Pushes a typed payload to its queue, tagged with its name.
    pub async fn push_job<J: Job>(&self, job: J) -> Result<()> {
        self.push_task(J::Queue::from(job)).await
    }

    /// Pushes one task to queue `Q`.
    pub async fn push_task<Q: QueueTask>(&self, task: Q) -> Result<()> {
        let mut storage = storage::<Q>(self.conn.clone(), &self.namespace);
        // apalis-redis stores max_attempts but ignores it (its script caps at 25); we record ours
        // so the dashboard shows it, and the worker enforces it.
        let task = TaskBuilder::new(task).max_attempts(Q::MAX_ATTEMPTS).build();
        match tokio::time::timeout(PUSH_TIMEOUT, storage.push_task(task)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(JobsError::Push(error)),
            Err(_) => Err(JobsError::Timeout(PUSH_TIMEOUT)),
        }
    }

    /// Jobs waiting in `J`'s queue: ready (`:active`) plus delayed or due (`:scheduled`; every
    /// push lands there first and the next fetch promotes it).
    pub async fn pending<J: Job>(&self) -> Result<u64> {
        let prefix = crate::queues::namespaced(&self.namespace, J::QUEUE);
        let mut pipe = redis::pipe();
        pipe.cmd("LLEN")
            .arg(format!("{prefix}:active"))
            .cmd("ZCARD")
            .arg(format!("{prefix}:scheduled"));
        let mut conn = self.conn.clone();
        let query = pipe.query_async::<(u64, u64)>(&mut conn);
        match tokio::time::timeout(PUSH_TIMEOUT, query).await {
            Ok(result) => result
                .map(|(active, scheduled)| active + scheduled)
                .map_err(JobsError::Redis),
            Err(_) => Err(JobsError::Timeout(PUSH_TIMEOUT)),
        }
    }

    /// `PING`, bounded like a push (readiness checks).
    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.conn.clone();
        let cmd = redis::cmd("PING");
        let ping = cmd.query_async::<String>(&mut conn);
        match tokio::time::timeout(PUSH_TIMEOUT, ping).await {
            Ok(result) => result.map(|_| ()).map_err(JobsError::Redis),
            Err(_) => Err(JobsError::Timeout(PUSH_TIMEOUT)),
        }
    }
}
