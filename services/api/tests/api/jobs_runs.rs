//! `POST /internal/v1/jobs/runs` and `PATCH /internal/v1/jobs/runs/{id}`: one run per job and
//! tick, identical repeats change nothing, a retried attempt reopens the run, and
//! `scheduled_jobs` mirrors the latest run.

use afiliados_db::scheduled_jobs::ScheduledJob;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const RUNS: &str = "/internal/v1/jobs/runs";

fn at(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

async fn start(app: &TestApp, body: Value) -> (u16, Value) {
    let response = app.post(RUNS, INTERNAL_TOKEN, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn finish(app: &TestApp, id: &str, body: Value) -> (u16, Value) {
    let response = app
        .patch(&format!("{RUNS}/{id}"), INTERNAL_TOKEN, body)
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn schedule(app: &TestApp, name: &str) -> ScheduledJob {
    afiliados_db::scheduled_jobs::find(&mut *app.conn().await, app.state.tenant_id, name)
        .await
        .unwrap()
        .unwrap()
}

async fn runs(app: &TestApp, name: &str) -> Vec<afiliados_db::job_runs::JobRun> {
    afiliados_db::job_runs::of_job(&mut *app.conn().await, app.state.tenant_id, name)
        .await
        .unwrap()
}

#[tokio::test]
async fn jobs_runs_are_recorded_once_per_tick_and_mirrored() {
    let app = spawn_app().await;
    let body = json!({
        "jobName": "daily_maintenance",
        "scheduledAt": "2026-12-02T05:05:00Z",
        "startedAt": "2026-12-02T05:05:01Z",
        "schedule": "0 5 0 * * *",
        "nextRunAt": "2026-12-03T05:05:00Z",
    });
    let (status, started) = start(&app, body.clone()).await;
    assert_eq!(status, 201, "{started}");
    let run_id = started["runId"].as_str().unwrap().to_owned();
    let job = schedule(&app, "daily_maintenance").await;
    assert_eq!(job.status.as_str(), "running");
    assert_eq!(job.schedule.as_deref(), Some("0 5 0 * * *"));
    assert_eq!(job.next_run_at, Some(at("2026-12-03T05:05:00Z")));
    assert_eq!(job.last_run_at, None);

    // The same call again: the same run, nothing else.
    let (status, again) = start(&app, body.clone()).await;
    assert_eq!(
        (status, again["runId"].as_str()),
        (201, Some(run_id.as_str()))
    );
    assert_eq!(runs(&app, "daily_maintenance").await.len(), 1);

    let done = json!({
        "status": "succeeded",
        "finishedAt": "2026-12-02T05:05:04Z",
        "durationMs": 3120,
        "details": { "codesRecomputed": 12 },
    });
    assert_eq!(finish(&app, &run_id, done.clone()).await.0, 204);
    let run = &runs(&app, "daily_maintenance").await[0];
    assert_eq!(run.status.as_str(), "succeeded");
    assert_eq!(run.finished_at, Some(at("2026-12-02T05:05:04Z")));
    assert_eq!(run.duration_ms, Some(3120));
    assert_eq!(run.details, json!({ "codesRecomputed": 12 }));
    assert_eq!(run.error, None);
    let job = schedule(&app, "daily_maintenance").await;
    assert_eq!(job.status.as_str(), "idle");
    assert_eq!(job.last_run_at, Some(at("2026-12-02T05:05:01Z")));
    assert_eq!(job.last_duration_ms, Some(3120));
    assert_eq!(job.last_error, None);

    // Repeats are idempotent; reporting the finished run as failed is a conflict.
    assert_eq!(finish(&app, &run_id, done).await.0, 204);
    let (status, conflict) = finish(
        &app,
        &run_id,
        json!({ "status": "failed", "finishedAt": "2026-12-02T05:06:00Z", "durationMs": 1, "error": "late" }),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(conflict["error"], "invalid_transition");
    // A duplicate task of a tick that already succeeded gets the same, untouched run.
    let mut duplicate = body.clone();
    duplicate["startedAt"] = json!("2026-12-02T05:07:00Z");
    let (status, same) = start(&app, duplicate).await;
    assert_eq!(
        (status, same["runId"].as_str()),
        (201, Some(run_id.as_str()))
    );
    assert_eq!(
        runs(&app, "daily_maintenance").await[0].status.as_str(),
        "succeeded"
    );
    assert_eq!(
        schedule(&app, "daily_maintenance").await.status.as_str(),
        "idle"
    );
}

#[tokio::test]
async fn jobs_runs_a_failed_attempt_is_retried_on_the_same_run() {
    let app = spawn_app().await;
    let first = json!({
        "jobName": "daily_maintenance",
        "scheduledAt": "2026-12-03T05:05:00Z",
        "startedAt": "2026-12-03T05:05:00.500Z",
    });
    let (_, started) = start(&app, first).await;
    let run_id = started["runId"].as_str().unwrap().to_owned();
    let long_error = "x".repeat(3000);
    let failed = json!({ "status": "failed", "finishedAt": "2026-12-03T05:05:30Z", "durationMs": 29500, "error": long_error });
    assert_eq!(finish(&app, &run_id, failed).await.0, 204);
    let job = schedule(&app, "daily_maintenance").await;
    assert_eq!(job.status.as_str(), "failed");
    assert_eq!(job.last_error.as_deref().map(str::len), Some(1000));
    assert_eq!(job.schedule, None, "no schedule was reported");

    let retry = json!({
        "jobName": "daily_maintenance",
        "scheduledAt": "2026-12-03T05:05:00Z",
        "startedAt": "2026-12-03T05:05:33Z",
    });
    let (_, restarted) = start(&app, retry).await;
    assert_eq!(restarted["runId"].as_str(), Some(run_id.as_str()));
    let run = &runs(&app, "daily_maintenance").await[0];
    assert_eq!(
        (run.status.as_str(), run.error.as_deref()),
        ("running", None)
    );
    assert_eq!(run.started_at, at("2026-12-03T05:05:33Z"));
    assert_eq!(
        schedule(&app, "daily_maintenance").await.status.as_str(),
        "running"
    );

    let ok =
        json!({ "status": "succeeded", "finishedAt": "2026-12-03T05:05:35Z", "durationMs": 2000 });
    assert_eq!(finish(&app, &run_id, ok).await.0, 204);
    let job = schedule(&app, "daily_maintenance").await;
    assert_eq!((job.status.as_str(), job.last_error), ("idle", None));
    assert_eq!(job.last_run_at, Some(at("2026-12-03T05:05:33Z")));
    assert_eq!(runs(&app, "daily_maintenance").await[0].details, json!({}));

    // A late report about an older tick does not overwrite the newer run's mirror.
    let (_, newer) = start(
        &app,
        json!({ "jobName": "daily_maintenance", "scheduledAt": "2026-12-04T05:05:00Z", "startedAt": "2026-12-04T05:05:01Z" }),
    )
    .await;
    assert_ne!(newer["runId"].as_str(), Some(run_id.as_str()));
    assert_eq!(
        schedule(&app, "daily_maintenance").await.status.as_str(),
        "running"
    );
    assert_eq!(runs(&app, "daily_maintenance").await.len(), 2);
}

#[tokio::test]
async fn jobs_runs_refuse_bad_input_unknown_runs_and_users() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let body = json!({ "jobName": "daily_maintenance", "scheduledAt": "2026-12-02T05:05:00Z", "startedAt": "2026-12-02T05:05:01Z" });
    assert_eq!(app.post(RUNS, &admin, body).await.status(), 401);

    let (status, error) = start(
        &app,
        json!({ "jobName": "Daily Maintenance", "scheduledAt": "2026-12-02T05:05:00Z", "startedAt": "2026-12-02T05:05:01Z" }),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(error["details"][0]["field"], "jobName");
    let (status, error) = start(&app, json!({ "jobName": "daily_maintenance" })).await;
    assert_eq!(status, 422, "{error}");

    let unknown = Uuid::now_v7().to_string();
    let ok =
        json!({ "status": "succeeded", "finishedAt": "2026-12-02T05:05:04Z", "durationMs": 5 });
    assert_eq!(finish(&app, &unknown, ok).await.0, 404);
    let (_, started) = start(
        &app,
        json!({ "jobName": "daily_maintenance", "scheduledAt": "2026-12-02T05:05:00Z", "startedAt": "2026-12-02T05:05:01Z" }),
    )
    .await;
    let run_id = started["runId"].as_str().unwrap().to_owned();
    let (status, error) = finish(
        &app,
        &run_id,
        json!({ "status": "succeeded", "finishedAt": "2026-12-02T05:05:04Z", "durationMs": -1 }),
    )
    .await;
    assert_eq!(
        (status, error["details"][0]["field"].as_str()),
        (422, Some("durationMs"))
    );
    let (status, error) = finish(
        &app,
        &run_id,
        json!({ "status": "succeeded", "finishedAt": "2026-12-02T05:05:04Z", "durationMs": 4, "details": [1] }),
    )
    .await;
    assert_eq!(
        (status, error["details"][0]["field"].as_str()),
        (422, Some("details"))
    );
    let (status, _) = finish(
        &app,
        &run_id,
        json!({ "status": "done", "finishedAt": "2026-12-02T05:05:04Z", "durationMs": 4 }),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        runs(&app, "daily_maintenance").await[0].status.as_str(),
        "running"
    );
}
