//! The cron replica's backup timer (`domain.md` §5.18): at start-up it asks the api for the
//! newest snapshot; when that is older than `BACKUP_INTERVAL_MS` (or there is none, or the api
//! cannot say) it pushes `RunBackup` at once, else when the interval since that snapshot ends;
//! then every interval. Like the cron ticks, it only enqueues; any replica runs the job.

use std::time::Duration;

use afiliados_api_client::InternalApi;
use afiliados_jobs::{JobQueues, RunBackup};
use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::metrics;

/// When the first backup is due: `now` when the last success is unknown or older than
/// `interval`, else the end of the interval since it.
pub(crate) fn first_due(
    now: DateTime<Utc>,
    last_success: Option<DateTime<Utc>>,
    interval: Duration,
) -> DateTime<Utc> {
    let next = last_success.and_then(|last| {
        chrono::Duration::from_std(interval)
            .ok()
            .and_then(|interval| last.checked_add_signed(interval))
    });
    match next {
        Some(next) if next > now => next,
        _ => now,
    }
}

/// Runs until `shutdown` turns `true`.
pub(crate) async fn run(
    api: InternalApi,
    producer: JobQueues,
    interval: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let last = match api.latest_backup().await {
        Ok(latest) => latest.map(|snapshot| snapshot.created_at),
        Err(error) => {
            tracing::warn!(error = %error, "could not read the latest backup; backing up now");
            None
        }
    };
    if let Some(last) = last {
        metrics::backup_last_success(last);
    }
    let mut due = first_due(Utc::now(), last, interval);
    tracing::info!(backup.interval_ms = interval.as_millis() as u64, backup.last_success = ?last, backup.next = %due, "backup timer started");
    loop {
        let wait = (due - Utc::now()).to_std().unwrap_or(Duration::ZERO);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.wait_for(|stopping| *stopping) => return,
        }
        let scheduled_at = Utc::now();
        match producer.push_job(RunBackup { scheduled_at }).await {
            Ok(()) => tracing::info!(backup.scheduled_at = %scheduled_at, "backup enqueued"),
            Err(error) => {
                tracing::warn!(error = %error, "could not enqueue the backup; next interval")
            }
        }
        due = chrono::Duration::from_std(interval)
            .ok()
            .and_then(|interval| scheduled_at.checked_add_signed(interval))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catches_up_when_the_last_success_is_older_than_the_interval() {
        let now: DateTime<Utc> = "2026-12-06T12:00:00Z".parse().unwrap();
        let interval = Duration::from_secs(900);
        assert_eq!(first_due(now, None, interval), now);
        let old = now - chrono::Duration::minutes(20);
        assert_eq!(first_due(now, Some(old), interval), now);
        let recent = now - chrono::Duration::minutes(5);
        assert_eq!(
            first_due(now, Some(recent), interval),
            now + chrono::Duration::minutes(10)
        );
    }
}
