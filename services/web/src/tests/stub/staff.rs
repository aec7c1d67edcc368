//! The stub's answers for the staff additions: ARCO requests (read, start, resolve), certificate
//! verification, membership and document changes, the brand logo and the notification feed.

use actix_web::HttpResponse;
use actix_web::http::Method;
use serde_json::{Value, json};

use super::fixtures as f;
use super::json as reply;
use super::{StubState, ok};

/// An ARCO request by id: the completed access request, or one of the open ones.
fn arco_by_id(id: &str) -> Option<Value> {
    match id {
        f::ARCO_ID => Some(f::arco()),
        f::ARCO_RECTIFY_ID => Some(f::arco_open(id, "rectify", "in_progress")),
        f::ARCO_DELETE_ID => Some(f::arco_open(id, "delete", "received")),
        _ => None,
    }
}

fn resolve(id: &str, body: &Value) -> HttpResponse {
    let Some(mut request) = arco_by_id(id) else {
        return reply(404, f::error("not_found", json!([])));
    };
    if body["notes"] == "ya resuelta" {
        return reply(
            409,
            f::error("arco_not_open", json!([{"status": "completed"}])),
        );
    }
    if request["type"] == "delete" && body["acknowledgePositiveBalance"] != true {
        return reply(
            422,
            f::error(
                "validation_failed",
                json!([{"field": "acknowledgePositiveBalance", "code": "required", "message": "r"}]),
            ),
        );
    }
    if body["details"]["phone"] == "123" {
        return reply(
            422,
            f::error(
                "validation_failed",
                json!([{"field": "details.phone", "code": "invalid_format", "message": "f"}]),
            ),
        );
    }
    request["status"] = body["decision"].clone();
    request["resolutionNotes"] = body["notes"].clone();
    ok(request)
}

/// The answer, or `None` for requests the main table handles.
pub(super) fn answer(
    method: &Method,
    segments: &[&str],
    body: &Value,
    state: &StubState,
) -> Option<HttpResponse> {
    Some(match (method, segments) {
        (&Method::GET, ["notifications"]) => ok(f::notifications(*state.all_read.lock().unwrap())),
        (&Method::POST, ["notifications", "read-all"]) => {
            *state.all_read.lock().unwrap() = true;
            HttpResponse::NoContent().finish()
        }
        (&Method::POST, ["notifications", _, "read"]) => HttpResponse::NoContent().finish(),
        (&Method::GET, ["arco", "requests"]) => ok(f::page(vec![
            f::arco_open(f::ARCO_RECTIFY_ID, "rectify", "in_progress"),
            f::arco_open(f::ARCO_DELETE_ID, "delete", "received"),
            f::arco(),
        ])),
        (&Method::GET, ["arco", "requests", id]) => match arco_by_id(id) {
            Some(request) => ok(request),
            None => reply(404, f::error("not_found", json!([]))),
        },
        (&Method::POST, ["arco", "requests", id, "start"]) => match arco_by_id(id) {
            Some(mut request) => {
                request["status"] = json!("in_progress");
                ok(request)
            }
            None => reply(404, f::error("not_found", json!([]))),
        },
        (&Method::POST, ["arco", "requests", id, "resolve"]) => resolve(id, body),
        (&Method::POST, ["policies", "certificates", "verify"]) => {
            let intact = body["checksum"] != "manipulado";
            ok(
                json!({"checksumValid": intact, "matchesStoredCertificate": intact,
                      "consentHashValid": true, "certificateId": body["certificateId"]}),
            )
        }
        (&Method::PATCH, ["influencers", _, "campaigns", _]) => {
            let mut membership = f::membership();
            membership["status"] = body["status"].clone();
            ok(membership)
        }
        (&Method::DELETE, ["influencers", _, "documents", _]) => HttpResponse::NoContent().finish(),
        (
            &Method::POST,
            [
                "influencers",
                _,
                "bank-account-change",
                "confirm" | "reject",
            ],
        ) => {
            let mut influencer = f::influencer("approved", false);
            influencer["pendingBankAccountChange"] = Value::Null;
            ok(influencer)
        }
        (&Method::PUT, ["brands", _, "logo"]) => ok(f::brand()),
        _ => return None,
    })
}
