//! The `afiliados:scheduled` queue: every payload a cron tick enqueues (`api.md` §21.1, cap 3).
//! They all share the `{scheduledAt}` shape; the queue's task enum tells them apart by their
//! `job` tag. Settlement, tier evaluation, reconciliation starts, escalation… each added a variant to
//! `afiliados_jobs::ScheduledTask`, an arm here and a module next to [`daily_maintenance`].
//!
//! Also the run bookkeeping every scheduled job shares: the run is opened before the work and
//! finished after it (`POST`/`PATCH /internal/v1/jobs/runs`), once per attempt.

use std::time::{Duration, Instant};

use afiliados_api_client::InternalApi;
use afiliados_api_types::internal_jobs::{FinishJobRun, JobRunStatus, StartJobRun};
use afiliados_jobs::{ScheduledTask, queues};
use apalis::prelude::TaskId;
use chrono::{DateTime, Utc};

use super::coupons::{api_failure, failure_text, refuse_while_stopping, report_with_retries};
use super::{
    daily_maintenance, data_retention, escalation, operational_checks, poll_vtex_feed, settlement,
    start_reconciliation, tier_evaluation,
};
use crate::schedules::CronSchedule;
use crate::{JobError, WorkerCtx, jobs::Consumer};

/// Bound on one attempt: the api call's own bound plus the bookkeeping around it.
pub const TIMEOUT: Duration = Duration::from_secs(150);

impl Consumer for ScheduledTask {
    const WORKER: &'static str = "scheduled";
    const TIMEOUT: Duration = TIMEOUT;

    fn span(&self, task_id: &TaskId, attempt: usize) -> tracing::Span {
        match self {
            ScheduledTask::RunDailyMaintenance(job) => {
                tracing::info_span!("daily_maintenance", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at)
            }
            ScheduledTask::RunSettlement(job) => {
                tracing::info_span!("settlement", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at)
            }
            ScheduledTask::EvaluateDueTiers(job) => {
                tracing::info_span!("tier_evaluation", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at)
            }
            ScheduledTask::StartReconciliation(job) => {
                tracing::info_span!("start_reconciliation", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at, reconciliation.type = ?job.run_type)
            }
            ScheduledTask::EscalateDiscrepancies(job) => {
                tracing::info_span!("discrepancy_escalation", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at)
            }
            ScheduledTask::EvaluateAlerts(job) => {
                tracing::info_span!("operational_checks", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at)
            }
            ScheduledTask::PurgeData(job) => {
                tracing::info_span!("data_retention", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at)
            }
            ScheduledTask::PollVtexFeed(job) => {
                tracing::info_span!("vtex_feed_poll", job.queue = queues::SCHEDULED, job.id = %task_id, job.attempt = attempt, job.scheduled_at = %job.scheduled_at)
            }
        }
    }

    async fn handle(
        self,
        ctx: &WorkerCtx,
        attempt: usize,
        request_id: String,
    ) -> Result<(), JobError> {
        match self {
            ScheduledTask::RunDailyMaintenance(job) => {
                daily_maintenance::handle(job, ctx, attempt, request_id).await
            }
            ScheduledTask::RunSettlement(job) => {
                settlement::handle(job, ctx, attempt, request_id).await
            }
            ScheduledTask::EvaluateDueTiers(job) => {
                tier_evaluation::handle(job, ctx, attempt, request_id).await
            }
            ScheduledTask::StartReconciliation(job) => {
                start_reconciliation::handle(job, ctx, attempt, request_id).await
            }
            ScheduledTask::EscalateDiscrepancies(job) => {
                escalation::handle(job, ctx, attempt, request_id).await
            }
            ScheduledTask::EvaluateAlerts(job) => {
                operational_checks::handle(job, ctx, attempt, request_id).await
            }
            ScheduledTask::PurgeData(job) => {
                data_retention::handle(job, ctx, attempt, request_id).await
            }
            ScheduledTask::PollVtexFeed(job) => {
                poll_vtex_feed::handle(job, ctx, attempt, request_id).await
            }
        }
    }
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
