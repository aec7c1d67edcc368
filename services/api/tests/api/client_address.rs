//! The client address at the api (issue 9, finding 1; ADR 0015): every `X-Forwarded-For` line of a
//! trusted proxy is read, right to left; the web states the browser's address with the shared key,
//! which nobody else can use. The session row shows which address the api settled on.

use afiliados_db::schema::auth_sessions as sessions;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use ipnet::IpNet;
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::*;

/// Signs a new user in with `headers` added to the request; answers the session's address.
async fn session_ip_of_sign_in(app: &TestApp, headers: &[(&str, &str)]) -> Option<String> {
    let email = format!("ana.{}@medipiel.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["gestor_afiliados"], &[]).await;
    let mut request = app
        .http
        .request(Method::POST, format!("{}/api/v1/auth/login", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut conn = app.conn().await;
    let ip: Option<IpNet> = sessions::table
        .filter(sessions::user_id.eq(user))
        .select(sessions::ip)
        .first(&mut conn)
        .await
        .unwrap();
    ip.map(|net| net.addr().to_string())
}

#[tokio::test]
async fn every_forwarded_for_line_is_read_right_to_left() {
    let app = spawn_app().await;
    // The client forged the first line; the trusted proxy (loopback) appended the real address on
    // a second line, behind one more trusted hop.
    let ip = session_ip_of_sign_in(
        &app,
        &[
            ("x-forwarded-for", "192.0.2.66"),
            ("x-forwarded-for", "198.51.100.7, 127.0.0.2"),
        ],
    )
    .await;
    assert_eq!(ip.as_deref(), Some("198.51.100.7"));
}

#[tokio::test]
async fn the_web_states_the_browser_address_with_the_shared_key_only() {
    let app = spawn_app().await;
    let ip = session_ip_of_sign_in(
        &app,
        &[
            ("x-afiliados-client-ip", "198.51.100.21"),
            ("x-afiliados-forwarding-key", WEB_FORWARDING_KEY),
        ],
    )
    .await;
    assert_eq!(ip.as_deref(), Some("198.51.100.21"), "the web's statement");
    // A wrong key: the statement is ignored and the usual rules give the peer (loopback).
    let ip = session_ip_of_sign_in(
        &app,
        &[
            ("x-afiliados-client-ip", "198.51.100.22"),
            (
                "x-afiliados-forwarding-key",
                "not-the-key-0123456789-0123456789-abc",
            ),
        ],
    )
    .await;
    assert_eq!(ip.as_deref(), Some("127.0.0.1"), "a wrong key is ignored");
    // No key at all: ignored too.
    let ip = session_ip_of_sign_in(&app, &[("x-afiliados-client-ip", "198.51.100.23")]).await;
    assert_eq!(ip.as_deref(), Some("127.0.0.1"), "no key, no statement");
}
