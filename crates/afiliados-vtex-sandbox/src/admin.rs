//! The admin API under `/_sandbox` (vtex.md §9.2): state, reset, orders, faults, credentials and
//! the request journal. Protected by `X-Sandbox-Admin-Token` when an admin token is configured.

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::config::Seed;
use crate::faults::FaultRule;
use crate::fixtures::is_order_document;
use crate::state::{SandboxState, Shared};

/// Registers `/_sandbox/…`.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/_sandbox")
            .route("/health", web::get().to(health))
            .route("/state", web::get().to(state))
            .route("/reset", web::post().to(reset))
            .route("/orders", web::post().to(post_order))
            .route("/orders/bulk", web::post().to(crate::admin_orders::bulk))
            // Before `/orders/{orderId}`, whose resource would answer 405 to this POST.
            .route(
                "/orders/bulk-range",
                web::post().to(crate::bulk_range::bulk_range),
            )
            .route("/orders/{orderId}", web::put().to(put_order))
            .route(
                "/orders/{orderId}/transition",
                web::post().to(crate::admin_orders::transition),
            )
            .route(
                "/orders/{orderId}/packages",
                web::post().to(crate::admin_orders::packages),
            )
            .route(
                "/orders/{orderId}/changes",
                web::post().to(crate::admin_orders::changes),
            )
            .route("/hooks/emit", web::post().to(crate::admin_orders::emit))
            .route("/push/{orderId}", web::post().to(crate::admin_orders::push))
            .route("/faults", web::get().to(list_faults))
            .route("/faults", web::post().to(add_fault))
            .route("/faults", web::delete().to(clear_faults))
            .route("/faults/{id}", web::delete().to(remove_fault))
            .route(
                "/credentials/{label}/expire",
                web::post().to(|req, shared, label| set_expired(req, shared, label, true)),
            )
            .route(
                "/credentials/{label}/restore",
                web::post().to(|req, shared, label| set_expired(req, shared, label, false)),
            )
            .route("/requests", web::get().to(list_requests))
            .route("/requests", web::delete().to(clear_requests))
            .route("/feed/advance", web::post().to(crate::feed::advance)),
    );
}

pub(crate) fn error(status: u16, code: &str, message: impl Into<String>) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
    HttpResponse::build(status).json(json!({"error": code, "message": message.into()}))
}

/// `None` when allowed, else the 401 to answer.
pub(crate) fn deny(req: &HttpRequest, shared: &Shared) -> Option<HttpResponse> {
    let expected = shared.config.admin_token.as_deref()?;
    let given = req
        .headers()
        .get("x-sandbox-admin-token")
        .and_then(|v| v.to_str().ok());
    (given != Some(expected)).then(|| error(401, "unauthorized", "X-Sandbox-Admin-Token required"))
}

async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

async fn state(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let snapshot = shared.lock().snapshot(&shared.config);
    HttpResponse::Ok().json(snapshot)
}

#[derive(Debug, Deserialize)]
struct ResetBody {
    seed: Option<String>,
}

async fn reset(req: HttpRequest, body: Bytes, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let seed = if body.iter().all(u8::is_ascii_whitespace) {
        shared.config.seed
    } else {
        let parsed: ResetBody = match serde_json::from_slice(&body) {
            Ok(parsed) => parsed,
            Err(err) => return error(400, "bad_request", err.to_string()),
        };
        match parsed.seed.as_deref().map(Seed::parse) {
            None => shared.config.seed,
            Some(Some(seed)) => seed,
            Some(None) => return error(400, "bad_request", "seed must be empty, demo or fixtures"),
        }
    };
    match SandboxState::seeded(&shared.config, seed) {
        Ok(fresh) => {
            let orders = fresh.orders.len();
            *shared.lock() = fresh;
            HttpResponse::Ok().json(json!({"orders": orders}))
        }
        Err(err) => error(500, "seed_failed", format!("{err:#}")),
    }
}

fn store_order(shared: &Shared, body: Bytes, expected_id: Option<&str>) -> HttpResponse {
    let doc: Value = match serde_json::from_slice(&body) {
        Ok(doc) => doc,
        Err(err) => return error(400, "bad_request", format!("not JSON: {err}")),
    };
    if !is_order_document(&doc) {
        return error(
            400,
            "bad_request",
            "an order document needs a string orderId and an items array",
        );
    }
    if let Some(expected) = expected_id
        && doc.get("orderId").and_then(Value::as_str) != Some(expected)
    {
        return error(
            400,
            "bad_request",
            "orderId in the body differs from the path",
        );
    }
    match shared.lock().put_order(body, doc) {
        Ok(order_id) => HttpResponse::Ok().json(json!({"orderId": order_id})),
        Err(err) => error(400, "bad_request", format!("{err:#}")),
    }
}

async fn put_order(
    req: HttpRequest,
    body: Bytes,
    shared: web::Data<Shared>,
    order_id: web::Path<String>,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    store_order(&shared, body, Some(&order_id))
}

/// Stores a full order document (an object with `orderId` and `items`), or runs the checkout
/// simulation on a compact spec (vtex.md §9.2) and answers the created document.
async fn post_order(req: HttpRequest, body: Bytes, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(doc) if is_order_document(&doc) => store_order(&shared, body, None),
        Ok(_) => crate::admin_orders::checkout(&shared, &body),
        Err(err) => error(400, "bad_request", format!("not JSON: {err}")),
    }
}

async fn list_faults(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let faults = shared.lock().faults.list();
    HttpResponse::Ok().json(faults)
}

async fn add_fault(req: HttpRequest, body: Bytes, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let rule: FaultRule = match serde_json::from_slice(&body) {
        Ok(rule) => rule,
        Err(err) => return error(400, "bad_request", format!("invalid fault rule: {err}")),
    };
    if let Err(message) = rule.validate() {
        return error(400, "bad_request", message);
    }
    let id = shared.lock().faults.add(rule);
    HttpResponse::Created().json(json!({"id": id}))
}

async fn clear_faults(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    shared.lock().faults.clear();
    HttpResponse::NoContent().finish()
}

async fn remove_fault(
    req: HttpRequest,
    shared: web::Data<Shared>,
    id: web::Path<u64>,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    if shared.lock().faults.remove(id.into_inner()) {
        HttpResponse::NoContent().finish()
    } else {
        error(404, "not_found", "no such fault rule")
    }
}

async fn set_expired(
    req: HttpRequest,
    shared: web::Data<Shared>,
    label: web::Path<String>,
    expired: bool,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    match crate::server::set_credential_expired(&shared, &label, expired) {
        Some(label) => HttpResponse::Ok().json(json!({"label": label, "expired": expired})),
        None => error(404, "not_found", "no credential with that label or app key"),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestFilter {
    operation: Option<String>,
    method: Option<String>,
    path_prefix: Option<String>,
}

async fn list_requests(
    req: HttpRequest,
    shared: web::Data<Shared>,
    filter: web::Query<RequestFilter>,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let state = shared.lock();
    let records: Vec<_> = state
        .requests
        .iter()
        .filter(|r| {
            filter
                .operation
                .as_deref()
                .is_none_or(|op| r.operation.as_deref() == Some(op))
                && filter
                    .method
                    .as_deref()
                    .is_none_or(|m| r.method.eq_ignore_ascii_case(m))
                && filter
                    .path_prefix
                    .as_deref()
                    .is_none_or(|p| r.path.starts_with(p))
        })
        .collect();
    HttpResponse::Ok().json(records)
}

async fn clear_requests(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    shared.lock().requests.clear();
    HttpResponse::NoContent().finish()
}
