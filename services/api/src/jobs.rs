//! Typed enqueue: a job is written to `job_outbox` in the caller's transaction as its
//! [`Job::NAME`] and its payload's JSON, and the outbox relay pushes it to its queue after the
//! commit. The only way the api writes a job (with [`crate::usecases::emails::queue`], which
//! writes an e-mail and its job in one statement and says so with [`note_written`]).
//!
//! Each writer notes that its transaction wrote a job, so that [`crate::transaction::run`] wakes
//! the relay only after the commits that gave it something to push: a wake after every commit
//! cost an empty relay pass (a checkout and four statements) per claim, ingest or withdrawal
//! under load (ADR 0084). A job written outside such a transaction is still pushed by the relay's
//! one-second poll.

use std::cell::Cell;

use afiliados_db::AsyncPgConnection;
use afiliados_jobs::Job;
use uuid::Uuid;

tokio::task_local! {
    /// Whether the transaction running in this task wrote a job.
    static WROTE_JOBS: Cell<bool>;
}

/// Notes that the current transaction wrote a `job_outbox` row (nothing outside
/// [`tracking_writes`]).
pub fn note_written() {
    // Outside a tracked transaction there is nobody to tell: the relay's poll finds the row.
    let _ = WROTE_JOBS.try_with(|wrote| wrote.set(true));
}

/// Runs `work`, answering its output and whether it wrote a job ([`note_written`]).
pub async fn tracking_writes<F: Future>(work: F) -> (F::Output, bool) {
    WROTE_JOBS
        .scope(Cell::new(false), async {
            let output = work.await;
            (output, WROTE_JOBS.with(Cell::get))
        })
        .await
}

/// Writes `job` into the job outbox and returns the row id.
pub async fn enqueue<J: Job>(
    conn: &mut AsyncPgConnection,
    job: &J,
) -> Result<Uuid, diesel::result::Error> {
    let payload = serde_json::to_value(job)
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))?;
    let id = afiliados_db::job_outbox::insert(conn, J::NAME, &payload).await?;
    note_written();
    Ok(id)
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
    let ids = afiliados_db::job_outbox::insert_many(conn, J::NAME, &payloads).await?;
    if !ids.is_empty() {
        note_written();
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_transaction_that_wrote_no_job_is_told_apart_from_one_that_did() {
        assert_eq!(tracking_writes(async { 7 }).await, (7, false));
        assert_eq!(
            tracking_writes(async {
                tokio::task::yield_now().await;
                note_written();
                8
            })
            .await,
            (8, true)
        );
        // Each transaction starts clean, and a note outside any is harmless.
        assert_eq!(tracking_writes(async {}).await, ((), false));
        note_written();
    }
}
