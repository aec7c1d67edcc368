//! A stub of the api on a local port for page tests: it answers every onboarding endpoint with
//! the fixtures (the staff additions in `staff`), remembers each request (method, path, content
//! type, body) so a test can assert what the web sent, and keeps the little state the flows need
//! (pending consents until accepted, notifications until all are read).
//! Tokens name roles: signing in as `gestor@example.com` gives `tok-gestor_afiliados`.

pub(crate) mod admin;
pub(crate) mod fixtures;
pub(crate) mod money;
pub(crate) mod money_out;
pub(crate) mod reconciliation;
mod staff;
pub(crate) mod surveys;

use std::sync::{Arc, Mutex};

use actix_web::http::{Method, StatusCode, header};
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use serde_json::{Value, json};

use fixtures as f;

/// One request the stub received.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) content_type: String,
    /// The `Idempotency-Key` header, when sent.
    pub(crate) idempotency_key: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Recorded {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the stub shares across requests.
#[derive(Default)]
pub(crate) struct StubState {
    pub(crate) requests: Mutex<Vec<Recorded>>,
    /// The pending influencer has accepted the new terms.
    accepted: Mutex<bool>,
    /// The caller marked every notification read.
    all_read: Mutex<bool>,
    /// The money fixture's commission is on hold.
    pub(crate) held: Mutex<bool>,
    /// The money fixture's commission was reverted.
    pub(crate) reverted: Mutex<bool>,
    /// Withdrawals, batch and adjustment statuses, and the idempotent answers.
    pub(crate) money_out: Mutex<money_out::MoneyOutState>,
    /// `GET /status` answers 403 to anyone (the roles changed under the session).
    pub(crate) status_refused: Mutex<bool>,
}

/// A running stub.
#[derive(Clone)]
pub(crate) struct Stub {
    pub(crate) url: String,
    pub(crate) state: Arc<StubState>,
}

impl Stub {
    /// The requests matching `method` and `path`.
    pub(crate) fn received(&self, method: &str, path: &str) -> Vec<Recorded> {
        self.state
            .requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .cloned()
            .collect()
    }
}

/// Starts the stub on a free port.
pub(crate) fn spawn() -> Stub {
    let state = Arc::new(StubState::default());
    let shared = web::Data::from(state.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .default_service(web::to(answer))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let address = server.addrs()[0];
    actix_web::rt::spawn(server.run());
    Stub {
        url: format!("http://{address}"),
        state,
    }
}

pub(crate) fn json(status: u16, body: Value) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap()).json(body)
}

pub(crate) fn ok(body: Value) -> HttpResponse {
    json(200, body)
}

fn file(content_type: &str, name: &str, body: &'static [u8]) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

fn role_of(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer tok-"))
        .map(str::to_owned)
}

async fn answer(req: HttpRequest, body: Bytes, state: web::Data<StubState>) -> HttpResponse {
    let path = req.path().to_owned();
    state.requests.lock().unwrap().push(Recorded {
        method: req.method().to_string(),
        path: path.clone(),
        query: req.query_string().to_owned(),
        content_type: req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        idempotency_key: req
            .headers()
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: body.to_vec(),
    });
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let segments: Vec<&str> = path.trim_start_matches("/api/v1/").split('/').collect();
    let method = req.method().clone();
    if let Some(reply) = public(&method, &segments, &parsed) {
        return reply;
    }
    let Some(role) = role_of(&req) else {
        return json(401, f::error("unauthenticated", json!([])));
    };
    // The pending influencer ("tok-pending") is an influencer who has not accepted terms 2.0.
    let pending = role == "pending" && !*state.accepted.lock().unwrap();
    let role = if role == "pending" {
        "influencer".to_owned()
    } else {
        role
    };
    match (&method, segments.as_slice()) {
        (&Method::GET, ["auth", "profile"]) => ok(f::profile(&role, pending)),
        (&Method::POST, ["auth", "logout"]) => HttpResponse::NoContent().finish(),
        (&Method::POST, ["policies", "consents"]) => {
            *state.accepted.lock().unwrap() = true;
            json(201, json!({"items": [f::consent()], "pendingConsents": []}))
        }
        // Filing an ARCO request is open to an influencer with pending consents (domain.md §2.3).
        (&Method::POST, ["arco", "requests"]) if parsed["details"]["phone"] == "123" => json(
            422,
            f::error(
                "validation_failed",
                json!([{"field": "details.phone", "code": "invalid_format", "message": "f"}]),
            ),
        ),
        (&Method::POST, ["arco", "requests"]) if parsed["type"] == "revoke" => {
            json(409, f::error("arco_request_open", json!([])))
        }
        (&Method::POST, ["arco", "requests"]) => json(201, f::arco()),
        _ if pending => json(
            403,
            f::error(
                "consent_required",
                json!([{"policyVersionIds": [f::TERMS_V2_ID]}]),
            ),
        ),
        _ => surveys::answer(&method, &segments, &role, &parsed)
            .or_else(|| reconciliation::answer(&method, &segments, req.query_string(), &parsed))
            .or_else(|| staff::answer(&method, &segments, &parsed, &state))
            .or_else(|| money_out::answer(&req, &segments, &role, &parsed, &state.money_out))
            .or_else(|| money::answer(&method, &segments, &role, &parsed, &state))
            .or_else(|| admin::answer(&req, &segments, &role, &state))
            .unwrap_or_else(|| signed_in(&method, &segments, &role, &parsed)),
    }
}

fn public(method: &Method, segments: &[&str], body: &Value) -> Option<HttpResponse> {
    Some(match (method, segments) {
        (&Method::POST, ["auth", "login"]) => {
            if body["password"] != "Correcta!2024" {
                return Some(json(401, f::error("invalid_credentials", json!([]))));
            }
            let email = body["email"].as_str().unwrap_or_default();
            let role = email.split('@').next().unwrap_or_default();
            ok(f::pair(&format!("tok-{role}")))
        }
        (&Method::GET, ["public", "policies"]) => ok(f::policies()),
        (&Method::GET, ["public", "tax-profiles"]) => ok(json!({"items": [
            {"code": "persona_natural", "name": "Persona natural"},
            {"code": "regimen_simple", "name": "Régimen simple"}]})),
        (&Method::GET, ["public", "policies", _, "versions", _, "document"]) => HttpResponse::Ok()
            .content_type("text/markdown; charset=utf-8")
            .body("Términos y condiciones del programa de afiliados Medipiel, versión 1.0.\n"),
        (&Method::POST, ["public", "influencers"]) => register(body),
        (&Method::GET, ["public", "brands", _, "logo"]) => HttpResponse::Ok()
            .content_type("image/png")
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .body(&b"\x89PNG\r\n\x1a\nlogo"[..]),
        _ => return None,
    })
}

fn register(body: &Value) -> HttpResponse {
    if body["email"] == "dup@example.com" {
        return json(409, f::error("email_already_registered", json!([])));
    }
    if body["documentNumber"] == "0123456" {
        return json(
            422,
            f::error(
                "validation_failed",
                json!([{"field": "documentNumber", "code": "invalid_format", "message": "formato"}]),
            ),
        );
    }
    let mut registered = f::influencer("pending", false);
    registered["userStatus"] = json!(if body["password"].is_string() {
        "active"
    } else {
        "invited"
    });
    registered["message"] = json!("Revisaremos tu solicitud en máximo 3 días hábiles.");
    json(201, registered)
}

fn signed_in(method: &Method, segments: &[&str], role: &str, body: &Value) -> HttpResponse {
    let reduced = matches!(role, "admin_marca" | "finance");
    match (method, segments) {
        (&Method::GET, ["influencers"]) => ok(f::page(vec![f::summary("pending")])),
        (&Method::GET, ["influencers", _]) => ok(f::influencer("pending", reduced)),
        (&Method::PATCH, ["influencers", _]) => ok(f::influencer("pending", false)),
        (&Method::PATCH, ["influencers", _, "status"]) => {
            let status = body["status"].as_str().unwrap_or("pending");
            ok(f::influencer(status, false))
        }
        (&Method::GET, ["influencers", _, "status-history"]) => ok(f::history(None, "pending")),
        (&Method::POST, ["influencers", _, "campaigns", _]) => {
            if body["discountPercent"].to_string().starts_with("99") {
                return json(
                    422,
                    f::error(
                        "validation_failed",
                        json!([{"field": "discountPercent", "code": "exceeds_campaign_max", "message": "max"}]),
                    ),
                );
            }
            json(
                201,
                json!({"membership": f::membership(), "code": f::code("pending")}),
            )
        }
        (&Method::GET, ["influencers", _, "documents"]) => ok(json!({"items": [f::document()]})),
        (&Method::POST, ["influencers", _, "documents"]) => json(201, f::document()),
        (&Method::GET, ["influencers", _, "documents", _, "download"]) => {
            file("application/pdf", "cedula.pdf", b"%PDF-1.7 cedula")
        }
        (&Method::GET, ["brands"]) => ok(f::page(vec![f::brand()])),
        (&Method::POST, ["brands"]) => json(201, f::brand()),
        (&Method::GET | &Method::PATCH, ["brands", _]) => ok(f::brand()),
        (&Method::PUT, ["brands", _, "withdrawal-policy"]) => ok(f::withdrawal_policy()),
        (&Method::GET, ["tax-profiles"]) => ok(json!({"items": [f::tax_profile()]})),
        (&Method::POST, ["tax-profiles"]) => json(201, f::tax_profile()),
        (&Method::PATCH, ["tax-profiles", _]) => ok(f::tax_profile()),
        (&Method::GET, ["campaigns"]) => ok(f::page(vec![f::campaign("active")])),
        (&Method::POST, ["campaigns"]) => json(201, f::campaign("draft")),
        (&Method::GET | &Method::PATCH, ["campaigns", _]) => ok(f::campaign("active")),
        (&Method::DELETE, ["campaigns", _]) => HttpResponse::NoContent().finish(),
        (&Method::GET, ["campaigns", _, "influencers"]) => ok(f::page(vec![f::membership()])),
        (&Method::GET, ["campaigns", _, "status-history"]) => {
            ok(f::history(Some("draft"), "active"))
        }
        (&Method::GET, ["codes"]) => ok(f::page(vec![f::code("failed")])),
        (&Method::POST, ["codes"]) => json(201, f::code("pending")),
        (&Method::GET | &Method::PATCH, ["codes", _]) => ok(f::code("failed")),
        (&Method::POST, ["codes", _, "sync"]) => json(202, f::code("pending")),
        (&Method::GET, ["policies", "versions"]) => {
            ok(f::page(f::policies()["items"].as_array().unwrap().clone()))
        }
        (&Method::POST, ["policies", _, "versions"]) => {
            if body["version"] == "1.0" {
                return json(409, f::error("version_not_greater", json!([])));
            }
            json(
                201,
                f::policy(f::TERMS_V2_ID, "terms", "2.0", "Términos 2.0"),
            )
        }
        (&Method::GET, ["policies", "consents", _]) => ok(json!({"items": [f::consent()]})),
        (&Method::GET, ["policies", "consents", _, _, "certificate"]) => file(
            "application/json",
            "certificado.json",
            b"{\"certificateId\":\"x\"}",
        ),
        (&Method::GET, ["policies", "consents", _, _, "certificate.pdf"]) => file(
            "application/pdf",
            "certificado.pdf",
            b"%PDF-1.7 certificado",
        ),
        (&Method::GET, ["arco", "requests"]) => ok(f::page(vec![f::arco()])),
        (&Method::POST, ["arco", "requests"]) => json(201, f::arco()),
        (&Method::GET, ["arco", "requests", _, "export"]) => {
            file("application/json", "export.json", b"{}")
        }
        (&Method::GET, ["users"]) => ok(f::page(vec![f::user()])),
        _ => json(404, f::error("not_found", json!([]))),
    }
}
