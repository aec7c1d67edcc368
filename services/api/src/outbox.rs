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

const BATCH: i64 = 50;

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

/// One pass: claims a batch and pushes it. Returns how many rows were dispatched.
pub async fn relay_once(state: &AppState, queues: &JobQueues) -> anyhow::Result<usize> {
    let mut conn = state.db.get().await?;
    let pushed = conn
        .transaction(async |tx| {
            let rows = afiliados_db::job_outbox::claim_pending(tx, BATCH).await?;
            let mut pushed = 0;
            for row in rows {
                let job = OutboxJob { job_type: row.job_type.clone(), payload: row.payload.clone() };
                match queues.push(&job).await {
                    Ok(()) => {
                        afiliados_db::job_outbox::mark_dispatched(tx, row.id).await?;
                        pushed += 1;
                    }
                    Err(error) => {
                        afiliados_db::job_outbox::record_push_failure(tx, row.id, &error.to_string()).await?;
                        tracing::warn!(job.id = %row.id, job.type = %row.job_type, error = %error, "push failed; row stays pending");
                        break;
                    }
                }
            }
            Ok::<_, diesel::result::Error>(pushed)
        })
        .await?;
    if pushed > 0 {
        metrics::counter!("marketing_afiliados_outbox_dispatched_total").increment(pushed as u64);
    }
    Ok(pushed)
}
