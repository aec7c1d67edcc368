//! Refresh rotation and reuse detection, logout, key rotation, token confusion, suspension.

use afiliados_domain::ManualClock;
use serde_json::{Value, json};

use crate::helpers::*;

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.request(reqwest::Method::POST, "/api/v1/auth/refresh")
        .json(&json!({ "refreshToken": token }))
        .send()
        .await
        .unwrap()
}

/// Past the grace window for concurrent tabs (ADR 0027), on the api's clock.
fn past_the_grace_window() -> chrono::Duration {
    chrono::Duration::seconds(afiliados_api::usecases::auth::refresh::REUSE_GRACE_SECONDS + 1)
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = spawn_app_at(&clock, |_| {}).await;
    let user = app
        .create_user("rot@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let first = app.login("rot@medipiel.co").await;
    let r1 = first["refreshToken"].as_str().unwrap();
    let second: Value = refresh(&app, r1).await.json().await.unwrap();
    let r2 = second["refreshToken"].as_str().unwrap();
    assert_ne!(r1, r2);
    let access2 = second["accessToken"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/auth/profile", access2).await.status(), 200);

    // After the grace window the rotated token is a thief's.
    clock.advance(past_the_grace_window());
    let reused = refresh(&app, r1).await;
    assert_eq!(reused.status(), 401);
    assert_eq!(
        reused.json::<Value>().await.unwrap()["error"],
        "refresh_token_reused"
    );
    // The whole family is gone: the newest refresh token and the access token stop working.
    assert_eq!(
        refresh(&app, r2).await.json::<Value>().await.unwrap()["error"],
        "refresh_token_invalid"
    );
    assert_eq!(app.get("/api/v1/auth/profile", access2).await.status(), 401);
    assert_eq!(
        app.audit_actions("auth.refresh_reuse_detected").await.len(),
        1
    );
    // The user was told, in-app.
    let fresh = app.login("rot@medipiel.co").await;
    let feed: Value = app
        .get(
            "/api/v1/notifications",
            fresh["accessToken"].as_str().unwrap(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(feed["items"][0]["type"], "auth.session_revoked");
    let _ = user;
}

#[tokio::test]
async fn logout_revokes_the_session() {
    let app = spawn_app().await;
    app.create_user("out@medipiel.co", &["finance"], &[]).await;
    let pair = app.login("out@medipiel.co").await;
    let access = pair["accessToken"].as_str().unwrap();
    let other = app.login("out@medipiel.co").await;
    let response = app.post("/api/v1/auth/logout", access, json!({})).await;
    assert_eq!(response.status(), 204);
    assert_eq!(app.get("/api/v1/auth/profile", access).await.status(), 401);
    assert_eq!(
        refresh(&app, pair["refreshToken"].as_str().unwrap())
            .await
            .status(),
        401
    );
    // Other sessions survive a plain logout, and all go with allSessions.
    let other_access = other["accessToken"].as_str().unwrap();
    assert_eq!(
        app.get("/api/v1/auth/profile", other_access).await.status(),
        200
    );
    let third = app.login("out@medipiel.co").await;
    app.post(
        "/api/v1/auth/logout",
        third["accessToken"].as_str().unwrap(),
        json!({ "allSessions": true }),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/auth/profile", other_access).await.status(),
        401
    );
    assert_eq!(app.audit_actions("auth.logout").await.len(), 2);
}

#[tokio::test]
async fn a_token_signed_with_the_previous_key_verifies_until_it_expires() {
    let app = spawn_app_with(|settings| {
        settings.jwt_keys = format!("{JWT_NEW},{JWT_OLD}").into();
    })
    .await;
    let user = app.create_user("key@medipiel.co", &["auditor"], &[]).await;
    let pair = app.login("key@medipiel.co").await;
    let session = {
        let claims = app
            .state
            .jwt
            .verify(
                pair["accessToken"].as_str().unwrap(),
                app.state.now().timestamp(),
            )
            .unwrap();
        claims.sid
    };
    let old_ring = afiliados_auth::JwtKeyRing::parse(JWT_OLD, 32).unwrap();
    let now = chrono::Utc::now().timestamp();
    let roles = vec!["auditor".to_owned()];
    let old_token = old_ring
        .issue(
            user,
            app.state.tenant_id,
            session,
            roles.clone(),
            afiliados_auth::TokenType::Access,
            now,
            900,
        )
        .unwrap();
    assert_eq!(
        app.get("/api/v1/auth/profile", &old_token).await.status(),
        200
    );
    let expired = old_ring
        .issue(
            user,
            app.state.tenant_id,
            session,
            roles,
            afiliados_auth::TokenType::Access,
            now - 1000,
            900,
        )
        .unwrap();
    assert_eq!(
        app.get("/api/v1/auth/profile", &expired).await.status(),
        401
    );
    let unknown =
        afiliados_auth::JwtKeyRing::parse("other:MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=", 32)
            .unwrap();
    let foreign = unknown
        .issue(
            user,
            app.state.tenant_id,
            session,
            vec![],
            afiliados_auth::TokenType::Access,
            now,
            900,
        )
        .unwrap();
    assert_eq!(
        app.get("/api/v1/auth/profile", &foreign).await.status(),
        401
    );
}

#[tokio::test]
async fn access_and_refresh_tokens_are_not_interchangeable() {
    let app = spawn_app().await;
    app.create_user("mix@medipiel.co", &["finance"], &[]).await;
    let pair = app.login("mix@medipiel.co").await;
    let as_refresh = refresh(&app, pair["accessToken"].as_str().unwrap()).await;
    assert_eq!(as_refresh.status(), 401);
    assert_eq!(
        as_refresh.json::<Value>().await.unwrap()["error"],
        "refresh_token_invalid"
    );
    let as_bearer = app
        .get(
            "/api/v1/auth/profile",
            pair["refreshToken"].as_str().unwrap(),
        )
        .await;
    assert_eq!(as_bearer.status(), 401);
    assert_eq!(as_bearer.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        as_bearer.json::<Value>().await.unwrap()["error"],
        "unauthenticated"
    );
}

#[tokio::test]
async fn a_suspended_user_can_neither_sign_in_nor_refresh() {
    let app = spawn_app().await;
    let user = app
        .create_user("sus@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let pair = app.login("sus@medipiel.co").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let response = app
        .post(
            &format!("/api/v1/users/{user}/suspend"),
            &admin,
            json!({ "reason": "Investigación" }),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap()["status"],
        "suspended"
    );
    let login = app.login_raw("sus@medipiel.co", PASSWORD, None).await;
    assert_eq!(login.status(), 403);
    assert_eq!(
        login.json::<Value>().await.unwrap()["error"],
        "account_suspended"
    );
    assert_eq!(
        refresh(&app, pair["refreshToken"].as_str().unwrap())
            .await
            .status(),
        401
    );
    assert_eq!(
        app.get(
            "/api/v1/auth/profile",
            pair["accessToken"].as_str().unwrap()
        )
        .await
        .status(),
        401
    );
    // Reactivated, it signs in again.
    assert_eq!(
        app.post(
            &format!("/api/v1/users/{user}/reactivate"),
            &admin,
            json!({})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.login_raw("sus@medipiel.co", PASSWORD, None)
            .await
            .status(),
        200
    );
}

/// Two tabs refresh at once with the same token: the second, within the grace window, gets a
/// token of the same session instead of revoking it, and every token handed out keeps working.
/// Fails on the old code, which answered `refresh_token_reused` and revoked the session.
#[tokio::test]
async fn two_tabs_refreshing_at_once_keep_the_session() {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = spawn_app_at(&clock, |_| {}).await;
    app.create_user("tabs@medipiel.co", &["auditor"], &[]).await;
    let first = app.login("tabs@medipiel.co").await;
    let r1 = first["refreshToken"].as_str().unwrap();
    let tab_a: Value = refresh(&app, r1).await.json().await.unwrap();
    let r2 = tab_a["refreshToken"].as_str().unwrap();
    clock.advance(chrono::Duration::seconds(2));
    let tab_b = refresh(&app, r1).await;
    assert_eq!(tab_b.status(), 200, "the other tab's refresh is not reuse");
    let tab_b: Value = tab_b.json().await.unwrap();
    let r3 = tab_b["refreshToken"].as_str().unwrap();
    assert_ne!(r3, r2);
    let access = tab_b["accessToken"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/auth/profile", access).await.status(), 200);
    assert_eq!(refresh(&app, r2).await.status(), 200, "tab A's token works");
    assert_eq!(refresh(&app, r3).await.status(), 200, "tab B's token works");
    assert!(
        app.audit_actions("auth.refresh_reuse_detected")
            .await
            .is_empty()
    );
}

/// Within the window only the immediately previous token is forgiven: once its successor was
/// used, presenting it again is reuse and revokes the session.
#[tokio::test]
async fn an_older_token_is_reuse_even_within_the_grace_window() {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = spawn_app_at(&clock, |_| {}).await;
    app.create_user("old@medipiel.co", &["auditor"], &[]).await;
    let first = app.login("old@medipiel.co").await;
    let r1 = first["refreshToken"].as_str().unwrap();
    let second: Value = refresh(&app, r1).await.json().await.unwrap();
    let r2 = second["refreshToken"].as_str().unwrap();
    let third: Value = refresh(&app, r2).await.json().await.unwrap();
    let r3 = third["refreshToken"].as_str().unwrap();
    let reused = refresh(&app, r1).await;
    assert_eq!(reused.status(), 401);
    assert_eq!(
        reused.json::<Value>().await.unwrap()["error"],
        "refresh_token_reused"
    );
    assert_eq!(
        refresh(&app, r3).await.json::<Value>().await.unwrap()["error"],
        "refresh_token_invalid",
        "the session is revoked"
    );
    assert_eq!(
        app.audit_actions("auth.refresh_reuse_detected").await.len(),
        1
    );
}

/// A staff user whose mandatory 2FA is no longer enabled (an administrator reset it) cannot keep
/// a session alive by refreshing: 403 `two_factor_required_for_role`, and the session is revoked.
/// Fails on the old code, which rotated the token.
#[tokio::test]
async fn refresh_rechecks_the_staff_two_factor_rule() {
    let app = spawn_app_with(|settings| settings.require_2fa_for_staff = true).await;
    let user = app
        .create_user("staff2fa@medipiel.co", &["finance"], &[])
        .await;
    let enrolment = app.login("staff2fa@medipiel.co").await;
    let (secret, _) = enable_two_factor(&app, enrolment["accessToken"].as_str().unwrap()).await;
    let code = totp_at(&secret, now_unix());
    let pair: Value = app
        .login_raw("staff2fa@medipiel.co", PASSWORD, Some(&code))
        .await
        .json()
        .await
        .unwrap();
    let r1 = pair["refreshToken"].as_str().unwrap();
    let rotated: Value = refresh(&app, r1).await.json().await.unwrap();
    let r2 = rotated["refreshToken"].as_str().unwrap();

    // The second factor goes away (what an administrator's reset does).
    afiliados_db::totp::delete(&mut *app.conn().await, user)
        .await
        .unwrap();
    let refused = refresh(&app, r2).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"],
        "two_factor_required_for_role"
    );
    let access = pair["accessToken"].as_str().unwrap();
    assert_eq!(
        app.get("/api/v1/auth/profile", access).await.status(),
        401,
        "the session is revoked"
    );
}
