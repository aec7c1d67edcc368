//! A stand-in for the api's operational endpoints (`api.md` §21.6): job-run bookkeeping,
//! `POST /internal/v1/alerts/evaluate` and `POST /internal/v1/retention/run`. It records every
//! body as the worker sent it; the real api's side is tested in the api.

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal_jobs::{FinishJobRun, StartJobRun};
use serde_json::Value;

pub(crate) use crate::stand_in::TOKEN;
use crate::stand_in::{JobRuns, Recorded, serve};

#[derive(Clone, Default)]
pub(crate) struct AlertsApi {
    state: Recorded<State>,
    runs: JobRuns,
}

#[derive(Default)]
struct State {
    evaluations: Vec<Value>,
    retentions: Vec<Value>,
}

impl AlertsApi {
    pub(crate) fn started(&self) -> Vec<StartJobRun> {
        self.runs.started()
    }

    pub(crate) fn finished(&self) -> Vec<FinishJobRun> {
        self.runs
            .finished()
            .into_iter()
            .map(|(_, run)| run)
            .collect()
    }

    pub(crate) fn evaluations(&self) -> Vec<Value> {
        self.state.with(|s| s.evaluations.clone())
    }

    pub(crate) fn retentions(&self) -> Vec<Value> {
        self.state.with(|s| s.retentions.clone())
    }

    /// Serves the stand-in on a free port; returns its base URL.
    pub(crate) fn start(&self) -> std::io::Result<String> {
        serve(self.clone(), Some(&self.runs), |routes| {
            routes
                .route("/internal/v1/alerts/evaluate", web::post().to(evaluate))
                .route("/internal/v1/retention/run", web::post().to(retention));
        })
    }
}

/// Raises nothing.
async fn evaluate(fake: web::Data<AlertsApi>, body: web::Json<Value>) -> HttpResponse {
    fake.state.with(|s| s.evaluations.push(body.into_inner()));
    HttpResponse::Ok().json(serde_json::json!({ "raised": [] }))
}

/// Purges three order documents and one stored object.
async fn retention(fake: web::Data<AlertsApi>, body: web::Json<Value>) -> HttpResponse {
    fake.state.with(|s| s.retentions.push(body.into_inner()));
    HttpResponse::Ok().json(serde_json::json!({ "payloadsPurged": 3, "documentsPurged": 1 }))
}
