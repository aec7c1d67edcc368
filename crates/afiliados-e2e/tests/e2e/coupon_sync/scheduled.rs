//! Scheduled jobs on the real stack: a pushed `RunDailyMaintenance` reaches the api, does the
//! maintenance of the tick's Bogota date and records a succeeded run; with cron enabled the
//! worker's own ticks enqueue it, and the tick loop stops with the worker.

use std::time::{Duration, Instant};

use afiliados_testkit::eventually;

use afiliados_db::job_runs::JobRun;
use afiliados_db::scheduled_jobs::ScheduledJob;
use afiliados_db_test::fixtures::CodeWorld;
use afiliados_jobs::{JobQueues, RunDailyMaintenance};
use chrono::{Days, Timelike, Utc};

use super::WAIT;
use super::stack::{Stack, TestResult, Tuning};
use crate::stack::redis_url;

async fn runs(stack: &Stack) -> TestResult<Vec<JobRun>> {
    let mut conn = stack.api.state.db.get().await?;
    Ok(
        afiliados_db::job_runs::of_job(&mut conn, stack.api.state.tenant_id, "daily_maintenance")
            .await?,
    )
}

async fn schedule(stack: &Stack) -> TestResult<Option<ScheduledJob>> {
    let mut conn = stack.api.state.db.get().await?;
    Ok(afiliados_db::scheduled_jobs::find(
        &mut conn,
        stack.api.state.tenant_id,
        "daily_maintenance",
    )
    .await?)
}

/// Waits until some run of the daily maintenance succeeded; returns the runs.
async fn wait_succeeded(stack: &Stack) -> TestResult<Vec<JobRun>> {
    let succeeded = eventually(WAIT, || async {
        runs(stack).await.ok().filter(|all| {
            all.iter()
                .any(|run| run.status == afiliados_domain::JobRunStatus::Succeeded)
        })
    })
    .await;
    match succeeded {
        Ok(all) => Ok(all),
        Err(timed_out) => {
            Err(format!("{timed_out}: no succeeded run: {:?}", runs(stack).await?).into())
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_daily_maintenance_runs_in_the_api_and_records_its_run() -> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let ids = stack.insert(&CodeWorld::active("maint")).await?;
    // The tick of 00:05 Bogota today; the campaign's last day was yesterday.
    let now = Utc::now();
    let today = afiliados_domain::bogota_date(now);
    let scheduled_at = afiliados_domain::business_day_start(today) + chrono::Duration::minutes(5);
    let yesterday = today.checked_sub_days(Days::new(1)).ok_or("date")?;
    let changes = afiliados_db::campaigns::CampaignChanges {
        end_date: Some(Some(yesterday)),
        ..Default::default()
    };
    afiliados_db::campaigns::update(
        &mut *stack.api.state.db.get().await?,
        ids.campaign_id,
        &changes,
    )
    .await?;

    let producer = JobQueues::connect(&redis_url(), &stack.namespace).await?;
    producer
        .push_job(RunDailyMaintenance { scheduled_at })
        .await?;

    let all = wait_succeeded(&stack).await?;
    assert_eq!(all.len(), 1, "one run for the tick: {all:?}");
    let run = &all[0];
    assert_eq!(run.scheduled_at, scheduled_at);
    assert!(run.finished_at.is_some() && run.duration_ms.is_some() && run.error.is_none());
    assert_eq!(run.details["date"], today.to_string());
    assert_eq!(run.details["attempt"], 1);
    assert_eq!(run.details["campaignsEnded"], 1);
    assert_eq!(run.details["codesRecomputed"], 1);
    assert_eq!(run.details["couponSyncsEnqueued"], 1);

    let job = schedule(&stack).await?.ok_or("no scheduled_jobs row")?;
    assert_eq!(job.status.as_str(), "idle");
    assert_eq!(job.schedule.as_deref(), Some("0 5 0 * * *"));
    assert_eq!(
        job.next_run_at,
        Some(scheduled_at + chrono::Duration::days(1)),
        "the next tick is tomorrow at 00:05 Bogota"
    );
    assert_eq!(job.last_run_at, Some(run.started_at));

    // The campaign ended, so its coupon is archived in the sandbox by the coupon sync it queued.
    let code = stack
        .wait_code(ids.code_id, WAIT, |row| row.0 == "synced")
        .await?;
    assert_eq!(code.4, Some(true), "archived: {code:?}");
    let metrics = stack.metrics().await?;
    let series = "marketing_afiliados_worker_jobs_total{queue=\"afiliados:scheduled\",outcome=\"succeeded\"}";
    assert!(metrics.contains(series), "missing {series} in\n{metrics}");
    stack.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cron_replica_enqueues_ticks_and_stops_with_the_worker() -> TestResult {
    // Every second, so the test sees ticks without waiting for 00:05.
    let stack = Stack::start(Tuning {
        daily_maintenance_cron: Some("* * * * * *"),
        ..Tuning::default()
    })
    .await?;
    let all = wait_succeeded(&stack).await?;
    for run in &all {
        assert_eq!(
            run.scheduled_at.nanosecond(),
            0,
            "a run is scheduled at its tick instant: {run:?}"
        );
    }
    let job = schedule(&stack).await?.ok_or("no scheduled_jobs row")?;
    assert_eq!(job.schedule.as_deref(), Some("* * * * * *"));

    let started = Instant::now();
    stack.stop().await?;
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the tick loop and the workers stop promptly"
    );
    Ok(())
}
