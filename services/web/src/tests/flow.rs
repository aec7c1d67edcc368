//! The sign-in flow (password, 2FA step, landing page) and the refresh-once rule, against a stub
//! api served on a local port. The stub answers only what these steps need.

use std::time::Duration;

use actix_web::cookie::{Cookie, Key};
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, test, web};
use afiliados_api_client::{Transport, UserApi};
use serde_json::{Value, json};

use super::csrf_from;
use crate::startup::{AppState, build_app};

fn error(status: u16, code: &str) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap())
        .json(json!({"error": code, "message": code, "details": []}))
}

fn pair(access: &str, refresh: &str) -> Value {
    json!({"accessToken": access, "refreshToken": refresh, "tokenType": "Bearer", "expiresIn": 900,
           "refreshExpiresIn": 604800, "twoFactorEnrollmentRequired": false})
}

async fn login(body: web::Json<Value>) -> HttpResponse {
    if body["email"] == "busy@example.com" {
        return HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "1"))
            .json(json!({"error": "server_busy", "message": "x", "details": []}));
    }
    if body["password"] != "Correcta!2024" {
        return error(401, "invalid_credentials");
    }
    match body["twoFactorCode"].as_str() {
        Some("123456") => HttpResponse::Ok().json(pair("stale", "rt_1")),
        Some(_) => error(401, "invalid_two_factor_code"),
        None => HttpResponse::Unauthorized().json(json!({
            "error": "two_factor_required", "message": "x",
            "details": [{"methods": ["totp", "recovery_code"], "challengeId": CHALLENGE,
                         "expiresInSeconds": 300}]
        })),
    }
}

const CHALLENGE: &str = "lc_stub-challenge";

/// The second step takes the challenge id and a code, and never a password.
async fn login_two_factor(body: web::Json<Value>) -> HttpResponse {
    if body.get("password").is_some() || body.get("email").is_some() {
        return error(400, "invalid_json");
    }
    if body["challengeId"] != CHALLENGE {
        return error(401, "two_factor_challenge_invalid");
    }
    match body["twoFactorCode"].as_str() {
        Some("123456") => HttpResponse::Ok().json(pair("stale", "rt_1")),
        _ => error(401, "invalid_two_factor_code"),
    }
}

/// The session's plaintext, decrypted with the web's cookie key as only the web can.
fn session_plaintext(key: &Key, jar: &Option<Cookie<'static>>) -> String {
    let mut cookies = actix_web::cookie::CookieJar::new();
    cookies.add_original(jar.clone().unwrap());
    cookies
        .private(key)
        .get("afiliados_session")
        .map(|c| c.value().to_owned())
        .unwrap()
}

async fn profile() -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "id": "0190a0a0-0000-7000-8000-000000000001", "email": "ana@example.com", "firstName": "Ana",
        "lastName": "Gómez", "roles": ["admin_dentsu"], "brandIds": [],
        "tenantId": "0190a0a0-0000-7000-8000-000000000002", "locale": "es", "status": "active",
        "twoFactorEnabled": true, "twoFactorRequired": true, "influencerId": null, "influencerStatus": null,
        "pendingConsents": [], "lastLoginAt": null, "sessionId": null
    }))
}

async fn refresh(body: web::Json<Value>) -> HttpResponse {
    if body["refreshToken"] == "rt_1" {
        HttpResponse::Ok().json(pair("good", "rt_2"))
    } else {
        error(401, "refresh_token_invalid")
    }
}

/// Answers 401 `unauthenticated` to the first (expired) token, as the real api does.
async fn users(req: HttpRequest) -> HttpResponse {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if bearer == "Bearer good" {
        HttpResponse::Ok().json(json!({"items": [], "page": 1, "pageSize": 20, "total": 0}))
    } else {
        error(401, "unauthenticated")
    }
}

/// The admin landing page is the admin dashboard (ADR 0068).
async fn admin_dashboard() -> HttpResponse {
    HttpResponse::Ok().json(super::stub::admin::admin_dashboard())
}

fn spawn_stub_api() -> String {
    let server = HttpServer::new(|| {
        App::new()
            .route("/api/v1/auth/login", web::post().to(login))
            .route("/api/v1/auth/login/2fa", web::post().to(login_two_factor))
            .route("/api/v1/auth/profile", web::get().to(profile))
            .route("/api/v1/auth/refresh", web::post().to(refresh))
            .route("/api/v1/users", web::get().to(users))
            .route("/api/v1/dashboard/admin", web::get().to(admin_dashboard))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let address = server.addrs()[0];
    actix_web::rt::spawn(server.run());
    format!("http://{address}")
}

/// Keeps the session cookie between requests, as a browser would.
fn remember<B>(jar: &mut Option<Cookie<'static>>, res: &ServiceResponse<B>) {
    if let Some(cookie) = res
        .response()
        .cookies()
        .find(|c| c.name() == "afiliados_session")
    {
        *jar = Some(cookie.into_owned());
    }
}

fn with_jar(req: test::TestRequest, jar: &Option<Cookie<'static>>) -> test::TestRequest {
    match jar {
        Some(cookie) => req.cookie(cookie.clone()),
        None => req,
    }
}

fn location<B>(res: &ServiceResponse<B>) -> &str {
    res.headers()
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
}

#[actix_web::test]
async fn password_then_code_then_landing_then_refresh_once() {
    let transport = Transport::new(&spawn_stub_api(), Duration::from_secs(5)).unwrap();
    let state = web::Data::new(AppState {
        api: UserApi::new(transport),
        development: true,
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
    });
    let key = Key::generate();
    let app = test::init_service(build_app(state, key.clone())).await;
    let mut jar = None;

    let res = app
        .call(test::TestRequest::get().uri("/login").to_request())
        .await
        .unwrap();
    remember(&mut jar, &res);
    let token = csrf_from(std::str::from_utf8(&test::read_body(res).await).unwrap());

    let wrong = [
        ("csrf_token", token.as_str()),
        ("email", "ana@example.com"),
        ("password", "nope"),
    ];
    let res = app
        .call(
            with_jar(test::TestRequest::post().uri("/login"), &jar)
                .set_form(wrong)
                .to_request(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("Correo o contraseña incorrectos."), "{html}");
    assert!(
        html.contains("value=\"ana@example.com\""),
        "keeps the email"
    );

    let right = [
        ("csrf_token", token.as_str()),
        ("email", "ana@example.com"),
        ("password", "Correcta!2024"),
    ];
    let res = app
        .call(
            with_jar(test::TestRequest::post().uri("/login"), &jar)
                .set_form(right)
                .to_request(),
        )
        .await
        .unwrap();
    remember(&mut jar, &res);
    assert_eq!(
        (res.status(), location(&res)),
        (StatusCode::SEE_OTHER, "/login/2fa")
    );
    // Between the steps the session holds the api's challenge id, never the password (ADR 0028).
    let kept = session_plaintext(&key, &jar);
    assert!(kept.contains(CHALLENGE), "{kept}");
    assert!(
        !kept.contains("Correcta!2024"),
        "the password is not kept: {kept}"
    );

    let res = app
        .call(with_jar(test::TestRequest::get().uri("/login/2fa"), &jar).to_request())
        .await
        .unwrap();
    remember(&mut jar, &res);
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("id=\"two-factor-code\"") && html.contains("id=\"two-factor-submit\""));

    let code = [("csrf_token", token.as_str()), ("code", "123456")];
    let res = app
        .call(
            with_jar(test::TestRequest::post().uri("/login/2fa"), &jar)
                .set_form(code)
                .to_request(),
        )
        .await
        .unwrap();
    remember(&mut jar, &res);
    assert_eq!(
        (res.status(), location(&res)),
        (StatusCode::SEE_OTHER, "/admin")
    );

    let res = app
        .call(with_jar(test::TestRequest::get().uri("/admin"), &jar).to_request())
        .await
        .unwrap();
    remember(&mut jar, &res);
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(
        html.contains("<h1 id=\"landing-title\">Panel de administración</h1>"),
        "{html}"
    );
    assert!(html.contains("Ana Gómez") && html.contains("Administrador Dentsu"));

    let res = app
        .call(with_jar(test::TestRequest::get().uri("/influencer"), &jar).to_request())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The stored access token is "stale": the list refreshes once and succeeds.
    let res = app
        .call(
            with_jar(
                test::TestRequest::get().uri("/admin/usuarios?lang=en"),
                &jar,
            )
            .to_request(),
        )
        .await
        .unwrap();
    remember(&mut jar, &res);
    assert_eq!(res.status(), StatusCode::OK);
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(
        html.contains("id=\"users-table\"") && html.contains("Invite a user"),
        "{html}"
    );
}

/// The api's 503 `server_busy` (every password-hashing slot taken, ADR 0026) keeps the sign-in
/// form with a "try again" message and the e-mail, instead of the server-error page.
#[actix_web::test]
async fn a_busy_api_keeps_the_login_form() {
    let transport = Transport::new(&spawn_stub_api(), Duration::from_secs(5)).unwrap();
    let state = web::Data::new(AppState {
        api: UserApi::new(transport),
        development: true,
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
    });
    let app = test::init_service(build_app(state, Key::generate())).await;
    let mut jar = None;
    let res = app
        .call(test::TestRequest::get().uri("/login").to_request())
        .await
        .unwrap();
    remember(&mut jar, &res);
    let token = csrf_from(std::str::from_utf8(&test::read_body(res).await).unwrap());
    let form = [
        ("csrf_token", token.as_str()),
        ("email", "busy@example.com"),
        ("password", "Correcta!2024"),
    ];
    let res = app
        .call(
            with_jar(test::TestRequest::post().uri("/login"), &jar)
                .set_form(form)
                .to_request(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("El servidor está ocupado"), "{html}");
    assert!(
        html.contains("value=\"busy@example.com\""),
        "keeps the email"
    );
}
