//! The `afiliados:scheduled` queue: every payload a cron tick enqueues (`api.md` §21.1, cap 3).
//! They all share the `{scheduledAt}` shape, so each carries its name in a `job` field and one
//! apalis worker consumes the queue, dispatching on that tag (two typed workers on one queue
//! would each fetch the other's tasks and fail to decode them). Settlement, tier evaluation,
//! reconciliation… add a variant here and a module next to [`daily_maintenance`].
//!
//! Also the run bookkeeping every scheduled job shares: the run is opened before the work and
//! finished after it (`POST`/`PATCH /internal/v1/jobs/runs`), once per attempt.

use std::time::{Duration, Instant};

use afiliados_api_client::InternalApi;
use afiliados_api_types::internal_jobs::{FinishJobRun, JobRunStatus, StartJobRun};
use afiliados_jobs::{RunDailyMaintenance, queues};
use apalis::prelude::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, Serializer};
use tracing::Instrument as _;

use super::coupons::{api_failure, failure_text, refuse_while_stopping, report_with_retries};
use super::daily_maintenance;
use crate::schedules::CronSchedule;
use crate::{JobError, WorkerCtx, jobs, monitor::Deps, retry};

/// Bound on one attempt: the api call's own bound plus the bookkeeping around it.
pub const TIMEOUT: Duration = Duration::from_secs(150);

/// What the scheduled queue holds, told apart by its `job` tag.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "job")]
pub enum ScheduledTask {
    /// `{"job": "RunDailyMaintenance", "scheduledAt"}`.
    RunDailyMaintenance(RunDailyMaintenance),
}

impl Serialize for ScheduledTask {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Each payload writes its own `job` tag; a derived tagged enum would write it twice.
        match self {
            ScheduledTask::RunDailyMaintenance(job) => job.serialize(serializer),
        }
    }
}

/// The apalis entry point.
pub(crate) async fn run(
    task: ScheduledTask,
    ctx: Data<WorkerCtx>,
    attempt: Attempt,
    task_id: TaskId,
) -> Result<(), BoxDynError> {
    let attempt = attempt.current();
    let request_id = task_id.to_string();
    match task {
        ScheduledTask::RunDailyMaintenance(job) => {
            let span = tracing::info_span!("daily_maintenance", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at);
            let work = daily_maintenance::handle(job, &ctx, attempt, request_id);
            jobs::instrumented(
                queues::SCHEDULED,
                queues::SCHEDULED_MAX_ATTEMPTS,
                attempt,
                TIMEOUT,
                work,
            )
            .instrument(span)
            .await
        }
    }
}

/// Adds the scheduled-queue worker to the monitor with the shared stack.
pub(crate) fn register(monitor: Monitor, deps: Deps) -> Monitor {
    monitor.register(move |restarts| {
        // The queue and settings of `RunDailyMaintenance`, which every scheduled payload shares.
        let config = afiliados_jobs::storage_config::<RunDailyMaintenance>(&deps.namespace);
        let backend = apalis_redis::RedisStorage::<ScheduledTask, _>::new(deps.conn.clone())
            .with_config(config)
            .poll_with_interval(deps.poll_interval);
        WorkerBuilder::new(deps.worker_name("scheduled", restarts))
            .backend(backend)
            .data(deps.ctx.clone())
            .concurrency(deps.concurrency)
            .retry(retry::JobRetryPolicy::with_backoff(
                queues::SCHEDULED_MAX_ATTEMPTS,
                deps.retry,
                deps.ctx.shutdown.clone(),
            ))
            .enable_tracing()
            .build(run)
    })
}

/// One attempt of a scheduled job: what it is, and how to call the api.
pub(crate) struct Attempted<'a> {
    /// Schedule name (`daily_maintenance`), the `jobName` of its runs.
    pub(crate) name: &'static str,
    /// The tick.
    pub(crate) scheduled_at: DateTime<Utc>,
    /// Its schedule, when configured on this replica.
    pub(crate) schedule: Option<&'a CronSchedule>,
    /// 1-based attempt number.
    pub(crate) attempt: usize,
}

/// Opens the run, does `work`, and finishes the run with its outcome and `details` (the work's
/// answer as JSON, plus the attempt). The work's failure is returned as it is, after it was
/// reported; a success that cannot be reported fails the attempt so the run is not left open.
pub(crate) async fn recorded<F, Fut>(
    ctx: &WorkerCtx,
    api: &InternalApi,
    attempted: Attempted<'_>,
    work: F,
) -> Result<(), JobError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<serde_json::Value, JobError>>,
{
    refuse_while_stopping(ctx)?;
    let started_at = Utc::now();
    let clock = Instant::now();
    let start = StartJobRun {
        job_name: attempted.name.to_owned(),
        scheduled_at: attempted.scheduled_at,
        started_at,
        schedule: attempted.schedule.map(|s| s.expression().to_owned()),
        next_run_at: attempted
            .schedule
            .and_then(|s| s.next_after(attempted.scheduled_at)),
    };
    let run = api
        .start_job_run(&start)
        .await
        .map_err(|error| api_failure("opening the job run", error))?;
    let outcome = work().await;
    let mut details = serde_json::json!({ "attempt": attempted.attempt });
    let (status, error) = match &outcome {
        Ok(answer) => {
            if let (Some(target), Some(source)) = (details.as_object_mut(), answer.as_object()) {
                target.extend(source.clone());
            }
            (JobRunStatus::Succeeded, None)
        }
        Err(error) => (JobRunStatus::Failed, Some(failure_text(error))),
    };
    let finish = FinishJobRun {
        status,
        finished_at: Utc::now(),
        duration_ms: i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX),
        error,
        details: Some(details),
    };
    let reported = report_with_retries("finishing the job run", || {
        api.finish_job_run(run.run_id, &finish)
    })
    .await;
    match (outcome, reported) {
        (Ok(_), reported) => reported,
        (Err(error), Ok(())) => Err(error),
        (Err(error), Err(report_error)) => {
            tracing::warn!(job.run_id = %run.run_id, error = %report_error, "could not report the failed run");
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_payloads_decode_by_their_tag_and_encode_once() {
        let at = DateTime::parse_from_rfc3339("2026-12-02T05:05:00Z")
            .map(|at| at.with_timezone(&Utc))
            .unwrap();
        let json = serde_json::json!({ "job": "RunDailyMaintenance", "scheduledAt": "2026-12-02T05:05:00Z" });
        let task: ScheduledTask = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(
            task,
            ScheduledTask::RunDailyMaintenance(RunDailyMaintenance { scheduled_at: at })
        );
        assert_eq!(
            serde_json::to_string(&task).unwrap(),
            r#"{"job":"RunDailyMaintenance","scheduledAt":"2026-12-02T05:05:00Z"}"#
        );
        let untagged = serde_json::json!({ "scheduledAt": "2026-12-02T05:05:00Z" });
        assert!(serde_json::from_value::<ScheduledTask>(untagged).is_err());
    }
}
