//! `EvaluateAlerts { scheduledAt }` (`HEALTH_CHECK_CRON`, every 5 minutes; ADR 0058): reads every
//! queue's state from Redis in one round trip, records the run and sends the state to
//! `POST /internal/v1/alerts/evaluate`; the api checks the rest (outbox, schedules, e-mails,
//! backups, webhooks, VTEX capacity) itself and raises what is due.

use afiliados_api_types::alerts::{EvaluateAlertsRequest, QueueStats};
use afiliados_jobs::EvaluateAlerts;
use chrono::Utc;

use super::coupons::api_failure;
use super::scheduled::{self, Attempted};
use crate::{JobError, WorkerCtx};

/// The run's `jobName`.
pub const JOB_NAME: &str = "operational_checks";

/// One attempt of an `EvaluateAlerts` job.
pub async fn handle(
    job: EvaluateAlerts,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let attempted = Attempted {
        name: JOB_NAME,
        scheduled_at: job.scheduled_at,
        schedule: ctx.schedules.health_check.as_ref(),
        attempt,
    };
    scheduled::recorded(ctx, &api, attempted, || async {
        // The queues' state now, not at the tick: a retry reports what is waiting when it runs.
        let stats = ctx.queues.stats(Utc::now()).await.map_err(|error| {
            JobError::Transient(anyhow::anyhow!("reading the queues' state: {error}"))
        })?;
        let request = EvaluateAlertsRequest {
            queues: stats.into_iter().map(wire).collect(),
        };
        let answer = api
            .evaluate_alerts(&request)
            .await
            .map_err(|error| api_failure("evaluating the operational checks", error))?;
        tracing::info!(
            alerts.raised = answer.raised.len(),
            "operational checks evaluated"
        );
        Ok(serde_json::json!({ "raised": answer.raised.len() }))
    })
    .await
}

/// The api names queues without their `afiliados:` prefix (`emails`, `vtex_orders`…).
fn wire(stats: afiliados_jobs::QueueStats) -> QueueStats {
    QueueStats {
        queue: stats
            .queue
            .strip_prefix("afiliados:")
            .unwrap_or(stats.queue)
            .to_owned(),
        pending: stats.pending,
        oldest_pending_seconds: stats.oldest_pending_seconds,
        failed: stats.failed,
        dead: stats.dead,
    }
}
