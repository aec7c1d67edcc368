//! A scripted stand-in for the api's reconciliation endpoints (`api.md` §21.5): it serves the
//! runs a test registers, keeps the chunks the worker submits (a repeated chunk number replaces
//! the earlier one, as the api does), answers the comparison with the ids the test chose for the
//! deep check, and records every call, so a test checks what the worker listed and reported.
//! The api's own side is tested in the api crate and in `afiliados-e2e`.

use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpResponse, web};
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

pub(crate) use crate::stand_in::TOKEN;
use crate::stand_in::{JobRuns, Recorded, error, next_failure, serve};

#[derive(Clone, Default)]
pub(crate) struct ReconciliationApi {
    state: Recorded<HashMap<Uuid, Run>>,
    ticks: Recorded<Ticks>,
    runs: JobRuns,
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
        self.state.with(read)
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

    /// What the ticks asked, with the job runs they recorded.
    pub(crate) fn ticks(&self) -> Ticks {
        Ticks {
            started: self.runs.started(),
            finished: self
                .runs
                .finished()
                .into_iter()
                .map(|(_, run)| run)
                .collect(),
            ..self.on_ticks(|t| t.clone())
        }
    }

    pub(crate) fn fail_starts(&self, statuses: Vec<u16>) {
        self.on_ticks(|t| t.start_failures = statuses);
    }

    fn on_ticks<T>(&self, read: impl FnOnce(&mut Ticks) -> T) -> T {
        self.ticks.with(read)
    }

    pub(crate) fn run(&self, id: Uuid) -> Option<Run> {
        self.with(|runs| runs.get(&id).cloned())
    }

    /// Serves the stand-in on a free port; returns its base URL.
    pub(crate) fn start(&self) -> std::io::Result<String> {
        serve(self.clone(), Some(&self.runs), |routes| {
            routes
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
                );
        })
    }
}

/// Runs `change` on the run, or answers 401/404.
fn on_run(
    fake: &ReconciliationApi,
    id: Uuid,
    change: impl FnOnce(&mut Run) -> HttpResponse,
) -> HttpResponse {
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

async fn get_run(fake: web::Data<ReconciliationApi>, id: web::Path<Uuid>) -> HttpResponse {
    on_run(&fake, *id, |run| HttpResponse::Ok().json(&run.view))
}

async fn vtex_orders(
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
    chunk: web::Json<VtexOrdersChunk>,
) -> HttpResponse {
    let chunk = chunk.into_inner();
    if chunk.orders.len() > 1_000 {
        return error(422, "validation_failed");
    }
    on_run(&fake, *id, |run| {
        run.chunk_posts += 1;
        run.chunks.insert(chunk.chunk, chunk);
        HttpResponse::NoContent().finish()
    })
}

async fn compare(
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
    body: web::Json<CompareRequest>,
) -> HttpResponse {
    on_run(&fake, *id, |run| {
        run.compares.push(body.into_inner());
        HttpResponse::Ok().json(CompareResponse {
            deep_check_order_ids: run.deep_check_ids.clone(),
            counts: ClassCounts::default(),
        })
    })
}

async fn deep_check(
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
    body: web::Json<DeepCheckRequest>,
) -> HttpResponse {
    let body = body.into_inner();
    if body.orders.len() > 100 {
        return error(422, "validation_failed");
    }
    on_run(&fake, *id, |run| {
        run.deep_checks.push(body);
        HttpResponse::NoContent().finish()
    })
}

async fn finish(fake: web::Data<ReconciliationApi>, id: web::Path<Uuid>) -> HttpResponse {
    on_run(&fake, *id, |run| {
        run.finishes += 1;
        run.view.status = ReconciliationStatus::Success;
        HttpResponse::Ok().json(response(run))
    })
}

async fn fail(
    fake: web::Data<ReconciliationApi>,
    id: web::Path<Uuid>,
    body: web::Json<FailReconciliation>,
) -> HttpResponse {
    on_run(&fake, *id, |run| {
        run.failures.push(body.into_inner());
        run.view.status = ReconciliationStatus::Failed;
        HttpResponse::Ok().json(response(run))
    })
}

/// Starts a run over the previous Bogota day of the tick, after the scripted failures.
async fn start_run(
    fake: web::Data<ReconciliationApi>,
    body: web::Json<StartScheduledReconciliation>,
) -> HttpResponse {
    let body = body.into_inner();
    let failure = fake.on_ticks(|t| {
        t.starts.push(body.clone());
        next_failure(Some(&mut t.start_failures))
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
    fake: web::Data<ReconciliationApi>,
    body: web::Json<serde_json::Value>,
) -> HttpResponse {
    fake.on_ticks(|t| t.escalations.push(body.into_inner()));
    HttpResponse::Ok().json(serde_json::json!({ "escalated": 2 }))
}
