//! The one error type of this crate.

use std::time::Duration;

/// What producing or connecting can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JobsError {
    /// `REDIS_URL` could not be parsed (the message never includes the URL, which may hold a
    /// password).
    #[error("invalid Redis URL: {0}")]
    InvalidUrl(#[source] redis::RedisError),
    /// `job_outbox.job_type` names no payload this build knows.
    #[error("unknown job type {0:?}")]
    UnknownJobType(String),
    /// The payload does not decode as its job type.
    #[error("payload of {job_type} is invalid: {source}")]
    InvalidPayload {
        /// The job type.
        job_type: String,
        /// Why it does not decode.
        #[source]
        source: serde_json::Error,
    },
    /// Redis refused or dropped the push (down, restarting, out of memory, …).
    #[error("pushing to Redis failed: {0}")]
    Push(#[source] apalis::prelude::TaskSinkError<apalis_redis::Error>),
    /// A Redis command failed.
    #[error("Redis command failed: {0}")]
    Redis(#[from] redis::RedisError),
    /// Redis did not answer in time; the caller retries later.
    #[error("Redis did not answer within {0:?}")]
    Timeout(Duration),
}

/// `Result` with [`JobsError`].
pub type Result<T, E = JobsError> = std::result::Result<T, E>;
