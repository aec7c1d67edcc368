//! The cron replica's tick loops (`architecture.md` §3.4): with `WORKER_ENABLE_CRON=true`, one
//! task per enabled schedule sleeps until its next Bogota tick and pushes the schedule's job to
//! the `afiliados:scheduled` queue with the tick instant — nothing else. The job itself runs on
//! any worker, with the queue's retries and metrics. Every loop stops at shutdown.

use std::time::Duration;

use afiliados_jobs::{
    EscalateDiscrepancies, EvaluateAlerts, EvaluateDueTiers, Job, JobQueues, PollVtexFeed,
    PurgeData, RunDailyMaintenance, RunSettlement, ScheduledReconciliationType,
    StartReconciliation,
};
use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::schedules::{CronSchedule, Schedules};

/// Longest single sleep: the wall clock is checked again at least this often, so a clock step
/// (NTP, a suspended VM) delays a tick by at most this much.
const MAX_SLEEP: Duration = Duration::from_secs(30);
/// Longest pause between two attempts to push a tick while Redis is away.
const MAX_PUSH_RETRY: Duration = Duration::from_secs(30);

/// Starts one tick loop per enabled schedule; they end when `shutdown` turns `true`.
pub(crate) fn start(
    schedules: &Schedules,
    producer: &JobQueues,
    shutdown: &watch::Receiver<bool>,
) -> JoinSet<()> {
    let mut loops = JoinSet::new();
    enable(
        &mut loops,
        ("daily_maintenance", "DAILY_MAINTENANCE_CRON"),
        schedules.daily_maintenance.as_ref(),
        producer,
        shutdown,
        |scheduled_at| RunDailyMaintenance { scheduled_at },
    );
    enable(
        &mut loops,
        ("settlement", "SETTLEMENT_CRON"),
        schedules.settlement.as_ref(),
        producer,
        shutdown,
        |scheduled_at| RunSettlement { scheduled_at },
    );
    enable(
        &mut loops,
        ("tier_evaluation", "TIER_EVALUATION_CRON"),
        schedules.tier_evaluation.as_ref(),
        producer,
        shutdown,
        |scheduled_at| EvaluateDueTiers { scheduled_at },
    );
    enable(
        &mut loops,
        ("reconciliation", "RECONCILIATION_CRON"),
        schedules.reconciliation.as_ref(),
        producer,
        shutdown,
        |scheduled_at| StartReconciliation {
            scheduled_at,
            run_type: ScheduledReconciliationType::Daily,
        },
    );
    enable(
        &mut loops,
        (
            "reconciliation_fortnightly",
            "RECONCILIATION_FORTNIGHTLY_CRON",
        ),
        schedules.reconciliation_fortnightly.as_ref(),
        producer,
        shutdown,
        |scheduled_at| StartReconciliation {
            scheduled_at,
            run_type: ScheduledReconciliationType::Fortnightly,
        },
    );
    enable(
        &mut loops,
        ("discrepancy_escalation", "ESCALATION_CRON"),
        schedules.escalation.as_ref(),
        producer,
        shutdown,
        |scheduled_at| EscalateDiscrepancies { scheduled_at },
    );
    enable(
        &mut loops,
        ("operational_checks", "HEALTH_CHECK_CRON"),
        schedules.health_check.as_ref(),
        producer,
        shutdown,
        |scheduled_at| EvaluateAlerts { scheduled_at },
    );
    enable(
        &mut loops,
        ("data_retention", "DATA_RETENTION_CRON"),
        schedules.data_retention.as_ref(),
        producer,
        shutdown,
        |scheduled_at| PurgeData { scheduled_at },
    );
    enable(
        &mut loops,
        ("vtex_feed_poll", "VTEX_FEED_POLL_CRON"),
        schedules.vtex_feed_poll.as_ref(),
        producer,
        shutdown,
        |scheduled_at| PollVtexFeed { scheduled_at },
    );
    loops
}

/// Starts the tick loop of one schedule (`(name, variable)`), or logs that it is disabled.
fn enable<J: Job + Clone>(
    loops: &mut JoinSet<()>,
    (name, variable): (&'static str, &'static str),
    schedule: Option<&CronSchedule>,
    producer: &JobQueues,
    shutdown: &watch::Receiver<bool>,
    job: fn(DateTime<Utc>) -> J,
) {
    match schedule {
        Some(schedule) => {
            tracing::info!(
                schedule.name = name,
                schedule.cron = schedule.expression(),
                schedule.next = ?schedule.next_after(Utc::now()),
                "schedule enabled (America/Bogota)"
            );
            loops.spawn(tick_loop(
                name,
                schedule.clone(),
                producer.clone(),
                shutdown.clone(),
                job,
            ));
        }
        None => tracing::info!(
            schedule.name = name,
            "schedule disabled ({variable} is empty)"
        ),
    }
}

/// Sleeps until each tick of `schedule` and pushes `job(tick)`, until shutdown.
async fn tick_loop<J: Job + Clone>(
    name: &'static str,
    schedule: CronSchedule,
    producer: JobQueues,
    mut shutdown: watch::Receiver<bool>,
    job: fn(DateTime<Utc>) -> J,
) {
    let mut after = Utc::now();
    loop {
        let Some(tick) = schedule.next_after(after) else {
            tracing::warn!(schedule.name = name, "the schedule has no further ticks");
            return;
        };
        tracing::debug!(schedule.name = name, schedule.next = %tick, "waiting for the next tick");
        if !sleep_until(tick, &mut shutdown).await {
            return;
        }
        let deadline = schedule.next_after(tick).unwrap_or(tick);
        if !push_tick(name, tick, deadline, &producer, job(tick), &mut shutdown).await {
            return;
        }
        after = tick;
    }
}

/// Waits until the wall clock reaches `tick`; `false` when shutdown came first.
async fn sleep_until(tick: DateTime<Utc>, shutdown: &mut watch::Receiver<bool>) -> bool {
    loop {
        if *shutdown.borrow() {
            return false;
        }
        let Ok(left) = (tick - Utc::now()).to_std() else {
            return true;
        };
        if left.is_zero() {
            return true;
        }
        tokio::select! {
            () = tokio::time::sleep(left.min(MAX_SLEEP)) => {}
            _ = shutdown.wait_for(|stopping| *stopping) => return false,
        }
    }
}

/// Pushes the tick's job, retrying while Redis is away until it is pushed, the schedule's next
/// tick (`deadline`) comes (that tick is then lost; the missed-schedule alert sees it) or
/// shutdown. `false` only on shutdown.
async fn push_tick<J: Job + Clone>(
    name: &'static str,
    tick: DateTime<Utc>,
    deadline: DateTime<Utc>,
    producer: &JobQueues,
    job: J,
    shutdown: &mut watch::Receiver<bool>,
) -> bool {
    let mut pause = Duration::from_secs(1);
    loop {
        match producer.push_job(job.clone()).await {
            Ok(()) => {
                tracing::info!(schedule.name = name, schedule.tick = %tick, job.name = J::NAME, "tick enqueued");
                return true;
            }
            Err(error) if Utc::now() + pause < deadline => {
                tracing::warn!(schedule.name = name, schedule.tick = %tick, error = %error, "could not enqueue the tick; retrying");
            }
            Err(error) => {
                tracing::error!(schedule.name = name, schedule.tick = %tick, error = %error, "tick lost: it could not be enqueued before the next one");
                return true;
            }
        }
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            _ = shutdown.wait_for(|stopping| *stopping) => return false,
        }
        pause = (pause * 2).min(MAX_PUSH_RETRY);
    }
}
