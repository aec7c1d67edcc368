//! `Idempotency-Key` on `POST /payments/withdrawals` (`api.md` §0.5, ADR 0047): a replay answers
//! the first answer with `Idempotent-Replay: true`, twenty concurrent clients replaying one key
//! create exactly one withdrawal, another body or route is 422 `idempotency_key_reused`, keys are
//! per user, a malformed key is 422, and a key expires after 24 h (injected clock) and is purged
//! by the daily maintenance.

use afiliados_domain::{Clock, ManualClock};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::orders_ingest::assert_ledger_identity;
use crate::withdrawals::{WITHDRAWALS, available, world};

async fn send(
    app: &TestApp,
    token: &str,
    key: Option<&str>,
    body: &Value,
) -> (u16, Option<String>, Value) {
    let mut request = app
        .request(Method::POST, WITHDRAWALS)
        .bearer_auth(token)
        .json(body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let replay = response
        .headers()
        .get("idempotent-replay")
        .map(|value| value.to_str().unwrap().to_owned());
    (status, replay, response.json().await.unwrap())
}

async fn withdrawal_count(app: &TestApp) -> i64 {
    use afiliados_db::schema::withdrawal_requests;
    let mut conn = app.conn().await;
    withdrawal_requests::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap()
}

async fn key_count(app: &TestApp) -> i64 {
    use afiliados_db::schema::idempotency_keys;
    let mut conn = app.conn().await;
    idempotency_keys::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_replay_answers_the_first_answer_and_another_body_is_refused() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "45000.00").await;
    let body = json!({"brandId": w.slug, "amount": "20000.00", "notes": "Quincena"});
    let (status, replay, first) = send(&app, &w.token, Some("retiro-2026-03-02"), &body).await;
    assert_eq!((status, replay), (201, None), "{first}");
    // The same body spelled differently (number vs string, key order) is the same request.
    let same = json!({"notes": "Quincena", "amount": 20000, "brandId": w.slug});
    let (status, replay, again) = send(&app, &w.token, Some("retiro-2026-03-02"), &same).await;
    assert_eq!((status, replay.as_deref()), (201, Some("true")));
    assert_eq!(again, first);
    assert_eq!(withdrawal_count(&app).await, 1);
    assert_eq!(available(&app, &w.fixture).await, "25000.00");
    // Same key, another body → 422, nothing written.
    let other = json!({"brandId": w.slug, "amount": "1000.00"});
    let (status, _, body) = send(&app, &w.token, Some("retiro-2026-03-02"), &other).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "idempotency_key_reused");
    assert_eq!(withdrawal_count(&app).await, 1);
    // Without a key every request is new.
    let (status, _, _) = send(&app, &w.token, None, &other).await;
    assert_eq!(status, 201);
    let (status, _, _) = send(&app, &w.token, None, &other).await;
    assert_eq!(status, 201);
    assert_eq!(withdrawal_count(&app).await, 3);
    assert_ledger_identity(&app, &w.fixture).await;
}

#[tokio::test]
async fn a_refused_request_stores_nothing_and_can_be_corrected_with_the_same_key() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "20000.00", 0, "45000.00").await;
    let (status, _, body) = send(
        &app,
        &w.token,
        Some("k-1"),
        &json!({"brandId": w.slug, "amount": "50000.00"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_exceeds_available"))
    );
    assert_eq!(key_count(&app).await, 0);
    let (status, replay, _) = send(
        &app,
        &w.token,
        Some("k-1"),
        &json!({"brandId": w.slug, "amount": "45000.00"}),
    )
    .await;
    assert_eq!((status, replay), (201, None));
    assert_eq!(available(&app, &w.fixture).await, "0.00");
}

#[tokio::test]
async fn twenty_concurrent_clients_with_one_key_create_one_withdrawal() {
    let app = spawn_app_with(|settings| settings.database.max_connections = 16).await;
    let w = world(&app, "cetaphil", "0", 0, "100000.00").await;
    let body = json!({"brandId": w.slug, "amount": "30000.00"});
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let request = app
            .request(Method::POST, WITHDRAWALS)
            .bearer_auth(&w.token)
            .header("Idempotency-Key", "pago-unico-7f3a")
            .json(&body);
        tasks.push(tokio::spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let replay = response.headers().contains_key("idempotent-replay");
            let body: Value = response.json().await.unwrap();
            (status, replay, body)
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    assert!(
        answers.iter().all(|(status, _, _)| *status == 201),
        "{answers:?}"
    );
    assert_eq!(answers.iter().filter(|(_, replay, _)| !replay).count(), 1);
    let first = &answers[0].2;
    assert!(answers.iter().all(|(_, _, body)| body == first));
    assert_eq!(withdrawal_count(&app).await, 1);
    assert_eq!(available(&app, &w.fixture).await, "70000.00");
    assert_ledger_identity(&app, &w.fixture).await;
}

#[tokio::test]
async fn keys_are_per_user_and_per_route() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let other = world(&app, "eucerin", "0", 0, "1000.00").await;
    let (status, _, _) = send(
        &app,
        &w.token,
        Some("mismo"),
        &json!({"brandId": w.slug, "amount": "100.00"}),
    )
    .await;
    assert_eq!(status, 201);
    // Another user's identical key is their own: a new withdrawal, not a replay.
    let (status, replay, body) = send(
        &app,
        &other.token,
        Some("mismo"),
        &json!({"brandId": other.slug, "amount": "100.00"}),
    )
    .await;
    assert_eq!((status, replay), (201, None), "{body}");
    assert_eq!(body["influencerId"], other.fixture.influencer.to_string());
    assert_eq!(withdrawal_count(&app).await, 2);
    // The same key on another route of the same user is a reuse.
    use afiliados_db::idempotency_keys::{NewIdempotencyKey, claim};
    let mut conn = app.conn().await;
    let now = app.state.clock.now();
    let inserted = claim(
        &mut conn,
        &NewIdempotencyKey {
            id: afiliados_db::new_id(),
            tenant_id: app.state.tenant_id,
            user_id: w.user,
            key: "otra-ruta",
            route: "POST /api/v1/payments/adjustments",
            request_sha256: &"0".repeat(64),
            created_at: now,
            expires_at: now + Duration::hours(24),
        },
    )
    .await
    .unwrap();
    assert!(inserted);
    drop(conn);
    let (status, _, body) = send(
        &app,
        &w.token,
        Some("otra-ruta"),
        &json!({"brandId": w.slug, "amount": "100.00"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("idempotency_key_reused")),
        "{body}"
    );
}

#[tokio::test]
async fn malformed_keys_are_422() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let body = json!({"brandId": w.slug, "amount": "10.00"});
    let long = "k".repeat(101);
    for key in ["", "con espacio", long.as_str(), "ñandú"] {
        let mut request = app
            .request(Method::POST, WITHDRAWALS)
            .bearer_auth(&w.token)
            .json(&body);
        request = request.header(
            "Idempotency-Key",
            reqwest::header::HeaderValue::from_bytes(key.as_bytes()).unwrap(),
        );
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 422, "{key:?}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["details"][0]["field"], "Idempotency-Key", "{key:?}");
    }
    let hundred = "k".repeat(100);
    assert_eq!(send(&app, &w.token, Some(&hundred), &body).await.0, 201);
    assert_eq!(withdrawal_count(&app).await, 1);
}

#[tokio::test]
async fn a_key_expires_after_24_hours_and_the_sweep_purges_it() {
    let start: DateTime<Utc> = "2026-03-02T15:00:00Z".parse().unwrap();
    let clock = ManualClock::new(start);
    let app = spawn_app_at(&clock, |_| {}).await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let body = json!({"brandId": w.slug, "amount": "100.00"});
    assert_eq!(send(&app, &w.token, Some("dia-1"), &body).await.0, 201);
    // Just before 24 h: a replay.
    clock.advance(Duration::hours(23) + Duration::minutes(59));
    let token = app.login(&w.email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, replay, _) = send(&app, &token, Some("dia-1"), &body).await;
    assert_eq!((status, replay.as_deref()), (201, Some("true")));
    assert_eq!(withdrawal_count(&app).await, 1);
    // After 24 h the key counts as new: a second withdrawal, even with another body.
    clock.advance(Duration::minutes(2));
    let token = app.login(&w.email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, replay, _) = send(
        &app,
        &token,
        Some("dia-1"),
        &json!({"brandId": w.slug, "amount": "50.00"}),
    )
    .await;
    assert_eq!((status, replay), (201, None));
    assert_eq!(withdrawal_count(&app).await, 2);
    assert_eq!(available(&app, &w.fixture).await, "850.00");
    // An expired key left behind is purged by the daily maintenance.
    assert_eq!(send(&app, &token, Some("dia-2"), &body).await.0, 201);
    assert_eq!(key_count(&app).await, 2);
    clock.advance(Duration::hours(25));
    let report = crate::maintenance::run(&app, clock.today()).await;
    assert_eq!(report.idempotency_keys_deleted, 2);
    assert_eq!(key_count(&app).await, 0);
}
