//! Gauges computed at scrape time from PostgreSQL: outbox backlogs and pool usage.

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
    if let Ok(pending) = afiliados_db::email_outbox::count_pending(&mut conn).await {
        metrics::gauge!("marketing_afiliados_email_outbox_pending").set(pending as f64);
    }
}
