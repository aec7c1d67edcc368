//! A scripted stand-in for the api's `/internal/v1` scheduled-work endpoints (`api.md` §21.6):
//! job-run bookkeeping and `POST /internal/v1/tiers/evaluate-due` (optionally failing the first
//! calls with given statuses). It records every call, so a test checks what the worker asked and
//! reported; the real api's side is tested in the api.

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal_jobs::{FinishJobRun, StartJobRun};
use afiliados_api_types::tiers::EvaluateDueTiersRequest;
use uuid::Uuid;

pub(crate) use crate::stand_in::TOKEN;
use crate::stand_in::{JobRuns, Recorded, error, next_failure, serve};

#[derive(Clone, Default)]
pub(crate) struct ScheduledApi {
    state: Recorded<State>,
    runs: JobRuns,
}

#[derive(Default)]
struct State {
    evaluations: Vec<EvaluateDueTiersRequest>,
    /// Statuses the evaluation answers first (e.g. `[503]`).
    evaluation_failures: Vec<u16>,
}

impl ScheduledApi {
    fn with<T>(&self, read: impl FnOnce(&mut State) -> T) -> T {
        self.state.with(read)
    }

    pub(crate) fn fail_evaluations(&self, statuses: Vec<u16>) {
        self.with(|s| s.evaluation_failures = statuses);
    }

    pub(crate) fn started(&self) -> Vec<StartJobRun> {
        self.runs.started()
    }

    pub(crate) fn finished(&self) -> Vec<(Uuid, FinishJobRun)> {
        self.runs.finished()
    }

    pub(crate) fn evaluations(&self) -> Vec<EvaluateDueTiersRequest> {
        self.with(|s| s.evaluations.clone())
    }

    /// Serves the stand-in on a free port; returns its base URL.
    pub(crate) fn start(&self) -> std::io::Result<String> {
        serve(self.clone(), Some(&self.runs), |routes| {
            routes.route(
                "/internal/v1/tiers/evaluate-due",
                web::post().to(evaluate_due),
            );
        })
    }
}

/// The envelope of a scripted failure.
fn failure(status: u16) -> HttpResponse {
    let code = match status {
        401 => "unauthenticated",
        422 => "validation_failed",
        503 => "service_unavailable",
        _ => "internal_error",
    };
    error(status, code)
}

/// Answers one campaign evaluated with one upgrade, after the scripted failures.
async fn evaluate_due(
    fake: web::Data<ScheduledApi>,
    body: web::Json<EvaluateDueTiersRequest>,
) -> HttpResponse {
    let scripted = fake.with(|s| {
        s.evaluations.push(body.clone());
        next_failure(Some(&mut s.evaluation_failures))
    });
    if let Some(status) = scripted {
        return failure(status);
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
