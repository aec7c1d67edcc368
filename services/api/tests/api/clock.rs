//! The injected clock through the api: with the clock pinned far from the machine's date, tokens,
//! refresh tokens, the sign-in lockout and reset links all expire on the clock's time, not the
//! wall's (ARCO due dates on a pinned clock are in `arco.rs`).

use afiliados_domain::ManualClock;
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::passwords::reset_token_from_outbox;

/// An api whose clock stands on Monday 2026-03-02, 10:00 in Bogota.
async fn pinned() -> (TestApp, ManualClock) {
    let clock = ManualClock::new("2026-03-02T15:00:00Z".parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;
    (app, clock)
}

async fn refresh(app: &TestApp, token: &Value) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/refresh")
        .json(&json!({ "refreshToken": token }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn tokens_expire_on_the_injected_clock_not_the_wall() {
    let (app, clock) = pinned().await;
    app.create_user("clock@medipiel.co", &["auditor"], &[])
        .await;
    let pair = app.login("clock@medipiel.co").await;
    let access = pair["accessToken"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/auth/profile", access).await.status(), 200);
    clock.advance(Duration::seconds(900));
    assert_eq!(
        app.get("/api/v1/auth/profile", access).await.status(),
        200,
        "valid through its exp second"
    );
    clock.advance(Duration::seconds(1));
    assert_eq!(app.get("/api/v1/auth/profile", access).await.status(), 401);

    let refreshed = refresh(&app, &pair["refreshToken"]).await;
    assert_eq!(refreshed.status(), 200, "the refresh token lives 7 days");
    let fresh: Value = refreshed.json().await.unwrap();
    let fresh_access = fresh["accessToken"].as_str().unwrap();
    assert_eq!(
        app.get("/api/v1/auth/profile", fresh_access).await.status(),
        200
    );
    clock.advance(Duration::days(7) + Duration::seconds(1));
    let late = refresh(&app, &fresh["refreshToken"]).await;
    assert_eq!(late.status(), 401, "past the refresh token's 7 days");
}

#[tokio::test]
async fn the_sign_in_lockout_lifts_when_the_clock_passes_it() {
    let (app, clock) = pinned().await;
    app.create_user("locked@medipiel.co", &["finance"], &[])
        .await;
    for _ in 1..=5 {
        app.login_raw("locked@medipiel.co", "Wrong!Password1", None)
            .await;
    }
    let locked = app.login_raw("locked@medipiel.co", PASSWORD, None).await;
    assert_eq!(locked.status(), 423);
    assert_eq!(
        locked.headers()["retry-after"].to_str().unwrap(),
        "900",
        "fifteen minutes on a clock that does not move"
    );
    clock.advance(Duration::minutes(14));
    let still = app.login_raw("locked@medipiel.co", PASSWORD, None).await;
    assert_eq!(still.status(), 423);
    assert_eq!(still.headers()["retry-after"].to_str().unwrap(), "60");
    clock.advance(Duration::minutes(1) + Duration::seconds(1));
    let open = app.login_raw("locked@medipiel.co", PASSWORD, None).await;
    assert_eq!(open.status(), 200);
}

#[tokio::test]
async fn a_reset_link_expires_on_the_clock() {
    let (app, clock) = pinned().await;
    app.create_user("late@medipiel.co", &["finance"], &[]).await;
    let forgot = app
        .request(Method::POST, "/api/v1/auth/password/forgot")
        .json(&json!({ "email": "late@medipiel.co" }))
        .send()
        .await
        .unwrap();
    assert_eq!(forgot.status(), 202);
    let token = reset_token_from_outbox(&app, "late@medipiel.co").await;
    // PASSWORD_RESET_TTL_MINUTES is 60 in the tests.
    clock.advance(Duration::minutes(60));
    let reset = app
        .request(Method::POST, "/api/v1/auth/password/reset")
        .json(&json!({ "token": token, "newPassword": "Tarde!Clave2025" }))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 400, "expired at its 60th minute");
    let body: Value = reset.json().await.unwrap();
    assert_eq!(body["error"], "reset_token_invalid");
}
