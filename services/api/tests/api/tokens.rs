//! Refresh rotation and reuse detection, logout, key rotation, token confusion, suspension.

use serde_json::{Value, json};

use crate::helpers::*;

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.request(reqwest::Method::POST, "/api/v1/auth/refresh")
        .json(&json!({ "refreshToken": token }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = spawn_app().await;
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
