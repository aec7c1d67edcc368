//! Typed enqueue: a job is written to `job_outbox` in the caller's transaction as its
//! [`Job::NAME`] and its payload's JSON, and the outbox relay pushes it to its queue after the
//! commit. The only way the api writes a job.

use afiliados_db::AsyncPgConnection;
use afiliados_jobs::Job;
use uuid::Uuid;

/// Writes `job` into the job outbox and returns the row id.
pub async fn enqueue<J: Job>(
    conn: &mut AsyncPgConnection,
    job: &J,
) -> Result<Uuid, diesel::result::Error> {
    let payload = serde_json::to_value(job)
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))?;
    afiliados_db::job_outbox::insert(conn, J::NAME, &payload).await
}

/// [`enqueue`] for many jobs of one type, with one statement; returns the row ids in order.
pub async fn enqueue_many<J: Job>(
    conn: &mut AsyncPgConnection,
    jobs: &[J],
) -> Result<Vec<Uuid>, diesel::result::Error> {
    let payloads = jobs
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))?;
    afiliados_db::job_outbox::insert_many(conn, J::NAME, &payloads).await
}
