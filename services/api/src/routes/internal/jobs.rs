//! The worker's job-run bookkeeping (`api.md` §21.6): open a run per attempt, finish it.

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal_jobs::{FinishJobRun, JobRunStarted, StartJobRun};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::jobs::{finish_run, start_run};

/// `POST /internal/v1/jobs/runs` → 201 `{runId}`; `scheduled_jobs` shows the job `running`.
pub(super) async fn start_job_run(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<StartJobRun>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let run = transaction::run(&state, async |tx| start_run::start(tx, &ctx, &body).await).await?;
    tracing::debug!(job.name = %run.job_name, job.run_id = %run.id, job.status = %run.status, "job run started");
    Ok(HttpResponse::Created().json(JobRunStarted { run_id: run.id }))
}

/// `PATCH /internal/v1/jobs/runs/{id}` → 204; `scheduled_jobs.last_*` updated.
pub(super) async fn finish_job_run(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<FinishJobRun>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        finish_run::finish(tx, &ctx, *id, &body).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
