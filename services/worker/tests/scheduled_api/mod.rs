//! A scripted stand-in for the api's `/internal/v1` scheduled-work endpoints (`api.md` §21.6):
//! job-run bookkeeping and `POST /internal/v1/tiers/evaluate-due` (optionally failing the first
//! calls with given statuses). It records every call, so a test checks what the worker asked and
//! reported; the real api's side is tested in the api.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use afiliados_api_types::internal_jobs::{FinishJobRun, StartJobRun};
use afiliados_api_types::tiers::EvaluateDueTiersRequest;
use uuid::Uuid;

pub(crate) use afiliados_testkit::keys::INTERNAL_TOKEN as TOKEN;

#[derive(Clone, Default)]
pub(crate) struct ScheduledApi {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    started: Vec<StartJobRun>,
    finished: Vec<(Uuid, FinishJobRun)>,
    evaluations: Vec<EvaluateDueTiersRequest>,
    /// Statuses the evaluation answers first (e.g. `[503]`).
    evaluation_failures: Vec<u16>,
}

impl ScheduledApi {
    fn with<T>(&self, read: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        read(&mut state)
    }

    pub(crate) fn fail_evaluations(&self, statuses: Vec<u16>) {
        self.with(|s| s.evaluation_failures = statuses);
    }

    pub(crate) fn started(&self) -> Vec<StartJobRun> {
        self.with(|s| s.started.clone())
    }

    pub(crate) fn finished(&self) -> Vec<(Uuid, FinishJobRun)> {
        self.with(|s| s.finished.clone())
    }

    pub(crate) fn evaluations(&self) -> Vec<EvaluateDueTiersRequest> {
        self.with(|s| s.evaluations.clone())
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
                .route(
                    "/internal/v1/tiers/evaluate-due",
                    web::post().to(evaluate_due),
                )
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

fn error(status: u16) -> HttpResponse {
    let code = match status {
        401 => "unauthenticated",
        422 => "validation_failed",
        503 => "service_unavailable",
        _ => "internal_error",
    };
    let status = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .json(serde_json::json!({ "error": code, "message": code, "details": [] }))
}

async fn start_run(
    request: HttpRequest,
    fake: web::Data<ScheduledApi>,
    body: web::Json<StartJobRun>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401);
    }
    fake.with(|s| s.started.push(body.into_inner()));
    HttpResponse::Created().json(serde_json::json!({ "runId": Uuid::now_v7() }))
}

async fn finish_run(
    request: HttpRequest,
    fake: web::Data<ScheduledApi>,
    id: web::Path<Uuid>,
    body: web::Json<FinishJobRun>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401);
    }
    fake.with(|s| s.finished.push((*id, body.into_inner())));
    HttpResponse::NoContent().finish()
}

/// Answers one campaign evaluated with one upgrade, after the scripted failures.
async fn evaluate_due(
    request: HttpRequest,
    fake: web::Data<ScheduledApi>,
    body: web::Json<EvaluateDueTiersRequest>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401);
    }
    let failure = fake.with(|s| {
        s.evaluations.push(body.clone());
        (!s.evaluation_failures.is_empty()).then(|| s.evaluation_failures.remove(0))
    });
    if let Some(status) = failure {
        return error(status);
    }
    let at = body.scheduled_at;
    HttpResponse::Ok().json(serde_json::json!({ "evaluations": [{
        "campaignId": Uuid::nil(),
        "campaignName": "Cetaphil Lanzamiento",
        "evaluationAt": at,
        "windowStart": at - chrono::Duration::days(15),
        "windowEnd": at,
        "evaluated": 1,
        "changed": 1,
        "results": [{
            "influencerId": Uuid::nil(),
            "influencerName": "Isabela Gómez",
            "previousTier": { "level": 1, "name": "Base", "commissionPercent": 10.00 },
            "newTier": { "level": 2, "name": "Avanzado", "commissionPercent": 12.00 },
            "changed": true,
            "direction": "upgrade",
            "salesVolume": 620000.00
        }]
    }]}))
}
