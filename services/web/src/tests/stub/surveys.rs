//! The stub's survey endpoints (`api.md` §18): a draft and an open survey built from the
//! api-types DTOs; a title `x` is refused like the api refuses it, answers without `p1` too.

use actix_web::HttpResponse;
use actix_web::http::{Method, header};
use afiliados_api_types::surveys::{SurveyQuestion, SurveyQuestionType, SurveyResponse};
use afiliados_domain::{Role, SurveyStatus};
use serde_json::{Value, json};

use super::fixtures as f;
use super::{json as reply, ok};

/// A draft survey.
pub(crate) const S_DRAFT: &str = "0193b9a0-0000-7000-8000-00000000d001";
/// An open survey asking influencers and finance.
pub(crate) const S_OPEN: &str = "0193b9a0-0000-7000-8000-00000000d002";
/// The results CSV.
pub(crate) const RESULTS_CSV: &[u8] =
    "\u{feff}roles_encuestado,enviado_en,p1: ¿Qué tan útil?\r\ninfluencer,2026-12-07T15:00:00Z,5\r\n"
        .as_bytes();

fn survey(id: &str, status: SurveyStatus, admin: bool) -> SurveyResponse {
    let at = |raw: &str| raw.parse().unwrap();
    SurveyResponse {
        id: id.parse::<uuid::Uuid>().unwrap().into(),
        title: "Encuesta trimestral".into(),
        questions: vec![
            SurveyQuestion {
                id: "p1".into(),
                text: "¿Qué tan útil es la plataforma?".into(),
                kind: SurveyQuestionType::Scale15,
                options: None,
            },
            SurveyQuestion {
                id: "p2".into(),
                text: "¿Qué canal usas más?".into(),
                kind: SurveyQuestionType::SingleChoice,
                options: Some(vec!["Instagram".into(), "TikTok".into()]),
            },
            SurveyQuestion {
                id: "p3".into(),
                text: "¿Algo más?".into(),
                kind: SurveyQuestionType::Text,
                options: None,
            },
        ],
        target_roles: vec![Role::Finance, Role::Influencer],
        opens_at: at("2026-12-07T14:00:00Z"),
        closes_at: at("2026-12-31T23:00:00Z"),
        status,
        created_by: uuid::Uuid::nil().into(),
        created_at: at("2026-12-06T14:00:00Z"),
        opened_at: (status != SurveyStatus::Draft).then(|| at("2026-12-07T14:00:00Z")),
        closed_at: (status == SurveyStatus::Closed).then(|| at("2026-12-08T14:00:00Z")),
        answered: false,
        accepting_responses: status == SurveyStatus::Open,
        responses_count: admin.then_some(3),
    }
}

fn to_json(survey: &SurveyResponse) -> Value {
    serde_json::to_value(survey).unwrap()
}

/// The answer, or `None` for requests the other tables handle.
pub(super) fn answer(
    method: &Method,
    segments: &[&str],
    role: &str,
    body: &Value,
) -> Option<HttpResponse> {
    let admin = role == "admin_dentsu";
    Some(match (method, segments) {
        (&Method::GET, ["surveys"]) => {
            let items: Vec<Value> = if admin {
                vec![
                    to_json(&survey(S_DRAFT, SurveyStatus::Draft, true)),
                    to_json(&survey(S_OPEN, SurveyStatus::Open, true)),
                ]
            } else if role == "influencer" || role == "finance" {
                vec![to_json(&survey(S_OPEN, SurveyStatus::Open, false))]
            } else {
                vec![]
            };
            let total = items.len();
            ok(json!({"items": items, "page": 1, "pageSize": 100, "total": total}))
        }
        (&Method::POST, ["surveys"]) if body["title"] == "x" => reply(
            422,
            f::error(
                "validation_failed",
                json!([{"field": "title", "code": "too_short", "message": "t"}]),
            ),
        ),
        (&Method::POST, ["surveys"]) => {
            reply(201, to_json(&survey(S_DRAFT, SurveyStatus::Draft, true)))
        }
        (&Method::GET, ["surveys", id]) if *id == S_DRAFT && admin => {
            ok(to_json(&survey(S_DRAFT, SurveyStatus::Draft, true)))
        }
        (&Method::GET, ["surveys", id]) if *id == S_OPEN => {
            ok(to_json(&survey(S_OPEN, SurveyStatus::Open, admin)))
        }
        (&Method::GET, ["surveys", _]) => reply(404, f::error("not_found", json!([]))),
        (&Method::PATCH, ["surveys", id]) => {
            let status = SurveyStatus::parse(body["status"].as_str().unwrap_or_default())
                .unwrap_or(SurveyStatus::Draft);
            ok(to_json(&survey(id, status, true)))
        }
        (&Method::POST, ["surveys", _, "responses"]) if body["answers"].get("p1").is_none() => {
            reply(
                422,
                f::error(
                    "validation_failed",
                    json!([{"field": "answers.p1", "code": "required", "message": "r"}]),
                ),
            )
        }
        (&Method::POST, ["surveys", id, "responses"]) => reply(
            201,
            json!({"surveyId": id, "submittedAt": "2026-12-07T15:00:00Z"}),
        ),
        (&Method::GET, ["surveys", _, "results.csv"]) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"survey-results.csv\"",
            ))
            .body(RESULTS_CSV),
        _ => return None,
    })
}
