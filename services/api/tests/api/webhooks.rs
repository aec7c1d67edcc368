//! `POST /api/v1/vtex/webhooks/orders` (`vtex.md` §2, `api.md` §19, ADR 0032) against real
//! PostgreSQL and Redis: every hook fixture with its documented signature, one changed byte,
//! duplicates, the ping, the hook header with its origin rules, unknown and non-JSON bodies, the
//! sealed order document, the failed-authentication limit per address (authenticated traffic
//! never limited, encoded paths alike) and 503 when the database cannot answer in time.

use afiliados_db::webhook_delivery_log::Delivery;
use afiliados_domain::{DeliveryKind, DeliveryStatus, DeliveryVerification, ManualClock};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

pub(crate) const WEBHOOK: &str = "/api/v1/vtex/webhooks/orders";

/// The development secret the fixtures' README signs with.
const SECRET: &str = "dev-vtex-webhook-secret";

/// `fixtures/vtex/README.md`, "Signatures": (file, bytes, signature).
const SIGNED_HOOKS: [(&str, usize, &str); 4] = [
    (
        "hook-order-created.json",
        295,
        "384787029fcf75c2da318420730540025353596a9ef6e46126f9ac294f4f08f6",
    ),
    (
        "hook-payment-approved.json",
        313,
        "7e284d555a48d9da43c95950fcbc2747e7b1626ed47d5c2157df1af1a0837718",
    ),
    (
        "hook-invoiced.json",
        298,
        "f85f2840e9f494a96027d09f39f78d591d1adb0bde299d600807fe901bad99ac",
    ),
    (
        "hook-canceled.json",
        312,
        "7f3a1f3c321fb0b6c4c77858ffb1058021e2a0311e05874a6a8d177d2f18eb5d",
    ),
];

/// A fixture's exact bytes.
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/vtex/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).unwrap()
}

/// The hex HMAC of `body` under the development secret.
pub(crate) fn sign(body: &[u8]) -> String {
    hex::encode(afiliados_crypto::hmac_sha256(SECRET.as_bytes(), body))
}

/// Posts `body` to `path` from `ip` with `headers`.
pub(crate) async fn post_raw(
    app: &TestApp,
    path: &str,
    ip: &str,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> Response {
    let mut request = app
        .http
        .request(Method::POST, format!("{}{path}", app.address))
        .header("x-forwarded-for", ip)
        .header("content-type", "application/json")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// Posts `body` signed with the development secret from the app's address.
pub(crate) async fn post_signed(app: &TestApp, body: Vec<u8>) -> Response {
    let signature = sign(&body);
    post_raw(
        app,
        WEBHOOK,
        &app.client_ip,
        body,
        &[("x-vtex-hmac-sha256", &signature)],
    )
    .await
}

/// Posts a signed body and returns the stored delivery's id (asserting 200 `accepted`).
pub(crate) async fn accepted(app: &TestApp, body: Vec<u8>) -> Uuid {
    let response = post_signed(app, body).await;
    assert_eq!(response.status(), 200);
    let ack: Value = response.json().await.unwrap();
    assert_eq!(ack["status"], "accepted", "{ack}");
    ack["deliveryId"].as_str().unwrap().parse().unwrap()
}

/// A hook for `order` in `state` at `last_change`, as VTEX writes it.
pub(crate) fn hook(order: &str, state: &str, last_change: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "Domain": "Marketplace",
        "OrderId": order,
        "State": state,
        "LastState": "",
        "LastChange": last_change,
        "CurrentChange": last_change,
        "Origin": { "Account": "medipiel", "Key": "vtexappkey-medipiel-KQZTRB" }
    }))
    .unwrap()
}

/// Every delivery row, oldest first.
pub(crate) async fn deliveries(app: &TestApp) -> Vec<Delivery> {
    use afiliados_db::schema::webhook_delivery_log as log;
    let mut conn = app.conn().await;
    log::table
        .order((log::received_at.asc(), log::id.asc()))
        .select(Delivery::as_select())
        .load(&mut conn)
        .await
        .unwrap()
}

/// One delivery row.
pub(crate) async fn delivery(app: &TestApp, id: Uuid) -> Delivery {
    let mut conn = app.conn().await;
    afiliados_db::webhook_delivery_log::find(&mut conn, app.state.tenant_id, id)
        .await
        .unwrap()
        .unwrap()
}

/// The `IngestVtexOrder` jobs in the outbox.
pub(crate) async fn ingest_jobs(app: &TestApp) -> Vec<Value> {
    app.outbox_jobs()
        .await
        .into_iter()
        .filter(|(name, _)| name == "IngestVtexOrder")
        .map(|(_, payload)| payload)
        .collect()
}

async fn error_of(response: Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn every_hook_fixture_with_its_documented_signature_is_accepted_and_enqueued() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for (name, size, signature) in SIGNED_HOOKS {
        let body = fixture(name);
        assert_eq!(body.len(), size, "{name} is sent byte for byte");
        assert_eq!(sign(&body), signature, "{name}: the README's signature");
        let response = post_raw(
            &app,
            WEBHOOK,
            &app.client_ip,
            body,
            &[("x-vtex-hmac-sha256", signature)],
        )
        .await;
        assert_eq!(response.status(), 200, "{name}");
        let ack: Value = response.json().await.unwrap();
        assert_eq!(ack["status"], "accepted", "{name}: {ack}");
        let id: Uuid = ack["deliveryId"].as_str().unwrap().parse().unwrap();
        let row = delivery(&app, id).await;
        assert_eq!(row.kind, DeliveryKind::Hook);
        assert_eq!(row.status, DeliveryStatus::Received);
        assert_eq!(row.verification, DeliveryVerification::Hmac);
        assert_eq!(row.response_code, 200);
        assert_eq!(row.payload_size, i32::try_from(size).unwrap());
        assert!(row.payload.is_some() && row.payload_ciphertext.is_none());
        let headers = row.headers.to_string();
        assert!(
            !headers.contains(signature),
            "the signature is never stored"
        );
        ids.push(id);
    }
    let payment = delivery(&app, ids[1]).await;
    assert_eq!(payment.vtex_order_id.as_deref(), Some("1432120512345-01"));
    assert_eq!(payment.vtex_state.as_deref(), Some("payment-approved"));
    assert_eq!(payment.vtex_last_state.as_deref(), Some("payment-pending"));
    assert_eq!(
        payment.idempotency_key.as_deref(),
        Some("1432120512345-01|payment-approved|2026-03-02T14:09:30.4120000Z")
    );
    assert_eq!(payment.origin_account.as_deref(), Some("medipiel"));
    let jobs = ingest_jobs(&app).await;
    let expected: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "deliveryId": id, "force": false }))
        .collect();
    assert_eq!(jobs, expected, "one IngestVtexOrder per accepted hook");
}

#[tokio::test]
async fn one_changed_byte_is_401_with_a_rejected_row_and_nothing_enqueued() {
    let app = spawn_app().await;
    let (_, size, signature) = SIGNED_HOOKS[1];
    let mut body = fixture("hook-payment-approved.json");
    // The final newline becomes a space: one byte, still valid JSON.
    body[size - 1] = b' ';
    let response = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        body,
        &[("x-vtex-hmac-sha256", signature)],
    )
    .await;
    assert_eq!(
        error_of(response).await,
        (401, "webhook_signature_invalid".into())
    );
    let missing = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-invoiced.json"),
        &[],
    )
    .await;
    assert_eq!(
        error_of(missing).await,
        (401, "webhook_signature_invalid".into())
    );
    let rows = deliveries(&app).await;
    assert_eq!(rows.len(), 2);
    for (row, reason) in rows.iter().zip(["bad_signature", "missing_signature"]) {
        assert_eq!(row.status, DeliveryStatus::Rejected);
        assert_eq!(row.verification, DeliveryVerification::Failed);
        assert_eq!(row.verification_error.as_deref(), Some(reason));
        assert_eq!(row.response_code, 401);
        assert!(row.payload.is_none() && row.payload_ciphertext.is_none());
        assert!(!row.headers.to_string().contains(signature));
    }
    assert!(ingest_jobs(&app).await.is_empty());
}

#[tokio::test]
async fn a_repeated_delivery_is_a_duplicate_of_the_live_one_and_enqueues_nothing() {
    let app = spawn_app().await;
    let first = accepted(&app, fixture("hook-invoiced.json")).await;
    let response = post_signed(&app, fixture("hook-invoiced.json")).await;
    assert_eq!(response.status(), 200);
    let ack: Value = response.json().await.unwrap();
    assert_eq!(ack, json!({ "status": "duplicate", "deliveryId": first }));
    let rows = deliveries(&app).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].status, DeliveryStatus::Duplicate);
    assert_eq!(rows[1].duplicate_of, Some(first));
    assert_eq!(ingest_jobs(&app).await.len(), 1);
    // A rejected copy does not hold the key: the next valid copy is still a duplicate of the
    // live one, never of the rejection.
    let rejected = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-invoiced.json"),
        &[("x-vtex-hmac-sha256", "00")],
    )
    .await;
    assert_eq!(rejected.status(), 401);
    let again: Value = post_signed(&app, fixture("hook-invoiced.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["deliveryId"], json!(first));
}

#[tokio::test]
async fn the_ping_is_answered_without_authentication() {
    let app = spawn_app().await;
    let body = fixture("hook-ping.json");
    assert_eq!(body.len(), 27);
    let response = post_raw(&app, WEBHOOK, &app.client_ip, body, &[]).await;
    assert_eq!(response.status(), 200);
    let ack: Value = response.json().await.unwrap();
    assert_eq!(ack, json!({ "status": "pong" }));
    let rows = deliveries(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, DeliveryKind::Ping);
    assert_eq!(rows[0].status, DeliveryStatus::Ignored);
    assert_eq!(rows[0].verification, DeliveryVerification::NotRequired);
    assert_eq!(rows[0].payload, Some(json!({ "hookConfig": "ping" })));
    assert!(ingest_jobs(&app).await.is_empty());
}

#[tokio::test]
async fn the_hook_header_authenticates_with_the_origin_of_a_hook() {
    let app = spawn_app().await;
    let header = [(
        "X-Afiliados-Hook-Key",
        afiliados_api::TEST_HOOK_HEADER_VALUE,
    )];
    let ok = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-order-created.json"),
        &header,
    )
    .await;
    assert_eq!(ok.status(), 200);
    let mut foreign_account: Value =
        serde_json::from_slice(&fixture("hook-canceled.json")).unwrap();
    foreign_account["Origin"]["Account"] = json!("otra-tienda");
    let mut foreign_key: Value = serde_json::from_slice(&fixture("hook-canceled.json")).unwrap();
    foreign_key["Origin"]["Key"] = json!("vtexappkey-otra-ABCDEF");
    for (body, reason) in [
        (foreign_account, "origin_account_mismatch"),
        (foreign_key, "origin_key_not_allowed"),
    ] {
        let response = post_raw(
            &app,
            WEBHOOK,
            &app.client_ip,
            serde_json::to_vec(&body).unwrap(),
            &header,
        )
        .await;
        assert_eq!(
            error_of(response).await,
            (401, "webhook_signature_invalid".into())
        );
        let rows = deliveries(&app).await;
        assert_eq!(
            rows.last().unwrap().verification_error.as_deref(),
            Some(reason)
        );
    }
    let wrong = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-invoiced.json"),
        &[(
            "x-afiliados-hook-key",
            "not-the-configured-value-0123456789",
        )],
    )
    .await;
    assert_eq!(wrong.status(), 401);
    // An order document needs the header only.
    let document = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("oms-order-without-coupon.json"),
        &header,
    )
    .await;
    assert_eq!(document.status(), 200);
    let rows = deliveries(&app).await;
    assert_eq!(rows[0].verification, DeliveryVerification::HookHeader);
    assert_eq!(
        rows[3].verification_error.as_deref(),
        Some("bad_hook_header")
    );
    assert_eq!(rows[4].kind, DeliveryKind::OrderDocument);
    assert_eq!(rows[4].verification, DeliveryVerification::HookHeader);
    for row in &rows {
        assert!(
            !row.headers
                .to_string()
                .contains(afiliados_api::TEST_HOOK_HEADER_VALUE),
            "the header value is never stored"
        );
    }
}

#[tokio::test]
async fn with_hmac_only_the_hook_header_does_not_authenticate() {
    let app = spawn_app_with(|settings| {
        settings.webhook.auth = afiliados_api::webhook_settings::WebhookAuthMode::Hmac;
    })
    .await;
    let response = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-order-created.json"),
        &[(
            "x-afiliados-hook-key",
            afiliados_api::TEST_HOOK_HEADER_VALUE,
        )],
    )
    .await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        deliveries(&app).await[0].verification_error.as_deref(),
        Some("missing_signature")
    );
    assert_eq!(
        post_signed(&app, fixture("hook-order-created.json"))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn unknown_json_is_422_after_authentication_and_non_json_is_400() {
    let app = spawn_app().await;
    let unknown = br#"{"event":"something-else"}"#.to_vec();
    let unsigned = post_raw(&app, WEBHOOK, &app.client_ip, unknown.clone(), &[]).await;
    assert_eq!(
        error_of(unsigned).await,
        (401, "webhook_signature_invalid".into())
    );
    let signed = post_signed(&app, unknown).await;
    assert_eq!(error_of(signed).await, (422, "unrecognized_payload".into()));
    let not_json = post_signed(&app, b"{\"OrderId\": ".to_vec()).await;
    assert_eq!(error_of(not_json).await, (400, "invalid_json".into()));
    let rows = deliveries(&app).await;
    assert_eq!(rows[1].kind, DeliveryKind::Unknown);
    assert_eq!(rows[1].status, DeliveryStatus::Ignored);
    assert_eq!(rows[1].response_code, 422);
    assert_eq!(rows[2].status, DeliveryStatus::Rejected);
    assert_eq!(rows[2].error.as_deref(), Some("invalid_json"));
    assert_eq!(rows[2].response_code, 400);
    assert!(ingest_jobs(&app).await.is_empty());
}

#[tokio::test]
async fn a_larger_body_than_two_mib_is_413() {
    let app = spawn_app().await;
    let mut body = b"{\"pad\":\"".to_vec();
    body.resize(2 * 1024 * 1024 + 1, b'a');
    let response = post_signed(&app, body).await;
    assert_eq!(response.status(), 413);
    assert!(deliveries(&app).await.is_empty());
}

#[tokio::test]
async fn an_order_document_is_stored_sealed_and_enqueued() {
    let app = spawn_app().await;
    let body = fixture("oms-order-with-coupon.json");
    assert!(String::from_utf8_lossy(&body).contains("laura.gomez@example.com"));
    let id = accepted(&app, body).await;
    let row = delivery(&app, id).await;
    assert_eq!(row.kind, DeliveryKind::OrderDocument);
    assert_eq!(row.vtex_state.as_deref(), Some("invoiced"));
    assert!(row.payload.is_none(), "never in clear");
    let sealed = row.payload_ciphertext.clone().unwrap();
    assert!(
        !sealed
            .windows("laura.gomez".len())
            .any(|w| w == b"laura.gomez"),
        "the column's bytes do not hold the e-mail"
    );
    // Nothing of the row, read by the database itself, holds it either.
    #[derive(QueryableByName)]
    struct Hits {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        hits: i64,
    }
    let mut conn = app.conn().await;
    let hits: Hits = diesel::sql_query(
        "SELECT count(*) AS hits FROM webhook_delivery_log w \
         WHERE position(convert_to('laura.gomez', 'UTF8') IN coalesce(w.payload_ciphertext, ''::bytea)) > 0 \
            OR row_to_json(w)::text LIKE '%laura.gomez%'",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(hits.hits, 0);
    assert_eq!(
        ingest_jobs(&app).await,
        vec![json!({ "deliveryId": id, "force": false })]
    );
}

/// A clock that stands still, so every request of a test falls in one rate-limit window.
fn still_clock() -> ManualClock {
    ManualClock::new("2026-03-02T15:00:30Z".parse().unwrap())
}

#[tokio::test]
async fn failed_authentications_are_limited_per_address_and_authenticated_traffic_never() {
    const LIMIT: u32 = 3;
    let clock = still_clock();
    let app = spawn_app_at(&clock, |settings| {
        settings.webhook.failed_auth_per_min = LIMIT;
    })
    .await;
    let attacker = random_client_ip();
    for _ in 0..LIMIT {
        let response = post_raw(
            &app,
            WEBHOOK,
            &attacker,
            fixture("hook-invoiced.json"),
            &[("x-vtex-hmac-sha256", "00")],
        )
        .await;
        assert_eq!(response.status(), 401);
    }
    let over = post_raw(
        &app,
        WEBHOOK,
        &attacker,
        fixture("hook-invoiced.json"),
        &[("x-vtex-hmac-sha256", "00")],
    )
    .await;
    assert_eq!(over.status(), 429);
    assert!(over.headers().contains_key("retry-after"));
    assert_eq!(
        deliveries(&app).await.len(),
        usize::try_from(LIMIT).unwrap(),
        "over the limit nothing is stored"
    );
    // Another address is not affected.
    let other = post_raw(
        &app,
        WEBHOOK,
        &random_client_ip(),
        fixture("hook-invoiced.json"),
        &[],
    )
    .await;
    assert_eq!(other.status(), 401);
    // Authenticated traffic from the limited address, and far more than the limit of it from
    // one address, is all accepted: the limit counts failures only.
    let volume = LIMIT * 4;
    for n in 0..volume {
        let body = hook(
            &format!("14321205{n:05}-01"),
            "payment-approved",
            "2026-03-02T14:09:30.4120000Z",
        );
        let signature = sign(&body);
        let response = post_raw(
            &app,
            WEBHOOK,
            &attacker,
            body,
            &[("x-vtex-hmac-sha256", &signature)],
        )
        .await;
        assert_eq!(response.status(), 200, "authenticated request {n}");
        assert!(
            !response.headers().contains_key("x-ratelimit-limit"),
            "the general limiter does not count the webhook"
        );
    }
    assert_eq!(
        ingest_jobs(&app).await.len(),
        usize::try_from(volume).unwrap()
    );
    // A ping without credentials is unauthenticated traffic too.
    let ping = post_raw(&app, WEBHOOK, &attacker, fixture("hook-ping.json"), &[]).await;
    assert_eq!(ping.status(), 429);
}

#[tokio::test]
async fn an_encoded_spelling_of_the_route_gets_the_same_treatment() {
    const LIMIT: u32 = 2;
    let clock = still_clock();
    let app = spawn_app_at(&clock, |settings| {
        settings.webhook.failed_auth_per_min = LIMIT;
    })
    .await;
    let encoded = "/api/v1/vtex/webhooks/%6frders";
    let body = fixture("hook-payment-approved.json");
    let signature = sign(&body);
    let ok = post_raw(
        &app,
        encoded,
        &app.client_ip,
        body,
        &[("x-vtex-hmac-sha256", &signature)],
    )
    .await;
    assert_eq!(ok.status(), 200, "the router decodes the path");
    assert!(!ok.headers().contains_key("x-ratelimit-limit"));
    // Failures through either spelling share one window per address.
    let ip = random_client_ip();
    for path in [WEBHOOK, encoded] {
        let response = post_raw(&app, path, &ip, fixture("hook-invoiced.json"), &[]).await;
        assert_eq!(response.status(), 401, "{path}");
    }
    let over = post_raw(&app, encoded, &ip, fixture("hook-invoiced.json"), &[]).await;
    assert_eq!(over.status(), 429);
    // And authenticated volume through the encoded spelling is never limited.
    for n in 0..LIMIT * 3 {
        let body = hook(
            &format!("99990000{n:05}-01"),
            "invoiced",
            "2026-03-03T16:20:07Z",
        );
        let signature = sign(&body);
        let response = post_raw(
            &app,
            encoded,
            &ip,
            body,
            &[("x-vtex-hmac-sha256", &signature)],
        )
        .await;
        assert_eq!(response.status(), 200);
    }
}

#[tokio::test]
async fn no_free_connection_is_503_so_vtex_retries() {
    // The pool has one connection and the test holds it: the webhook cannot reach the database
    // within its deadline, answers 503 and stores nothing; once it is free, the same request
    // is accepted.
    let app = spawn_app_with(|settings| settings.database.max_connections = 1).await;
    let held = app.state.db.get().await.unwrap();
    let started = std::time::Instant::now();
    let response = post_signed(&app, fixture("hook-invoiced.json")).await;
    assert_eq!(
        error_of(response).await,
        (503, "service_unavailable".into())
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "well within VTEX's 5 seconds"
    );
    drop(held);
    assert!(deliveries(&app).await.is_empty());
    assert_eq!(
        post_signed(&app, fixture("hook-invoiced.json"))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_database_that_does_not_answer_in_three_seconds_is_503() {
    use diesel_async::AsyncConnection;
    let app = spawn_app().await;
    // Another session holds the table: the webhook's statements wait until their 3-second
    // timeout cancels them, and the answer is 503, not 500.
    let mut owner = app.owner_conn().await;
    let (tx_started, release) = (
        tokio::sync::oneshot::channel::<()>(),
        tokio::sync::oneshot::channel::<()>(),
    );
    let (started_tx, started_rx) = tx_started;
    let (release_tx, release_rx) = release;
    let locker = tokio::spawn(async move {
        owner
            .transaction::<_, diesel::result::Error, _>(async |tx| {
                diesel::sql_query("LOCK TABLE webhook_delivery_log IN ACCESS EXCLUSIVE MODE")
                    .execute(tx)
                    .await?;
                let _ = started_tx.send(());
                let _ = release_rx.await;
                Ok(())
            })
            .await
            .unwrap();
    });
    started_rx.await.unwrap();
    let started = std::time::Instant::now();
    let response = post_signed(&app, fixture("hook-invoiced.json")).await;
    let elapsed = started.elapsed();
    assert_eq!(
        error_of(response).await,
        (503, "service_unavailable".into())
    );
    assert!(
        elapsed >= std::time::Duration::from_millis(2900),
        "{elapsed:?}"
    );
    assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?}");
    release_tx.send(()).unwrap();
    locker.await.unwrap();
    assert!(deliveries(&app).await.is_empty());
}

#[tokio::test]
async fn every_outcome_at_the_door_is_counted() {
    let app = spawn_app().await;
    let metric = |text: &str, labels: &str| -> f64 {
        text.lines()
            .find(|line| {
                line.starts_with("marketing_afiliados_webhook_events_total{")
                    && line.contains(labels)
            })
            .and_then(|line| line.rsplit(' ').next())
            .and_then(|value| value.parse().ok())
            .unwrap_or(0.0)
    };
    let scrape = async || {
        app.request(Method::GET, "/api/v1/metrics")
            .header("x-metrics-key", METRICS_KEY)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let rejected = "event_type=\"invoiced\",success=\"false\"";
    let pinged = "event_type=\"ping\",success=\"true\"";
    let before = scrape().await;
    post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-invoiced.json"),
        &[],
    )
    .await;
    post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-ping.json"),
        &[],
    )
    .await;
    let after = scrape().await;
    assert!(
        metric(&after, rejected) >= metric(&before, rejected) + 1.0,
        "{after}"
    );
    assert!(metric(&after, pinged) >= metric(&before, pinged) + 1.0);
    assert!(after.contains("marketing_afiliados_webhook_duration_seconds"));
    assert!(after.contains("marketing_afiliados_webhook_deliveries{status=\"received\"}"));
}

#[tokio::test]
async fn outside_development_without_any_secret_the_route_answers_503_and_stores_nothing() {
    // Start-up refuses this configuration (`webhook_settings` unit tests); should it ever be
    // missing at runtime, nothing is accepted unauthenticated — except the ping.
    let app = spawn_app_with(|settings| {
        settings.app_env = afiliados_config::AppEnv::Qa;
        settings.webhook.secret = None;
        settings.webhook.hook_header_value = None;
    })
    .await;
    let response = post_signed(&app, fixture("hook-invoiced.json")).await;
    assert_eq!(
        error_of(response).await,
        (503, "webhook_auth_not_configured".into())
    );
    assert!(deliveries(&app).await.is_empty());
    let ping = post_raw(
        &app,
        WEBHOOK,
        &app.client_ip,
        fixture("hook-ping.json"),
        &[],
    )
    .await;
    assert_eq!(ping.status(), 200);
}
