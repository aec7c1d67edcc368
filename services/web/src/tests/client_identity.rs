//! Client identity at the web (issue 9, finding 1), against a stub api that records what it is
//! sent: the browser's address comes from every `X-Forwarded-For` line of a trusted proxy, goes to
//! the api with the forwarding key (also on the refresh), and a 429 on refresh keeps the session.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::cookie::{Cookie, Key};
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, test, web};
use afiliados_api_client::{Transport, UserApi};
use serde_json::{Value, json};

use super::csrf_from;
use crate::startup::{AppState, build_app};

const KEY: &str = "web-test-forwarding-key-0123456789-abcdef";

/// What the stub api saw: (path, stated client address, forwarding key) per call.
type Seen = Arc<Mutex<Vec<(String, Option<String>, Option<String>)>>>;

struct Stub {
    seen: Seen,
    /// Refresh calls answered so far; the first answers 429.
    refreshes: Mutex<u32>,
}

fn header_of(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn record(stub: &Stub, req: &HttpRequest) {
    stub.seen.lock().unwrap().push((
        req.path().to_owned(),
        header_of(req, "x-afiliados-client-ip"),
        header_of(req, "x-afiliados-forwarding-key"),
    ));
}

fn error(status: u16, code: &str) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap())
        .json(json!({"error": code, "message": code, "details": []}))
}

fn pair(access: &str, refresh: &str) -> Value {
    json!({"accessToken": access, "refreshToken": refresh, "tokenType": "Bearer", "expiresIn": 900,
           "refreshExpiresIn": 604800, "twoFactorEnrollmentRequired": false})
}

async fn stub_api(req: HttpRequest, stub: web::Data<Stub>) -> HttpResponse {
    record(&stub, &req);
    let bearer = header_of(&req, "authorization").unwrap_or_default();
    match req.path() {
        "/api/v1/auth/login" => HttpResponse::Ok().json(pair("stale", "rt_1")),
        "/api/v1/auth/profile" => HttpResponse::Ok().json(json!({
            "id": "0190a0a0-0000-7000-8000-000000000001", "email": "ana@example.com", "firstName": "Ana",
            "lastName": "Gómez", "roles": ["admin_dentsu"], "brandIds": [],
            "tenantId": "0190a0a0-0000-7000-8000-000000000002", "locale": "es", "status": "active",
            "twoFactorEnabled": true, "twoFactorRequired": true, "influencerId": null,
            "influencerStatus": null, "pendingConsents": [], "lastLoginAt": null, "sessionId": null
        })),
        "/api/v1/auth/refresh" => {
            let mut count = stub.refreshes.lock().unwrap();
            *count += 1;
            if *count == 1 {
                HttpResponse::TooManyRequests()
                    .insert_header(("Retry-After", "30"))
                    .json(json!({"error": "rate_limited", "message": "x", "details": []}))
            } else {
                HttpResponse::Ok().json(pair("good", "rt_2"))
            }
        }
        "/api/v1/users" if bearer == "Bearer good" => {
            HttpResponse::Ok().json(json!({"items": [], "page": 1, "pageSize": 20, "total": 0}))
        }
        "/api/v1/users" => error(401, "unauthenticated"),
        _ => error(404, "not_found"),
    }
}

fn spawn_stub_api() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let stub = web::Data::new(Stub {
        seen: seen.clone(),
        refreshes: Mutex::new(0),
    });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(stub.clone())
            .default_service(web::to(stub_api))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let address = server.addrs()[0];
    actix_web::rt::spawn(server.run());
    (format!("http://{address}"), seen)
}

fn remember<B>(jar: &mut Option<Cookie<'static>>, res: &ServiceResponse<B>) {
    if let Some(cookie) = res
        .response()
        .cookies()
        .find(|c| c.name() == "afiliados_session")
    {
        *jar = Some(cookie.into_owned());
    }
}

/// A request from behind the trusted proxy (127.0.0.1): the browser at 198.51.100.9 forged a first
/// `X-Forwarded-For` line; the proxy appended the real address on a second one.
fn through_proxy(req: test::TestRequest, jar: &Option<Cookie<'static>>) -> test::TestRequest {
    let req = req
        .peer_addr("127.0.0.1:40000".parse().unwrap())
        .append_header(("x-forwarded-for", "192.0.2.66"))
        .append_header(("x-forwarded-for", "198.51.100.9"));
    match jar {
        Some(cookie) => req.cookie(cookie.clone()),
        None => req,
    }
}

#[actix_web::test]
async fn the_browser_address_reaches_the_api_and_a_429_on_refresh_keeps_the_session() {
    let (api, seen) = spawn_stub_api();
    let transport = Transport::new(&api, Duration::from_secs(5))
        .unwrap()
        .with_forwarding_key(KEY);
    let state = web::Data::new(AppState {
        api: UserApi::new(transport),
        development: true,
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
    });
    let app = test::init_service(build_app(state, Key::generate())).await;
    let mut jar = None;

    let res = app
        .call(through_proxy(test::TestRequest::get().uri("/login"), &jar).to_request())
        .await
        .unwrap();
    remember(&mut jar, &res);
    let token = csrf_from(std::str::from_utf8(&test::read_body(res).await).unwrap());
    let res = app
        .call(
            through_proxy(test::TestRequest::post().uri("/login"), &jar)
                .set_form([
                    ("csrf_token", token.as_str()),
                    ("email", "ana@example.com"),
                    ("password", "Correcta!2024"),
                ])
                .to_request(),
        )
        .await
        .unwrap();
    remember(&mut jar, &res);
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The stored access token is stale and the api's refresh bucket is full: a "too many requests"
    // page, and the user stays signed in.
    let res = app
        .call(
            through_proxy(
                test::TestRequest::get().uri("/admin/usuarios?lang=en"),
                &jar,
            )
            .to_request(),
        )
        .await
        .unwrap();
    remember(&mut jar, &res);
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("Too many requests"), "{html}");
    // The next request refreshes and shows the page: the session was kept.
    let res = app
        .call(through_proxy(test::TestRequest::get().uri("/admin/usuarios"), &jar).to_request())
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{:?}",
        res.headers().get(header::LOCATION)
    );

    let seen = seen.lock().unwrap().clone();
    let paths: Vec<&str> = seen.iter().map(|(path, _, _)| path.as_str()).collect();
    assert!(paths.contains(&"/api/v1/auth/login") && paths.contains(&"/api/v1/auth/refresh"));
    for (path, ip, key) in &seen {
        assert_eq!(
            ip.as_deref(),
            Some("198.51.100.9"),
            "{path} states the browser's address"
        );
        assert_eq!(key.as_deref(), Some(KEY), "{path} proves it with the key");
    }
}

#[actix_web::test]
async fn forwarded_for_from_an_untrusted_peer_is_ignored() {
    let (api, seen) = spawn_stub_api();
    let transport = Transport::new(&api, Duration::from_secs(5))
        .unwrap()
        .with_forwarding_key(KEY);
    let state = web::Data::new(AppState {
        api: UserApi::new(transport),
        development: true,
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
    });
    let app = test::init_service(build_app(state, Key::generate())).await;
    let res = app
        .call(
            test::TestRequest::get()
                .uri("/login")
                .peer_addr("203.0.113.5:5000".parse().unwrap())
                .to_request(),
        )
        .await
        .unwrap();
    let cookie = res
        .response()
        .cookies()
        .find(|c| c.name() == "afiliados_session")
        .unwrap()
        .into_owned();
    let token = csrf_from(std::str::from_utf8(&test::read_body(res).await).unwrap());
    let res = app
        .call(
            test::TestRequest::post()
                .uri("/login")
                .peer_addr("203.0.113.5:5000".parse().unwrap())
                .append_header(("x-forwarded-for", "198.51.100.77"))
                .cookie(cookie)
                .set_form([
                    ("csrf_token", token.as_str()),
                    ("email", "ana@example.com"),
                    ("password", "Correcta!2024"),
                ])
                .to_request(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let seen = seen.lock().unwrap().clone();
    let login = seen
        .iter()
        .find(|(path, _, _)| path == "/api/v1/auth/login")
        .unwrap();
    assert_eq!(login.1.as_deref(), Some("203.0.113.5"));
}
