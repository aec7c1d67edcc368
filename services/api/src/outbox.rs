//! The relay from `job_outbox` to Redis. It runs inside every api replica: woken right after a
//! commit that wrote jobs, and polling every second anyway. Rows are claimed with
//! `FOR UPDATE SKIP LOCKED`, pushed, and marked dispatched; when Redis is down they stay in
//! PostgreSQL and go out once it returns. A crash between push and mark only duplicates a job,
//! which the idempotent handlers absorb.

use std::time::Duration;

use actix_web::web;
use afiliados_config::ExposeSecret;
use afiliados_jobs::{JobQueues, OutboxJob};
use diesel_async::AsyncConnection;

use crate::state::AppState;

/// Rows per pass; a full pass is followed at once by the next.
const BATCH: i64 = 200;

/// Handle of the background relay.
pub struct OutboxRelay;

impl OutboxRelay {
    /// Starts the relay on the current runtime.
    pub fn spawn(state: web::Data<AppState>) {
        tokio::spawn(async move {
            let mut queues: Option<JobQueues> = None;
            loop {
                if queues.is_none() {
                    queues = connect(&state).await;
                }
                if let Some(q) = &queues {
                    match relay_once(&state, q).await {
                        Ok(pushed) if pushed as i64 == BATCH => continue,
                        Ok(_) => {}
                        Err(error) => {
                            tracing::warn!(error = %error, "outbox relay pass failed; will retry")
                        }
                    }
                }
                tokio::select! {
                    () = state.relay_wake.notified() => {}
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
            }
        });
    }
}

async fn connect(state: &AppState) -> Option<JobQueues> {
    match JobQueues::connect(
        state.settings.redis.url.expose_secret(),
        &state.settings.queue_namespace,
    )
    .await
    {
        Ok(queues) => Some(queues),
        Err(error) => {
            tracing::warn!(error = %error, "job queues unavailable; outbox rows wait in PostgreSQL");
            None
        }
    }
}

/// One pass: claims a batch, pushes it to Redis concurrently (the multiplexed connection
/// pipelines the pushes) and marks what went out dispatched with one statement. The pass's
/// commit does not wait for the WAL flush (`synchronous_commit = off`): a crash that loses the
/// mark only pushes those jobs again, which the idempotent handlers absorb, and under webhook
/// load the relay otherwise added a flushed commit per hook. Returns how many rows were
/// dispatched.
pub async fn relay_once(state: &AppState, queues: &JobQueues) -> anyhow::Result<usize> {
    use diesel_async::SimpleAsyncConnection;
    let mut conn = state.db.get().await?;
    let pushed = conn
        .transaction(async |tx| {
            tx.batch_execute("SET LOCAL synchronous_commit = off").await?;
            let rows = afiliados_db::job_outbox::claim_pending(tx, BATCH).await?;
            let ids: Vec<_> = rows.iter().map(|row| row.id).collect();
            let jobs: Vec<OutboxJob> = rows
                .into_iter()
                .map(|row| OutboxJob { job_type: row.job_type, payload: row.payload })
                .collect();
            let results = futures::future::join_all(jobs.iter().map(|job| queues.push(job))).await;
            let mut dispatched = Vec::with_capacity(ids.len());
            let mut failure_recorded = false;
            for ((id, job), result) in ids.into_iter().zip(&jobs).zip(results) {
                match result {
                    Ok(()) => dispatched.push(id),
                    // One failure recorded per pass (Redis down fails them all alike).
                    Err(error) if !failure_recorded => {
                        failure_recorded = true;
                        afiliados_db::job_outbox::record_push_failure(tx, id, &error.to_string()).await?;
                        tracing::warn!(job.id = %id, job.type = %job.job_type, error = %error, "push failed; rows stay pending");
                    }
                    Err(_) => {}
                }
            }
            afiliados_db::job_outbox::mark_dispatched(tx, &dispatched).await?;
            Ok::<_, diesel::result::Error>(dispatched.len())
        })
        .await?;
    if pushed > 0 {
        metrics::counter!("marketing_afiliados_outbox_dispatched_total").increment(pushed as u64);
    }
    Ok(pushed)
}
