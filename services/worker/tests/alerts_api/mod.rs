//! A stand-in for the api's operational endpoints (`api.md` §21.6): job-run bookkeeping,
//! `POST /internal/v1/alerts/evaluate` and `POST /internal/v1/retention/run`. It records every
//! body as the worker sent it; the real api's side is tested in the api.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use afiliados_api_types::internal_jobs::{FinishJobRun, StartJobRun};
use serde_json::Value;
use uuid::Uuid;

pub(crate) use afiliados_testkit::keys::INTERNAL_TOKEN as TOKEN;

#[derive(Clone, Default)]
pub(crate) struct AlertsApi {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    started: Vec<StartJobRun>,
    finished: Vec<FinishJobRun>,
    evaluations: Vec<Value>,
    retentions: Vec<Value>,
}

impl AlertsApi {
    fn with<T>(&self, read: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        read(&mut state)
    }

    pub(crate) fn started(&self) -> Vec<StartJobRun> {
        self.with(|s| s.started.clone())
    }

    pub(crate) fn finished(&self) -> Vec<FinishJobRun> {
        self.with(|s| s.finished.clone())
    }

    pub(crate) fn evaluations(&self) -> Vec<Value> {
        self.with(|s| s.evaluations.clone())
    }

    pub(crate) fn retentions(&self) -> Vec<Value> {
        self.with(|s| s.retentions.clone())
    }

    /// Serves the stand-in on a free port; returns its base URL.
    pub(crate) fn start(&self) -> std::io::Result<String> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let fake = self.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(fake.clone()))
                .route("/internal/v1/jobs/runs", web::post().to(start_run))
                .route("/internal/v1/jobs/runs/{id}", web::patch().to(finish_run))
                .route("/internal/v1/alerts/evaluate", web::post().to(evaluate))
                .route("/internal/v1/retention/run", web::post().to(retention))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)?
        .run();
        tokio::spawn(server);
        Ok(format!("http://127.0.0.1:{port}"))
    }
}

fn authorized(request: &HttpRequest) -> bool {
    request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        == Some(&format!("Bearer {TOKEN}"))
}

fn unauthenticated() -> HttpResponse {
    HttpResponse::Unauthorized().json(serde_json::json!({
        "error": "unauthenticated", "message": "unauthenticated", "details": []
    }))
}

async fn start_run(
    request: HttpRequest,
    fake: web::Data<AlertsApi>,
    body: web::Json<StartJobRun>,
) -> HttpResponse {
    if !authorized(&request) {
        return unauthenticated();
    }
    fake.with(|s| s.started.push(body.into_inner()));
    HttpResponse::Created().json(serde_json::json!({ "runId": Uuid::now_v7() }))
}

async fn finish_run(
    request: HttpRequest,
    fake: web::Data<AlertsApi>,
    body: web::Json<FinishJobRun>,
) -> HttpResponse {
    if !authorized(&request) {
        return unauthenticated();
    }
    fake.with(|s| s.finished.push(body.into_inner()));
    HttpResponse::NoContent().finish()
}

/// Raises nothing.
async fn evaluate(
    request: HttpRequest,
    fake: web::Data<AlertsApi>,
    body: web::Json<Value>,
) -> HttpResponse {
    if !authorized(&request) {
        return unauthenticated();
    }
    fake.with(|s| s.evaluations.push(body.into_inner()));
    HttpResponse::Ok().json(serde_json::json!({ "raised": [] }))
}

/// Purges three order documents and one stored object.
async fn retention(
    request: HttpRequest,
    fake: web::Data<AlertsApi>,
    body: web::Json<Value>,
) -> HttpResponse {
    if !authorized(&request) {
        return unauthenticated();
    }
    fake.with(|s| s.retentions.push(body.into_inner()));
    HttpResponse::Ok().json(serde_json::json!({ "payloadsPurged": 3, "documentsPurged": 1 }))
}
