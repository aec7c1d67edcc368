//! Malformed JSON, wrong types, missing fields, oversized bodies and bad tokens get the error
//! envelope with a 4xx, never a 5xx.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::*;

async fn envelope(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("every error is JSON");
    assert!(
        body["error"].is_string() && body["message"].is_string() && body["details"].is_array(),
        "{body}"
    );
    (status, body)
}

#[tokio::test]
async fn bad_bodies_and_tokens_get_the_envelope() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let send = |method: Method, path: &str, body: &'static str| {
        app.request(method, path)
            .bearer_auth(&admin)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let (status, body) = envelope(
        send(Method::POST, "/api/v1/users", "{\"email\": ")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str().unwrap()),
        (400, "invalid_json")
    );

    let (status, body) = envelope(
        send(
            Method::POST,
            "/api/v1/users",
            r#"{"email": 5, "firstName": "A", "lastName": "B", "roles": []}"#,
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str().unwrap()),
        (422, "validation_failed")
    );

    let (status, body) = envelope(
        send(Method::POST, "/api/v1/users", r#"{"email": "x@y.co"}"#)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["details"][0]["code"], "required");
    assert_eq!(body["details"][0]["field"], "firstName");

    let (status, body) = envelope(
        send(
            Method::POST,
            "/api/v1/users",
            r#"{"email": "x@y.co", "firstName": "A", "lastName": "B", "roles": ["root"]}"#,
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str().unwrap()),
        (422, "validation_failed")
    );

    let (status, body) = envelope(send(Method::POST, "/api/v1/users", r#"{"email": "not-an-email", "firstName": "A", "lastName": "Bb", "roles": ["auditor"]}"#).await.unwrap()).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["email", "firstName"]);

    let huge = format!("{{\"email\": \"{}\"}}", "a".repeat(1_100_000));
    let response = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    let (status, body) = envelope(response).await;
    assert_eq!(
        (status, body["error"].as_str().unwrap()),
        (413, "payload_too_large")
    );

    let response = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(envelope(response).await.0, 415);

    let (status, _) = envelope(
        app.request(Method::GET, "/api/v1/users?page=zero")
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = envelope(
        app.request(Method::GET, "/api/v1/users?pageSize=500")
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);

    for token in ["", "garbage", "Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.x"] {
        let (status, body) = envelope(app.get("/api/v1/users", token).await).await;
        assert_eq!(
            (status, body["error"].as_str().unwrap()),
            (401, "unauthenticated"),
            "{token}"
        );
    }
    let (status, body) = envelope(app.get("/api/v1/nothing-here", &admin).await).await;
    assert_eq!(
        (status, body["error"].as_str().unwrap()),
        (404, "not_found")
    );
    let (status, _) = envelope(app.get("/internal/v1/ping", &admin).await).await;
    assert_eq!(status, 401, "a user token never opens the internal API");
}

#[tokio::test]
async fn a_failed_write_leaves_nothing_behind() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let unknown_brand = uuid::Uuid::now_v7();
    let body = serde_json::json!({ "email": "m@medipiel.co", "firstName": "Marca", "lastName": "Nueva", "roles": ["admin_marca"], "brandIds": [unknown_brand] });
    let (status, body) = envelope(app.post("/api/v1/users", &admin, body).await).await;
    assert_eq!(status, 422);
    assert_eq!(body["details"][0]["code"], "unknown_reference");
    let mut conn = app.conn().await;
    assert!(
        afiliados_db::users::find_by_email(&mut conn, app.state.tenant_id, "m@medipiel.co")
            .await
            .unwrap()
            .is_none()
    );
    assert!(app.outbox_jobs().await.is_empty());
}
