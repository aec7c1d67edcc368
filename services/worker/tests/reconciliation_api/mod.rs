//! A scripted stand-in for the api's reconciliation endpoints (`api.md` §21.5): it serves the
//! runs a test registers, keeps the chunks the worker submits (a repeated chunk number replaces
//! the earlier one, as the api does), answers the comparison with the ids the test chose for the
//! deep check, and records every call, so a test checks what the worker listed and reported.
//! The api's own side is tested in the api crate and in `afiliados-e2e`.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex},
};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use afiliados_api_types::internal_jobs::{FinishJobRun, StartJobRun};
use afiliados_api_types::reconciliation::{
    ClassCounts, CompareRequest, CompareResponse, DeepCheckRequest, FailReconciliation,
    ReconciliationJobView, ReconciliationRunResponse, ReportLinks, ScheduledReconciliationStarted,
    StartScheduledReconciliation, VtexOrdersChunk,
};
use afiliados_domain::{Percent, ReconciliationSource, ReconciliationStatus, ReconciliationType};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

pub(crate) use afiliados_testkit::keys::INTERNAL_TOKEN as TOKEN;

#[derive(Clone, Default)]
pub(crate) struct ReconciliationApi {
    state: Arc<Mutex<HashMap<Uuid, Run>>>,
    ticks: Arc<Mutex<Ticks>>,
}

/// What the scheduled jobs asked: job runs, run starts and escalations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ticks {
    pub(crate) started: Vec<StartJobRun>,
    pub(crate) finished: Vec<FinishJobRun>,
    pub(crate) starts: Vec<StartScheduledReconciliation>,
    /// Statuses `POST /internal/v1/reconciliations` answers first (e.g. `[409]`).
    pub(crate) start_failures: Vec<u16>,
    pub(crate) escalations: Vec<serde_json::Value>,
}

/// One run as the stand-in holds it.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) view: ReconciliationJobView,
    pub(crate) deep_check_ids: Vec<String>,
    pub(crate) chunks: BTreeMap<u32, VtexOrdersChunk>,
    pub(crate) chunk_posts: usize,
    pub(crate) compares: Vec<CompareRequest>,
    pub(crate) deep_checks: Vec<DeepCheckRequest>,
    pub(crate) finishes: usize,
    pub(crate) failures: Vec<FailReconciliation>,
}

impl Run {
    /// Every order id submitted (the latest version of every chunk).
    pub(crate) fn order_ids(&self) -> Vec<String> {
        self.chunks
            .values()
            .flat_map(|chunk| chunk.orders.iter().map(|o| o.vtex_order_id.clone()))
            .collect()
    }
}

impl ReconciliationApi {
    fn with<T>(&self, read: impl FnOnce(&mut HashMap<Uuid, Run>) -> T) -> T {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        read(&mut state)
    }

    /// Registers a `running` run over `[from, to)` read at `page_size`; the comparison will
    /// name `deep_check_ids`.
    pub(crate) fn add_run(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        page_size: u32,
        deep_check_ids: Vec<String>,
    ) -> Uuid {
        let id = Uuid::now_v7();
        let view = ReconciliationJobView {
            id: id.into(),
            status: ReconciliationStatus::Running,
            range_from: from,
            range_to: to,
            page_size,
            tolerance_percent: Percent::from_decimal(Decimal::ONE).unwrap_or_default(),
        };
        let run = Run {
            view,
            deep_check_ids,
            chunks: BTreeMap::new(),
            chunk_posts: 0,
            compares: Vec::new(),
            deep_checks: Vec::new(),
            finishes: 0,
            failures: Vec::new(),
        };
        self.with(|runs| runs.insert(id, run));
        id
    }

    pub(crate) fn ticks(&self) -> Ticks {
        self.on_ticks(|t| t.clone())
    }

    pub(crate) fn fail_starts(&self, statuses: Vec<u16>) {
        self.on_ticks(|t| t.start_failures = statuses);
    }

    fn on_ticks<T>(&self, read: impl FnOnce(&mut Ticks) -> T) -> T {
        let mut ticks = self
            .ticks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        read(&mut ticks)
    }

    pub(crate) fn run(&self, id: Uuid) -> Option<Run> {
        self.with(|runs| runs.get(&id).cloned())
    }

    /// Serves the stand-in on a free port; returns its base URL.
    pub(crate) fn start(&self) -> Result<String, std::io::Error> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let fake = self.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(fake.clone()))
                .app_data(web::JsonConfig::default().limit(16 * 1024 * 1024))
                .route("/internal/v1/jobs/runs", web::post().to(start_job_run))
                .route(
                    "/internal/v1/jobs/runs/{id}",
                    web::patch().to(finish_job_run),
                )
                .route("/internal/v1/reconciliations", web::post().to(start_run))
                .route(
                    "/internal/v1/discrepancies/escalate",
                    web::post().to(escalate),
                )
                .route("/internal/v1/reconciliations/{id}", web::get().to(get_run))
                .route(
                    "/internal/v1/reconciliations/{id}/vtex-orders",
                    web::post().to(vtex_orders),
                )
                .route(
                    "/internal/v1/reconciliations/{id}/compare",
                    web::post().to(compare),
                )
                .route(
                    "/internal/v1/reconciliations/{id}/deep-check",
                    web::post().to(deep_check),
                )
                .route(
                    "/internal/v1/reconciliations/{id}/finish",
                    web::post().to(finish),
                )
                .route(
                    "/internal/v1/reconciliations/{id}/fail",
                    web::post().to(fail),
                )
        })
        .workers(2)
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

fn error(status: u16, code: &str) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .json(serde_json::json!({ "error": code, "message": code, "details": [] }))
}

/// Runs `change` on the run, or answers 401/404.
fn on_run(
    request: &HttpRequest,
    fake: &ReconciliationApi,
    id: Uuid,
    change: impl FnOnce(&mut Run) -> HttpResponse,
) -> HttpResponse {
    if !authorized(request) {
        return error(401, "unauthenticated");
    }
    fake.with(|runs| match runs.get_mut(&id) {
        Some(run) => change(run),
        None => error(404, "not_found"),
    })
}

fn response(run: &Run) -> ReconciliationRunResponse {
    let id = run.view.id;
    ReconciliationRunResponse {
        id,
        run_type: ReconciliationType::Daily,
        source: ReconciliationSource::Scheduled,
        business_date: None,
        range_from: run.view.range_from,
        range_to: run.view.range_to,
        status: run.view.status,
        triggered_by: "system:reconciliation".into(),
        started_at: run.view.range_to,
        finished_at: Some(run.view.range_to),
        tolerance_percent: run.view.tolerance_percent,
        vtex_orders_count: i32::try_from(run.order_ids().len()).unwrap_or(i32::MAX),
        platform_orders_count: 0,
        pages_fetched: run
            .compares
            .last()
            .map(|c| i32::try_from(c.pages_fetched).unwrap_or(i32::MAX))
            .unwrap_or_default(),
        counts: ClassCounts::default(),
        discrepancies_found: 0,
        auto_resolved_count: 0,
        pending_manual_count: 0,
        auto_reconciled_ratio: None,
        alerts: Vec::new(),
        summary: None,
        report_url: None,
        reports: ReportLinks {
            json: format!("/api/v1/vtex/reconciliations/{id}/report.json"),
            csv: format!("/api/v1/vtex/reconciliations/{id}/report.csv"),
        },
        error: run.failures.last().map(|f| f.error.clone()),
    }
}

async fn get_run(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
) -> HttpResponse {
    on_run(&request, &fake, *id, |run| {
        HttpResponse::Ok().json(&run.view)
    })
}

async fn vtex_orders(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
    chunk: web::Json<VtexOrdersChunk>,
) -> HttpResponse {
    let chunk = chunk.into_inner();
    if chunk.orders.len() > 1_000 {
        return error(422, "validation_failed");
    }
    on_run(&request, &fake, *id, |run| {
        run.chunk_posts += 1;
        run.chunks.insert(chunk.chunk, chunk);
        HttpResponse::NoContent().finish()
    })
}

async fn compare(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
    body: web::Json<CompareRequest>,
) -> HttpResponse {
    on_run(&request, &fake, *id, |run| {
        run.compares.push(body.into_inner());
        HttpResponse::Ok().json(CompareResponse {
            deep_check_order_ids: run.deep_check_ids.clone(),
            counts: ClassCounts::default(),
        })
    })
}

async fn deep_check(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
    body: web::Json<DeepCheckRequest>,
) -> HttpResponse {
    let body = body.into_inner();
    if body.orders.len() > 100 {
        return error(422, "validation_failed");
    }
    on_run(&request, &fake, *id, |run| {
        run.deep_checks.push(body);
        HttpResponse::NoContent().finish()
    })
}

async fn finish(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
) -> HttpResponse {
    on_run(&request, &fake, *id, |run| {
        run.finishes += 1;
        run.view.status = ReconciliationStatus::Success;
        HttpResponse::Ok().json(response(run))
    })
}

async fn fail(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
    body: web::Json<FailReconciliation>,
) -> HttpResponse {
    on_run(&request, &fake, *id, |run| {
        run.failures.push(body.into_inner());
        run.view.status = ReconciliationStatus::Failed;
        HttpResponse::Ok().json(response(run))
    })
}

async fn start_job_run(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    body: web::Json<StartJobRun>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401, "unauthenticated");
    }
    fake.on_ticks(|t| t.started.push(body.into_inner()));
    HttpResponse::Created().json(serde_json::json!({ "runId": Uuid::now_v7() }))
}

async fn finish_job_run(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    body: web::Json<FinishJobRun>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401, "unauthenticated");
    }
    fake.on_ticks(|t| t.finished.push(body.into_inner()));
    HttpResponse::NoContent().finish()
}

/// Starts a run over the previous Bogota day of the tick, after the scripted failures.
async fn start_run(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    body: web::Json<StartScheduledReconciliation>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401, "unauthenticated");
    }
    let body = body.into_inner();
    let failure = fake.on_ticks(|t| {
        t.starts.push(body.clone());
        (!t.start_failures.is_empty()).then(|| t.start_failures.remove(0))
    });
    match failure {
        Some(409) => return error(409, "reconciliation_in_progress"),
        Some(status) => return error(status, "service_unavailable"),
        None => {}
    }
    let range_to = body.scheduled_at - chrono::TimeDelta::hours(3);
    let range_from = range_to - chrono::TimeDelta::days(1);
    let run_id = fake.add_run(range_from, range_to, 100, Vec::new());
    HttpResponse::Created().json(ScheduledReconciliationStarted {
        run_id: run_id.into(),
        range_from,
        range_to,
    })
}

async fn escalate(
    request: HttpRequest,
    fake: web::Data<ReconciliationApi>,
    body: web::Json<serde_json::Value>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401, "unauthenticated");
    }
    fake.on_ticks(|t| t.escalations.push(body.into_inner()));
    HttpResponse::Ok().json(serde_json::json!({ "escalated": 2 }))
}
