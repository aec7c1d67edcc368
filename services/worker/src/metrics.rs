//! The worker's metric families (served on `WORKER_METRICS_PORT` `/metrics`).

use std::time::Duration;

use afiliados_jobs::queues;

/// Jobs finished, by queue and outcome (`succeeded`, `retried`, `failed`).
pub(crate) const JOBS_TOTAL: &str = "marketing_afiliados_worker_jobs_total";
/// Time spent in one attempt of a job, by queue.
pub(crate) const JOB_DURATION: &str = "marketing_afiliados_worker_job_duration_seconds";
/// Backup runs started.
pub(crate) const BACKUP_RUNS_TOTAL: &str = "marketing_afiliados_worker_backup_runs_total";
/// Failed backup runs.
pub(crate) const BACKUP_FAILURES_TOTAL: &str = "marketing_afiliados_worker_backup_failures_total";
/// Duration of one backup run (dump, seal, store, report, prune).
pub(crate) const BACKUP_DURATION: &str = "marketing_afiliados_worker_backup_duration_seconds";
/// When the newest successful backup was taken (Unix seconds); absent until one is known.
pub(crate) const BACKUP_LAST_SUCCESS: &str =
    "marketing_afiliados_worker_backup_last_success_timestamp_seconds";

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Done (including "nothing to do").
    Succeeded,
    /// Failed transiently; another attempt follows.
    Retried,
    /// Failed for good (permanent, or the attempt cap).
    Failed,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Retried => "retried",
            Outcome::Failed => "failed",
        }
    }
}

/// The queues this build consumes, for zero-initialised series.
const CONSUMED_QUEUES: &[&str] = &[
    queues::EMAILS,
    queues::COUPONS,
    queues::VTEX_ORDERS,
    queues::RECONCILIATION,
    queues::BACKUPS,
];

/// Describes every family and creates the series at 0, so dashboards and alerts see them before
/// the first job. Call after the recorder is installed.
pub(crate) fn register() {
    metrics::describe_counter!(
        JOBS_TOTAL,
        "Jobs finished, by queue and outcome (succeeded, retried, failed)."
    );
    metrics::describe_histogram!(
        JOB_DURATION,
        metrics::Unit::Seconds,
        "Duration of one job attempt, by queue."
    );
    metrics::describe_counter!(BACKUP_RUNS_TOTAL, "Database backup runs started.");
    metrics::describe_counter!(BACKUP_FAILURES_TOTAL, "Database backup runs that failed.");
    metrics::describe_histogram!(
        BACKUP_DURATION,
        metrics::Unit::Seconds,
        "Duration of one database backup run."
    );
    metrics::describe_gauge!(
        BACKUP_LAST_SUCCESS,
        "When the newest successful database backup was taken, Unix seconds."
    );
    for queue in CONSUMED_QUEUES {
        for outcome in [Outcome::Succeeded, Outcome::Retried, Outcome::Failed] {
            metrics::counter!(JOBS_TOTAL, "queue" => *queue, "outcome" => outcome.label())
                .absolute(0);
        }
    }
    describe_vtex();
    metrics::counter!(BACKUP_RUNS_TOTAL).absolute(0);
    metrics::counter!(BACKUP_FAILURES_TOTAL).absolute(0);
}

/// A backup run starts.
pub(crate) fn backup_started() {
    metrics::counter!(BACKUP_RUNS_TOTAL).increment(1);
}

/// A backup run succeeded with a dump taken at `taken_at`.
pub(crate) fn backup_succeeded(elapsed: Duration, taken_at: chrono::DateTime<chrono::Utc>) {
    metrics::histogram!(BACKUP_DURATION).record(elapsed.as_secs_f64());
    backup_last_success(taken_at);
}

/// A backup run failed.
pub(crate) fn backup_failed(elapsed: Duration) {
    metrics::counter!(BACKUP_FAILURES_TOTAL).increment(1);
    metrics::histogram!(BACKUP_DURATION).record(elapsed.as_secs_f64());
}

/// The newest successful backup (also set at start-up from the api's record).
pub(crate) fn backup_last_success(taken_at: chrono::DateTime<chrono::Utc>) {
    metrics::gauge!(BACKUP_LAST_SUCCESS).set(taken_at.timestamp() as f64);
}

/// Records one finished attempt.
pub(crate) fn record(queue: &'static str, outcome: Outcome, elapsed: Duration) {
    metrics::counter!(JOBS_TOTAL, "queue" => queue, "outcome" => outcome.label()).increment(1);
    metrics::histogram!(JOB_DURATION, "queue" => queue).record(elapsed.as_secs_f64());
}

/// The VTEX client's families (`vtex.md` §8); the client records them, the worker describes them.
fn describe_vtex() {
    use afiliados_vtex::metrics as vtex;
    metrics::describe_counter!(
        vtex::REQUESTS_TOTAL,
        "VTEX request attempts, by operation, status class and outcome."
    );
    metrics::describe_histogram!(
        vtex::REQUEST_DURATION_SECONDS,
        metrics::Unit::Seconds,
        "Duration of one VTEX request attempt, by operation."
    );
    metrics::describe_counter!(
        vtex::RETRIES_TOTAL,
        "VTEX requests retried inside a call, by operation and reason."
    );
    metrics::describe_counter!(
        vtex::CREDENTIAL_ROTATIONS_TOTAL,
        "Moves to the next VTEX credential after a 401 or 403."
    );
    metrics::counter!(vtex::CREDENTIAL_ROTATIONS_TOTAL).absolute(0);
}
