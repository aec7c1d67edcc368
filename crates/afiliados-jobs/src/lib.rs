//! Job payloads, queue names, attempt caps and the Redis producer shared by the api (which pushes
//! jobs, usually through its `job_outbox` relay) and the worker (which consumes them with apalis).
//!
//! Depends on apalis, apalis-redis and the `redis` 1.x line only: never on diesel, the api or the
//! worker. Reads no environment variables; callers pass the Redis URL and the queue namespace.
//!
//! Every queue carries its payloads the same way: inside the queue's task enum ([`tasks`]),
//! tagged with the payload's name (`{"job": "SendEmail", "emailId": …}`). Adding a job takes one
//! payload struct implementing [`Job`] (in [`payloads`]), one variant in its queue's task enum
//! (or a new enum and a queue constant with its attempt cap in [`queues`] when the queue is new),
//! and one line in [`JobQueues::push`]'s dispatch table.

mod connection;
mod error;
mod outbox;
pub mod payloads;
mod producer;
pub mod queues;
mod stats;
pub mod tasks;

pub use connection::{
    Liveness, connection_manager, consumer_connection_manager, storage, storage_config,
    storage_config_with, storage_with,
};
pub use error::{JobsError, Result};
pub use outbox::OutboxJob;
pub use payloads::{
    EscalateDiscrepancies, EvaluateAlerts, EvaluateDueTiers, FetchSource, FetchVtexOrder,
    IngestVtexOrder, Job, PollVtexFeed, PurgeData, ReconcileVtexRange, RunBackup,
    RunDailyMaintenance, RunSettlement, ScheduledReconciliationType, SendEmail,
    StartReconciliation, SyncCoupon, SyncPromotion,
};
pub use producer::JobQueues;
pub use stats::{QueueStats, read_queue_stats};
pub use tasks::{
    BackupsTask, CouponsTask, EmailsTask, QueueTask, ReconciliationTask, ScheduledTask,
    VtexOrdersTask,
};

/// The apalis-redis storage type every queue uses (one per queue task type).
pub type Storage<J> = apalis_redis::RedisStorage<J, apalis_redis::ConnectionManager>;
