//! What every stand-in for the api's `/internal/v1` in these tests shares: serving on a free port,
//! the worker's bearer token checked once for every route (anything else gets the api's 401
//! envelope), the error envelope, recorded state behind a lock, and the job-run bookkeeping
//! (`POST /internal/v1/jobs/runs`, `PATCH /internal/v1/jobs/runs/{id}`) that every scheduled job
//! reports to. Each `*_api` module adds only the endpoints its jobs call and what it records; the
//! real api's side of each endpoint is tested in the api crate and in `afiliados-e2e`.
#![allow(
    dead_code,
    reason = "every test binary includes this module and uses only the part its stand-in needs"
)]

use std::sync::{Arc, Mutex, PoisonError};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use afiliados_api_types::internal_jobs::{FinishJobRun, StartJobRun};
use uuid::Uuid;

pub(crate) use afiliados_testkit::keys::INTERNAL_TOKEN as TOKEN;

/// State shared by a stand-in's handlers and the test that scripts and reads it.
pub(crate) struct Recorded<S>(Arc<Mutex<S>>);

impl<S> Clone for Recorded<S> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<S: Default> Default for Recorded<S> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

impl<S> Recorded<S> {
    /// Runs `read` under the lock (a test that panicked while holding it does not poison the rest).
    pub(crate) fn with<T>(&self, read: impl FnOnce(&mut S) -> T) -> T {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        read(&mut state)
    }
}

/// Serves `routes` on a free port with `fake` (and `job_runs`, when the stand-in answers the job-run
/// bookkeeping) as app data; returns the base URL.
pub(crate) fn serve<F: Clone + Send + 'static>(
    fake: F,
    job_runs: Option<&JobRuns>,
    routes: fn(&mut web::ServiceConfig),
) -> std::io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let job_runs = job_runs.cloned();
    let server = HttpServer::new(move || {
        let app = App::new()
            .app_data(web::Data::new(fake.clone()))
            .app_data(web::JsonConfig::default().limit(16 * 1024 * 1024))
            .wrap(from_fn(require_token))
            .configure(routes);
        match &job_runs {
            Some(runs) => app
                .app_data(web::Data::new(runs.clone()))
                .configure(JobRuns::routes),
            None => app,
        }
    })
    .workers(2)
    .disable_signals()
    .listen(listener)?
    .run();
    tokio::spawn(server);
    Ok(format!("http://127.0.0.1:{port}"))
}

/// The api's error envelope with `status` and `code`.
pub(crate) fn error(status: u16, code: &str) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .json(serde_json::json!({ "error": code, "message": code, "details": [] }))
}

/// Takes the first scripted failure, if any is left.
pub(crate) fn next_failure(failures: Option<&mut Vec<u16>>) -> Option<u16> {
    failures.filter(|f| !f.is_empty()).map(|f| f.remove(0))
}

async fn require_token(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let bearer = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value == format!("Bearer {TOKEN}"));
    if bearer {
        Ok(next.call(request).await?.map_into_left_body())
    } else {
        Ok(request
            .into_response(error(401, "unauthenticated"))
            .map_into_right_body())
    }
}

/// The job-run bookkeeping of the scheduled jobs, recorded as the worker sent it.
#[derive(Clone, Default)]
pub(crate) struct JobRuns(Recorded<JobRunLog>);

#[derive(Default)]
struct JobRunLog {
    started: Vec<StartJobRun>,
    finished: Vec<(Uuid, FinishJobRun)>,
}

impl JobRuns {
    pub(crate) fn started(&self) -> Vec<StartJobRun> {
        self.0.with(|log| log.started.clone())
    }

    /// Every finish with the run id it was sent for.
    pub(crate) fn finished(&self) -> Vec<(Uuid, FinishJobRun)> {
        self.0.with(|log| log.finished.clone())
    }

    fn routes(config: &mut web::ServiceConfig) {
        config
            .route("/internal/v1/jobs/runs", web::post().to(start_run))
            .route("/internal/v1/jobs/runs/{id}", web::patch().to(finish_run));
    }
}

async fn start_run(runs: web::Data<JobRuns>, body: web::Json<StartJobRun>) -> HttpResponse {
    runs.0.with(|log| log.started.push(body.into_inner()));
    HttpResponse::Created().json(serde_json::json!({ "runId": Uuid::now_v7() }))
}

async fn finish_run(
    runs: web::Data<JobRuns>,
    id: web::Path<Uuid>,
    body: web::Json<FinishJobRun>,
) -> HttpResponse {
    runs.0
        .with(|log| log.finished.push((*id, body.into_inner())));
    HttpResponse::NoContent().finish()
}
