//! Gauges computed at scrape time from PostgreSQL: outbox backlogs, pool usage and the webhook
//! deliveries still open (`marketing_afiliados_webhook_deliveries{status}` for `received`,
//! `processing` and `failed`).

use afiliados_domain::DeliveryStatus;

use crate::state::AppState;

/// Updates the gauges before rendering.
pub async fn refresh_gauges(state: &AppState) {
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
