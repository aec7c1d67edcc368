//! Gauges computed at scrape time from PostgreSQL: outbox backlogs, pool usage and the webhook
//! deliveries still open (`marketing_afiliados_webhook_deliveries{status}` for `received`,
//! `processing` and `failed`); from Redis: the jobs waiting on each queue
//! (`marketing_afiliados_queue_pending_jobs{queue}`). Counters that the dashboards and alert
//! rules query exist at zero from start-up ([`register`], ADR 0062), so a rule over a family that
//! has not happened yet evaluates instead of matching nothing.

use std::time::Duration;

use afiliados_domain::DeliveryKind;
use afiliados_domain::DeliveryStatus;
use afiliados_jobs::queues;

use crate::state::AppState;

/// Jobs waiting per queue (ready plus delayed), read from Redis at scrape time.
pub const QUEUE_PENDING_JOBS: &str = "marketing_afiliados_queue_pending_jobs";
/// Webhook deliveries by outcome (`usecases::webhooks::events`).
pub const WEBHOOK_EVENTS_TOTAL: &str = "marketing_afiliados_webhook_events_total";
/// E-mails that failed for good (`usecases::emails::delivery`).
pub const EMAILS_FAILED_TOTAL: &str = "marketing_afiliados_emails_failed_total";

/// Every queue the api feeds or reports on (`api.md` §21.1).
pub const QUEUES: [&str; 6] = queues::ALL;

/// The raw VTEX states of `afiliados_domain::commission::map_raw_state`.
const HOOK_STATES: [&str; 15] = [
    "order-created",
    "order-completed",
    "on-order-completed",
    "payment-pending",
    "payment-approved",
    "approve-payment",
    "ready-for-handling",
    "start-handling",
    "handling",
    "window-to-cancel",
    "invoice",
    "invoiced",
    "cancellation-requested",
    "cancel",
    "canceled",
];

/// A scrape must not wait on a hung Redis longer than this; the last value stays.
const REDIS_TIMEOUT: Duration = Duration::from_secs(1);

/// Describes the families and creates their series at zero. Call once the recorder exists.
pub fn register() {
    metrics::describe_gauge!(
        QUEUE_PENDING_JOBS,
        "Jobs waiting on each queue (ready plus delayed), read from Redis at scrape time."
    );
    metrics::describe_counter!(
        WEBHOOK_EVENTS_TOTAL,
        "VTEX webhook deliveries by event type and whether they succeeded."
    );
    metrics::describe_counter!(
        EMAILS_FAILED_TOTAL,
        "E-mails that failed for good (attempt cap or permanent error), by template."
    );
    for queue in QUEUES {
        metrics::gauge!(QUEUE_PENDING_JOBS, "queue" => queue).set(0.0);
    }
    // Every label the counter can take: the kinds that are not hooks, and each VTEX state the
    // mapping table knows (`vtex.md` §3; an unknown one becomes `unknown`). A series born at 1
    // would hide its first failure from `increase()`.
    let labels = [
        DeliveryKind::OrderDocument,
        DeliveryKind::FeedEvent,
        DeliveryKind::Ping,
        DeliveryKind::Unknown,
    ]
    .map(|kind| crate::usecases::webhooks::events::event_type(kind, None))
    .into_iter()
    .chain(HOOK_STATES.map(|state| {
        crate::usecases::webhooks::events::event_type(DeliveryKind::Hook, Some(state))
    }));
    for event_type in labels {
        for success in ["true", "false"] {
            metrics::counter!(WEBHOOK_EVENTS_TOTAL,
                "event_type" => event_type.to_owned(), "success" => success)
            .absolute(0);
        }
    }
    for template in afiliados_email_messages::EmailMessage::TEMPLATES {
        metrics::counter!(EMAILS_FAILED_TOTAL, "template" => *template).absolute(0);
    }
}

/// Pending jobs of every queue, read the way the worker's operational checks read them
/// (`afiliados_jobs::read_queue_stats`: ready plus scheduled), over the api's Redis pool.
async fn queue_depths(state: &AppState) -> Result<Vec<(&'static str, u64)>, String> {
    let mut conn = state.redis.get().await.map_err(|e| e.to_string())?;
    let stats = afiliados_jobs::read_queue_stats(
        &mut *conn,
        &state.settings.queue_namespace,
        state.clock.now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(stats
        .into_iter()
        .map(|queue| (queue.queue, queue.pending))
        .collect())
}

/// The reconciliation gauges (`domain.md` §5.16.3) from the latest finished run of each type,
/// read from the database at scrape time so every api replica serves the same values. A type
/// that never finished a run shows 0 discrepancies and no ratio.
async fn reconciliation_gauges(conn: &mut afiliados_db::AsyncPgConnection) {
    let Ok(latest) = afiliados_db::reconciliation_runs::latest_finished_per_type(conn).await else {
        return;
    };
    for run_type in afiliados_domain::ReconciliationType::ALL {
        let label = run_type.metric_label();
        let found = latest
            .iter()
            .find(|(stored, _, _)| stored == run_type.as_str());
        metrics::gauge!("marketing_afiliados_reconciliation_discrepancies_total", "type" => label)
            .set(found.map_or(0.0, |(_, count, _)| f64::from(*count)));
        if let Some(ratio) = found.and_then(|(_, _, ratio)| *ratio) {
            let value = rust_decimal::prelude::ToPrimitive::to_f64(&ratio).unwrap_or_default();
            metrics::gauge!("marketing_afiliados_reconciliation_auto_reconciled_ratio", "type" => label)
                .set(value);
        }
    }
}

/// Updates the gauges before rendering.
pub async fn refresh_gauges(state: &AppState) {
    match tokio::time::timeout(REDIS_TIMEOUT, queue_depths(state)).await {
        Ok(Ok(depths)) => {
            for (queue, depth) in depths {
                metrics::gauge!(QUEUE_PENDING_JOBS, "queue" => queue).set(depth as f64);
            }
        }
        // Redis down: the job outbox backlog (PostgreSQL) shows the work that is waiting.
        Ok(Err(error)) => tracing::debug!(%error, "queue depths unavailable"),
        Err(_) => tracing::debug!("queue depths timed out"),
    }
    let status = state.db.status();
    metrics::gauge!("marketing_afiliados_db_pool_connections", "state" => "idle")
        .set(status.available as f64);
    metrics::gauge!("marketing_afiliados_db_pool_connections", "state" => "in_use")
        .set(status.size.saturating_sub(status.available) as f64);
    let Ok(mut conn) = state.db.get().await else {
        return;
    };
    if let Ok(backlog) = afiliados_db::job_outbox::backlog(&mut conn).await {
        metrics::gauge!("marketing_afiliados_job_outbox_backlog").set(backlog as f64);
    }
    reconciliation_gauges(&mut conn).await;
    // Deliveries waiting for the worker or failed (the partial index covers both); processed,
    // duplicate, rejected and ignored only grow, so `webhook_events_total` counts those.
    let open = [
        DeliveryStatus::Received,
        DeliveryStatus::Processing,
        DeliveryStatus::Failed,
    ];
    if let Ok(counts) = afiliados_db::webhook_delivery_log::count_by_status(&mut conn, &open).await
    {
        for status in open {
            let count = counts
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            metrics::gauge!("marketing_afiliados_webhook_deliveries", "status" => status.as_str())
                .set(count as f64);
        }
    }
    if let Ok(pending) = afiliados_db::email_outbox::count_pending(&mut conn).await {
        metrics::gauge!("marketing_afiliados_email_outbox_pending").set(pending as f64);
    }
}

/// A settlement run finished: its duration and how many commissions each list got
/// (`marketing_afiliados_settlement_*`, labelled by source and dry run).
pub fn settlement_run(
    run: &afiliados_api_types::settlements::SettlementRunResponse,
    elapsed: std::time::Duration,
) {
    let source = run.source.as_str();
    let dry_run = if run.dry_run { "true" } else { "false" };
    metrics::histogram!("marketing_afiliados_settlement_run_duration_seconds",
        "source" => source, "dry_run" => dry_run)
    .record(elapsed.as_secs_f64());
    metrics::counter!("marketing_afiliados_settlement_runs_total",
        "source" => source, "dry_run" => dry_run)
    .increment(1);
    for (list, count) in [
        ("confirmed", run.totals.confirmed.count),
        ("reverted", run.totals.reverted.count),
        ("pending", run.totals.pending.count),
    ] {
        metrics::counter!("marketing_afiliados_settlement_commissions_total",
            "source" => source, "dry_run" => dry_run, "list" => list)
        .increment(u64::try_from(count).unwrap_or_default());
    }
}

/// A webhook delivery's order was ingested (issue 10 §10): the seconds from the delivery's
/// arrival to its ingestion, `marketing_afiliados_order_ingest_lag_seconds`. Observed once per
/// delivery, when it first becomes `processed`; a clock behind the arrival counts 0.
pub fn order_ingest_lag(
    received_at: chrono::DateTime<chrono::Utc>,
    ingested_at: chrono::DateTime<chrono::Utc>,
) {
    let lag = (ingested_at - received_at)
        .to_std()
        .map_or(0.0, |lag| lag.as_secs_f64());
    metrics::histogram!("marketing_afiliados_order_ingest_lag_seconds").record(lag);
}
