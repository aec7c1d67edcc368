//! Percent-encoded paths (issue 9, finding 3): the router matches the decoded path, so the rate
//! limit class and the consent re-acceptance gate must decide on the route that was matched, not
//! on the raw path. Every rate-limited route is reached through encoded spellings and must land in
//! its own class (its own `X-RateLimit-Limit`, counted per IP whatever bearer token comes along);
//! the gate must stay closed for every spelling that reaches a gated handler.

use afiliados_domain::ManualClock;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::consents::{consenting_influencer, publish_policies};
use crate::helpers::*;

/// Distinct limits per class, so the `X-RateLimit-Limit` header tells which class counted.
const LOGIN: u32 = 7;
const REGISTRATION: u32 = 11;
const REFRESH: u32 = 30;
const PASSWORD_RESET: u32 = 50;
const DEFAULT: u32 = 1000;

/// Every rate-limited route, spelled with percent-encoded unreserved characters that the router
/// decodes: (spellings, limit of the route's class).
fn limited_routes() -> Vec<(Vec<&'static str>, u32)> {
    vec![
        (
            vec![
                "/api/v1/auth/%6cogin",
                "/api/v1/auth/%6Cogin",
                "/api/v%31/auth/login",
                "/%61pi/v1/auth/login",
                "/api/v1/%61uth/%6c%6f%67%69%6e",
            ],
            LOGIN,
        ),
        (
            vec!["/api/v1/auth/%72efresh", "/api/v%31/auth/refresh"],
            REFRESH,
        ),
        (
            vec![
                "/api/v1/auth/password/%66orgot",
                "/api/v%31/auth/password/forgot",
            ],
            PASSWORD_RESET,
        ),
        (
            vec![
                "/api/v1/auth/password/%72eset",
                "/api/v1/auth/%70assword/reset",
            ],
            PASSWORD_RESET,
        ),
        (
            vec![
                "/api/v1/public/%69nfluencers",
                "/api/v%31/public/influencers",
            ],
            REGISTRATION,
        ),
    ]
}

/// The limits above on a clock that stands still, so every request of a test falls in one window
/// and counts can be asserted exactly (the limiter reads the api's clock).
async fn app_with_distinct_limits() -> TestApp {
    let clock = ManualClock::new("2026-03-02T15:00:30Z".parse().unwrap());
    spawn_app_at(&clock, |settings| {
        settings.rate_limits.login = LOGIN;
        settings.rate_limits.refresh = REFRESH;
        settings.rate_limits.password_reset = PASSWORD_RESET;
        settings.rate_limits.default = DEFAULT;
        settings.onboarding.registration_per_min = REGISTRATION;
    })
    .await
}

fn limit_of(response: &reqwest::Response) -> u32 {
    response
        .headers()
        .get("x-ratelimit-limit")
        .unwrap_or_else(|| panic!("{} has no X-RateLimit-Limit", response.url()))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

fn remaining_of(response: &reqwest::Response) -> u32 {
    response.headers()["x-ratelimit-remaining"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn every_limited_route_keeps_its_class_under_encoded_spellings() {
    let app = app_with_distinct_limits().await;
    // The plain spellings first: the classes are what the limits above say.
    for (path, limit) in [
        ("/api/v1/auth/login", LOGIN),
        ("/api/v1/auth/refresh", REFRESH),
        ("/api/v1/auth/password/forgot", PASSWORD_RESET),
        ("/api/v1/auth/password/reset", PASSWORD_RESET),
        ("/api/v1/public/influencers", REGISTRATION),
        ("/api/v1/auth/profile", DEFAULT),
    ] {
        let response = app
            .request(Method::POST, path)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(limit_of(&response), limit, "{path}");
    }
    for (route, (spellings, limit)) in limited_routes().into_iter().enumerate() {
        for (index, path) in spellings.into_iter().enumerate() {
            // Each spelling from its own address, so no class runs out during the test.
            let ip = format!("10.77.{route}.{index}");
            let response = app
                .http
                .post(format!("{}{path}", app.address))
                .header("x-forwarded-for", &ip)
                .json(&json!({ "email": "nadie@example.com", "password": "x" }))
                .send()
                .await
                .unwrap();
            assert_ne!(
                response.status(),
                404,
                "{path} reaches its handler (the router decodes it)"
            );
            assert_eq!(limit_of(&response), limit, "{path} is counted in its class");
        }
    }
}

#[tokio::test]
async fn sign_in_routes_count_per_ip_whatever_bearer_token_comes_along() {
    let app = app_with_distinct_limits().await;
    let (_, first) = app.login_as_from("gestor_afiliados", "10.78.0.1").await;
    let (_, second) = app.login_as_from("gestor_afiliados", "10.78.0.2").await;
    for (index, path) in ["/api/v1/auth/%6cogin", "/api/v%31/auth/login"]
        .into_iter()
        .enumerate()
    {
        let ip = format!("10.79.0.{index}");
        let mut remaining = Vec::new();
        for token in [&first, &second, &first] {
            let response = app
                .http
                .post(format!("{}{path}", app.address))
                .header("x-forwarded-for", &ip)
                .bearer_auth(token)
                .json(&json!({ "email": "nadie@example.com", "password": "x" }))
                .send()
                .await
                .unwrap();
            assert_eq!(limit_of(&response), LOGIN, "{path}");
            remaining.push(remaining_of(&response));
        }
        // One bucket for the address: every attempt counts, whoever's token it carries (one
        // window: the clock is pinned).
        assert_eq!(remaining, vec![LOGIN - 1, LOGIN - 2, LOGIN - 3], "{path}");
    }
}

async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// An influencer with a pending terms version (the gate applies to it).
async fn influencer_with_pending_consent(app: &TestApp) -> (Uuid, String) {
    let (_, admin) = app.login_as("admin_dentsu").await;
    publish_policies(app, &admin, "1.0").await;
    let laura = consenting_influencer(app).await;
    let published = app
        .post(
            "/api/v1/policies/terms/versions",
            &admin,
            json!({ "version": "2.0", "title": "Términos y condiciones",
                    "documentText": "Términos y condiciones del programa de afiliados Medipiel, versión 2.0.\n" }),
        )
        .await;
    assert_eq!(published.status(), 201);
    (laura.influencer_id, laura.token)
}

#[tokio::test]
async fn the_consent_gate_stays_closed_for_every_spelling_of_a_gated_route() {
    let app = spawn_app().await;
    let (influencer_id, token) = influencer_with_pending_consent(&app).await;
    let gated = [
        (Method::GET, "/api/v1/arco/requests".to_owned()),
        (Method::GET, "/api/v%31/arco/requests".to_owned()),
        (Method::GET, "/%61pi/v1/arco/requests".to_owned()),
        (Method::GET, "/api/v1/%61rco/%72equests".to_owned()),
        (Method::GET, "/api/v1/arco/requests/".to_owned()),
        (Method::GET, "/api/v1//arco/requests".to_owned()),
        (Method::GET, "//api/v1/arco/requests".to_owned()),
        (Method::GET, "/API/V1/arco/requests".to_owned()),
        (Method::GET, "/api/v1/ARCO/requests".to_owned()),
        (Method::GET, "/api/v1/arco%2Frequests".to_owned()),
        (Method::GET, "/api%2Fv1/arco/requests".to_owned()),
        (Method::GET, "/api%2fv1%2farco%2frequests".to_owned()),
        (
            Method::GET,
            format!("/api/v%31/influencers/{influencer_id}"),
        ),
        (
            Method::GET,
            format!("/api/v%31/policies/consents/{influencer_id}/x/certificate"),
        ),
        // The allow-list is per method: the profile may be read, not changed.
        (Method::PATCH, "/api/v%31/auth/profile".to_owned()),
        (Method::PATCH, "/api/v1/auth/%70rofile".to_owned()),
    ];
    for (method, path) in gated {
        let response = app
            .request(method.clone(), &path)
            .bearer_auth(&token)
            .json(&json!({ "locale": "en" }))
            .send()
            .await
            .unwrap();
        let (status, body) = error_of(response).await;
        assert!(
            status == 404 || (status == 403 && body["error"] == "consent_required"),
            "{method} {path} must not pass the gate: {status} {body}"
        );
    }
    // What the gate leaves open stays open under any spelling the router accepts.
    for path in [
        "/api/v1/auth/profile",
        "/api/v%31/auth/profile",
        "/api/v1/auth/%70rofile",
        "/api/v%31/notifications",
    ] {
        assert_eq!(app.get(path, &token).await.status(), 200, "GET {path}");
    }
    let own = format!("/api/v%31/policies/consents/{influencer_id}");
    assert_eq!(app.get(&own, &token).await.status(), 200, "GET {own}");
}
