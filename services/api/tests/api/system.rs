//! Health, readiness, metrics behind their key, and the committed OpenAPI document.

use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = spawn_app().await;
    let health: Value = app.get("/api/v1/health", "").await.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let ready = app.get("/api/v1/health/ready", "").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.headers()["x-content-type-options"], "nosniff");
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["info"]["database"]["status"], "up");
    assert_eq!(ready["info"]["redis"]["status"], "up");

    let denied = app
        .request(reqwest::Method::GET, "/api/v1/metrics")
        .header("x-metrics-key", "wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 401);
    assert_eq!(
        denied.json::<Value>().await.unwrap()["error"],
        "metrics_key_invalid"
    );
    app.get("/api/v1/health", "").await;
    let text = app
        .request(reqwest::Method::GET, "/api/v1/metrics")
        .header("x-metrics-key", METRICS_KEY)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("marketing_afiliados_api_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("route=\"/api/v1/health\""));
    assert!(text.contains("marketing_afiliados_job_outbox_backlog"));
    assert!(text.contains("marketing_afiliados_email_outbox_pending"));
    // Families the dashboard and the rules query exist before their first event (ADR 0062).
    for series in [
        "marketing_afiliados_queue_pending_jobs{queue=\"afiliados:emails\"} 0",
        "marketing_afiliados_queue_pending_jobs{queue=\"afiliados:backups\"} 0",
        "marketing_afiliados_webhook_events_total{event_type=\"ping\",success=\"false\"}",
        "marketing_afiliados_webhook_events_total{event_type=\"invoiced\",success=\"false\"}",
        "marketing_afiliados_emails_failed_total{template=\"password_reset\"}",
    ] {
        assert!(text.contains(series), "missing {series} in\n{text}");
    }
    // Every api metric a Grafana panel or an alert rule queries is served (ADR 0062).
    let problems = afiliados_testkit::catalogue::problems(
        afiliados_testkit::catalogue::Service::Api,
        &text,
        &[],
    );
    assert!(problems.is_empty(), "{problems:#?}");
    let echoed = app
        .request(reqwest::Method::GET, "/api/v1/health")
        .header("x-request-id", "req-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "req-abc-123");
}

#[tokio::test]
async fn the_committed_openapi_document_is_current() {
    let app = spawn_app().await;
    let served: Value = app
        .get("/api/v1/openapi.json", "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(served["openapi"], "3.1.0");
    assert!(served["paths"]["/api/v1/auth/login"]["post"].is_object());
    assert!(
        served["paths"]
            .as_object()
            .unwrap()
            .keys()
            .all(|p| !p.starts_with("/internal"))
    );
    let codes = served["components"]["schemas"]["ApiErrorCode"].to_string();
    for code in afiliados_api_types::ApiErrorCode::ALL {
        assert!(
            codes.contains(&format!("\"{}\"", code.as_str())),
            "{code} missing from the schema"
        );
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(path).expect("docs/openapi.json exists; run `make openapi`"),
    )
    .unwrap();
    assert!(
        committed == served,
        "docs/openapi.json is stale; run `make openapi`"
    );
}

/// The readiness endpoint is public: a failing dependency answers a status word, never the
/// driver's text (which names hosts, ports, users). Fails when the raw error is echoed.
/// Redis down leaves the api ready (ADR 0062): hooks and writes go on, jobs wait in the outbox;
/// redis is reported `down` under `error` and `details`.
#[tokio::test]
async fn readiness_does_not_echo_dependency_errors() {
    let app = spawn_app_with(|settings| {
        settings.redis.url = afiliados_config::SecretString::from(
            "redis://:hunter2-redis-secret@127.0.0.1:1/0".to_owned(),
        );
    })
    .await;
    let ready = app.get("/api/v1/health/ready", "").await;
    assert_eq!(
        ready.status(),
        200,
        "Redis alone never takes the api out of service"
    );
    let text = ready.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["details"]["redis"]["status"], "down");
    assert_eq!(body["info"]["database"]["status"], "up");
    assert_eq!(body["error"]["redis"]["status"], "down");
    let message = body["error"]["redis"]["message"].as_str().unwrap();
    assert!(
        message == "unavailable" || message == "timeout",
        "a status word, not the driver's text: {message}"
    );
    for leak in ["os error", "refused", "127.0.0.1", "hunter2", "Connection"] {
        assert!(!text.contains(leak), "{leak:?} leaked in {text}");
    }
}

/// Without PostgreSQL the api cannot serve anything: not ready (503, database under `error`).
#[tokio::test]
async fn readiness_fails_without_the_database() {
    let app = spawn_app().await;
    // Every pooled connection is taken and none is handed back within the check's second.
    let mut held = Vec::new();
    while let Ok(Ok(conn)) =
        tokio::time::timeout(std::time::Duration::from_millis(200), app.state.db.get()).await
    {
        held.push(conn);
    }
    let ready = app.get("/api/v1/health/ready", "").await;
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "error");
    assert_eq!(body["error"]["database"]["status"], "down");
    assert_eq!(body["info"]["redis"]["status"], "up");
    drop(held);
}
