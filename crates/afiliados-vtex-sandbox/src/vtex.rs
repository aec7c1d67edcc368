//! The VTEX routes. Every request goes through [`gate`]: journal, faults, authentication, then
//! the operation itself.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};

use crate::faults::{FaultKind, FaultTarget};
use crate::journal::RequestRecord;
use crate::state::{Reply, ReplyBody, Shared};
use crate::{coupons, feed, orders, promotions};

/// What a request asks for; its operation label is what fault rules match.
#[derive(Debug)]
enum Route {
    GetOrder(String),
    ListOrders,
    CouponUpsert,
    CouponGet(String),
    CouponGetArchived(String),
    CouponArchive(String),
    CouponUnarchive(String),
    PromotionUpsert,
    PromotionGet(String),
    FeedRead,
    FeedCommit,
    FeedConfig,
    Unknown,
}

impl Route {
    fn operation(&self) -> Option<&'static str> {
        Some(match self {
            Route::GetOrder(_) => "get_order",
            Route::ListOrders => "list_orders",
            Route::CouponUpsert => "coupon_upsert",
            Route::CouponGet(_) | Route::CouponGetArchived(_) => "coupon_get",
            Route::CouponArchive(_) => "coupon_archive",
            Route::CouponUnarchive(_) => "coupon_unarchive",
            Route::PromotionUpsert => "promotion_upsert",
            Route::PromotionGet(_) => "promotion_get",
            Route::FeedRead => "feed_read",
            Route::FeedCommit => "feed_commit",
            Route::FeedConfig => "feed_config",
            Route::Unknown => return None,
        })
    }
}

/// Registers the VTEX routes.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/api/oms/pvt/orders",
        web::get().to(|req, body, shared| gate(req, body, shared, Route::ListOrders)),
    )
    .route(
        "/api/oms/pvt/orders/{orderId}",
        web::get().to(|req, body, shared, id: web::Path<String>| {
            gate(req, body, shared, Route::GetOrder(id.into_inner()))
        }),
    )
    .route(
        "/api/rnb/pvt/coupon",
        web::post().to(|req, body, shared| gate(req, body, shared, Route::CouponUpsert)),
    )
    .route(
        "/api/rnb/pvt/coupon/{code}",
        web::get().to(|req, body, shared, code: web::Path<String>| {
            gate(req, body, shared, Route::CouponGet(code.into_inner()))
        }),
    )
    .route(
        "/api/rnb/pvt/archive/coupon/{code}",
        web::get().to(|req, body, shared, code: web::Path<String>| {
            gate(
                req,
                body,
                shared,
                Route::CouponGetArchived(code.into_inner()),
            )
        }),
    )
    .route(
        "/api/rnb/pvt/archive/coupon/{code}",
        web::post().to(|req, body, shared, code: web::Path<String>| {
            gate(req, body, shared, Route::CouponArchive(code.into_inner()))
        }),
    )
    .route(
        "/api/rnb/pvt/unarchive/coupon/{code}",
        web::post().to(|req, body, shared, code: web::Path<String>| {
            gate(req, body, shared, Route::CouponUnarchive(code.into_inner()))
        }),
    )
    .route(
        "/api/rnb/pvt/calculatorconfiguration",
        web::post().to(|req, body, shared| gate(req, body, shared, Route::PromotionUpsert)),
    )
    .route(
        "/api/rnb/pvt/calculatorconfiguration/{id}",
        web::get().to(|req, body, shared, id: web::Path<String>| {
            gate(req, body, shared, Route::PromotionGet(id.into_inner()))
        }),
    )
    .route(
        "/api/orders/feed",
        web::get().to(|req, body, shared| gate(req, body, shared, Route::FeedRead)),
    )
    .route(
        "/api/orders/feed",
        web::post().to(|req, body, shared| gate(req, body, shared, Route::FeedCommit)),
    )
    .route(
        "/api/orders/feed/config",
        web::post().to(|req, body, shared| gate(req, body, shared, Route::FeedConfig)),
    );
}

/// Unknown paths outside `/_sandbox`: journaled and answered 404 (no authentication needed).
pub(crate) async fn unknown(
    req: HttpRequest,
    body: Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    gate(req, body, shared, Route::Unknown).await
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

fn finish(shared: &Shared, record_id: u64, status: u16, fault_id: Option<u64>) {
    let mut state = shared.lock();
    if let Some(record) = state.requests.iter_mut().rev().find(|r| r.id == record_id) {
        record.status = Some(status);
        record.fault_id = fault_id;
    }
}

fn respond(reply: Reply) -> HttpResponse {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = HttpResponse::build(status);
    for (name, value) in reply.headers {
        builder.insert_header((name, value));
    }
    match reply.body {
        ReplyBody::Json(value) => builder.json(value),
        ReplyBody::Raw(bytes) => builder
            .content_type("application/json; charset=utf-8")
            .body(bytes),
    }
}

async fn gate(
    req: HttpRequest,
    body: Bytes,
    shared: web::Data<Shared>,
    route: Route,
) -> HttpResponse {
    let method = req.method().as_str().to_owned();
    let path = req.path().to_owned();
    let operation = route.operation();
    let app_key = header(&req, "x-vtex-api-appkey").map(str::to_owned);
    let (record_id, faults) = {
        let mut state = shared.lock();
        state.next_request_id += 1;
        let id = state.next_request_id;
        let record = RequestRecord::new(
            id,
            &method,
            &path,
            req.query_string(),
            operation,
            req.headers(),
            &body,
        );
        state.requests.push(record);
        let target = FaultTarget {
            method: &method,
            path: &path,
            operation,
            app_key: app_key.as_deref(),
        };
        let state = &mut *state;
        let faults = state.faults.take(&target, &mut state.rng);
        (id, faults)
    };

    for (fault_id, fault) in faults {
        match fault.kind {
            FaultKind::Latency => {
                tokio::time::sleep(Duration::from_millis(fault.latency_ms.unwrap_or(0))).await;
            }
            FaultKind::Status => {
                let status = fault.status.unwrap_or(500);
                let mut reply = Reply::error(status, "sandbox_fault", "injected by the sandbox");
                let retry_after = fault
                    .retry_after
                    .map(|r| r.header_value())
                    .or_else(|| (status == 429).then(|| "1".to_owned()));
                if let Some(value) = retry_after {
                    reply.headers.push(("Retry-After", value));
                }
                finish(&shared, record_id, status, Some(fault_id));
                return respond(reply);
            }
            FaultKind::Timeout => {
                let wait = fault.latency_ms.unwrap_or(3_600_000);
                tokio::time::sleep(Duration::from_millis(wait)).await;
                finish(&shared, record_id, 504, Some(fault_id));
                return respond(Reply::error(504, "sandbox_timeout", "injected timeout"));
            }
            FaultKind::Reset => {
                finish(&shared, record_id, 200, Some(fault_id));
                let broken = futures::stream::once(async {
                    Err::<Bytes, _>(std::io::Error::other("connection reset by the sandbox"))
                });
                return HttpResponse::Ok()
                    .content_type("application/json")
                    .streaming(broken);
            }
        }
    }

    let reply = if matches!(route, Route::Unknown) {
        Reply::not_found(format!("no VTEX route {method} {path} in the sandbox"))
    } else if !authenticated(&req, &shared) {
        Reply::error(401, "unauthorized", "invalid app key or app token")
    } else {
        handle(route, &req, &body, &shared)
    };
    finish(&shared, record_id, reply.status, None);
    respond(reply)
}

fn authenticated(req: &HttpRequest, shared: &Shared) -> bool {
    let (Some(key), Some(token)) = (
        header(req, "x-vtex-api-appkey"),
        header(req, "x-vtex-api-apptoken"),
    ) else {
        return false;
    };
    let state = shared.lock();
    shared.config.credentials.iter().any(|credential| {
        credential.app_key == key
            && credential.app_token == token
            && !state.expired.contains(&credential.label)
    })
}

fn handle(route: Route, req: &HttpRequest, body: &[u8], shared: &Shared) -> Reply {
    let config = &shared.config;
    let mut state = shared.lock();
    match route {
        Route::GetOrder(id) => orders::get(&state, &id),
        Route::ListOrders => orders::list(&state, config, req.query_string()),
        Route::CouponUpsert => coupons::upsert(&mut state, config, body),
        Route::CouponGet(code) => coupons::get(&state, &code),
        Route::CouponGetArchived(code) => coupons::get_archived(&state, &code),
        Route::CouponArchive(code) => coupons::set_archived(&mut state, config, &code, true),
        Route::CouponUnarchive(code) => coupons::set_archived(&mut state, config, &code, false),
        Route::PromotionUpsert => promotions::upsert(&mut state, config, body),
        Route::PromotionGet(id) => promotions::get(&state, &id),
        Route::FeedRead => {
            let state = &mut *state;
            let rng = &mut state.rng;
            feed::read(&mut state.feed, req.query_string(), || {
                crate::state::feed_handle(rng)
            })
        }
        Route::FeedCommit => feed::commit(&mut state.feed, body),
        Route::FeedConfig => feed::configure(&mut state.feed, body),
        Route::Unknown => Reply::not_found("unknown route"),
    }
}
