//! `/internal/v1` is guarded for the whole scope: every internal route, listed by the router
//! itself (`routes::internal::ROUTES`), answers 401 with the error envelope without the service
//! token and with a wrong one (a user's JWT included), and nothing is written — not a row in any
//! table, not a key in Redis. The bodies are ones the handlers would accept, and the ids name
//! real rows, so a route left open would write.

use afiliados_api::routes::internal::ROUTES;
use afiliados_api_types::internal::EmailDeliveryReport;
use afiliados_api_types::internal_vtex::{CouponSyncResult, PromotionSyncResult};
use afiliados_db_test::fixtures::{CodeWorld, insert_code_world};
use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Digest {
    #[diesel(sql_type = Text)]
    digest: String,
}

/// Every table with an md5 of its whole content, plus every Redis key of the app's namespace.
async fn fingerprint(app: &TestApp) -> (Vec<(String, String)>, Vec<String>) {
    let mut conn = app.conn().await;
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let mut digests = Vec::new();
    for table in tables {
        let digest: Digest = diesel::sql_query(format!(
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest \
             FROM \"{}\" t",
            table.name
        ))
        .get_result(&mut conn)
        .await
        .unwrap();
        digests.push((table.name, digest.digest));
    }
    let mut redis = app.state.redis.get().await.unwrap();
    let mut keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{}*", app.state.settings.queue_namespace))
        .query_async(&mut *redis)
        .await
        .unwrap();
    keys.sort();
    (digests, keys)
}

/// A path with real ids and a body the route's handler accepts.
fn request_for(method: &str, path: &str, ids: &Ids) -> (Method, String, Option<Value>) {
    let method: Method = method.to_uppercase().parse().unwrap();
    let id = if path.starts_with("/emails/") {
        ids.email.clone()
    } else if path.starts_with("/codes/") {
        ids.code.clone()
    } else if path.starts_with("/campaigns/") {
        ids.campaign.clone()
    } else {
        ids.run.clone()
    };
    let full = format!("/internal/v1{}", path.replace("{id}", &id));
    let body = match (method.as_str(), path) {
        ("POST", "/emails/{id}/claim") => Some(json!({ "leaseSeconds": 120 })),
        ("POST", "/emails/{id}/delivery") => Some(
            serde_json::to_value(EmailDeliveryReport {
                delivered: true,
                message_id: Some("<guard@marketing-afiliados>".into()),
                error: None,
                permanent: false,
                retry_at: None,
            })
            .unwrap(),
        ),
        ("POST", "/codes/{id}/sync-result") => Some(
            serde_json::to_value(CouponSyncResult {
                sync_revision: 1,
                success: true,
                vtex_coupon_id: Some("guard".into()),
                vtex_archived: Some(false),
                error: None,
                permanent: false,
            })
            .unwrap(),
        ),
        ("POST", "/campaigns/{id}/promotions/sync-result") => Some(
            serde_json::to_value(PromotionSyncResult {
                discount_percent: "10.00".parse().unwrap(),
                sync_revision: 1,
                success: true,
                vtex_promotion_id: Some("guard".into()),
                error: None,
                permanent: false,
            })
            .unwrap(),
        ),
        ("POST", "/jobs/runs") => Some(json!({
            "jobName": "daily_maintenance",
            "scheduledAt": "2026-12-02T05:05:00Z",
            "startedAt": "2026-12-02T05:05:01Z",
            "schedule": "0 5 0 * * *",
            "nextRunAt": "2026-12-03T05:05:00Z",
        })),
        ("PATCH", "/jobs/runs/{id}") => Some(json!({
            "status": "succeeded",
            "finishedAt": "2026-12-02T05:05:04Z",
            "durationMs": 3120,
            "details": {},
        })),
        ("POST", "/maintenance/daily") => Some(json!({ "date": "2027-03-12" })),
        // Well-formed reconciliation bodies: only the missing token refuses them.
        ("POST", "/reconciliations") => Some(json!({
            "type": "daily", "source": "scheduled", "scheduledAt": "2026-03-03T08:00:00Z",
        })),
        ("POST", "/reconciliations/{id}/vtex-orders") => Some(json!({
            "chunk": 0, "pagesFetched": 1, "orders": [{
                "vtexOrderId": "1432120555555-01", "vtexStatus": "invoiced",
                "totalValue": "180000.00", "currency": "COP",
                "creationDate": "2026-03-02T14:00:00Z", "lastChange": "2026-03-02T15:00:00Z",
            }],
        })),
        ("POST", "/reconciliations/{id}/compare") => {
            Some(json!({ "vtexTotal": 1, "pagesFetched": 1 }))
        }
        ("POST", "/reconciliations/{id}/deep-check") => {
            Some(json!({ "orders": [], "notFound": ["1432120555555-01"] }))
        }
        ("POST", "/reconciliations/{id}/fail") => {
            Some(json!({ "error": "VTEX unreachable", "pagesFetched": 1 }))
        }
        ("POST" | "PATCH" | "PUT", _) => Some(json!({})),
        _ => None,
    };
    (method, full, body)
}

struct Ids {
    email: String,
    code: String,
    campaign: String,
    run: String,
}

/// Real rows for every `{id}`: an invitation e-mail, a code and its campaign, a started job run.
async fn world(app: &TestApp) -> Ids {
    let (_, admin) = app.login_as("admin_dentsu").await;
    let invited = app
        .post(
            "/api/v1/users",
            &admin,
            json!({ "email": "guard@medipiel.co", "firstName": "Guard", "lastName": "Test", "roles": ["finance"] }),
        )
        .await;
    assert_eq!(invited.status(), 201);
    let outbox: Value = app
        .get("/api/v1/notifications/emails?delivered=false", &admin)
        .await
        .json()
        .await
        .unwrap();
    let email = outbox["items"][0]["id"].as_str().unwrap().to_owned();
    let code = insert_code_world(
        &mut *app.conn().await,
        app.state.tenant_id,
        &CodeWorld::active("guard"),
    )
    .await
    .unwrap();
    let (_, _, body) = request_for("post", "/jobs/runs", &placeholder());
    let started: Value = app
        .post("/internal/v1/jobs/runs", INTERNAL_TOKEN, body.unwrap())
        .await
        .json()
        .await
        .unwrap();
    Ids {
        email,
        code: code.code_id.to_string(),
        campaign: code.campaign_id.to_string(),
        run: started["runId"].as_str().unwrap().to_owned(),
    }
}

fn placeholder() -> Ids {
    let none = uuid::Uuid::nil().to_string();
    Ids {
        email: none.clone(),
        code: none.clone(),
        campaign: none.clone(),
        run: none,
    }
}

#[tokio::test]
async fn every_internal_route_refuses_a_missing_or_wrong_token_and_writes_nothing() {
    let app = spawn_app().await;
    let ids = world(&app).await;
    let (_, user_jwt) = app.login_as("admin_dentsu").await;
    // Let the relay push what the set-up enqueued, so only the calls below could change Redis.
    afiliados_testkit::eventually(std::time::Duration::from_secs(10), || async {
        let pending = afiliados_db::job_outbox::backlog(&mut *app.conn().await)
            .await
            .unwrap();
        (pending == 0).then_some(())
    })
    .await
    .expect("the relay drains the outbox");
    let before = fingerprint(&app).await;

    assert!(ROUTES.len() >= 11, "the route table lists the scope");
    let wrong_tokens = [
        None,
        Some("not-the-token".to_owned()),
        Some(format!("{INTERNAL_TOKEN}x")),
        Some(user_jwt),
    ];
    for (method, path) in ROUTES {
        let (method, url, body) = request_for(method, path, &ids);
        for token in &wrong_tokens {
            let mut request = app.request(method.clone(), &url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{method} {url} with {token:?}");
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
            let envelope: Value = response.json().await.unwrap();
            assert_eq!(envelope["error"], "unauthenticated", "{method} {url}");
        }
    }
    assert_eq!(fingerprint(&app).await, before, "nothing was written");

    // The fingerprint does see a write: a claim with the token leases the e-mail.
    let (method, url, body) = request_for("post", "/emails/{id}/claim", &ids);
    let allowed = app
        .request(method, &url)
        .bearer_auth(INTERNAL_TOKEN)
        .json(&body.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    assert_ne!(fingerprint(&app).await, before, "a real call writes");
}

#[tokio::test]
async fn the_guard_covers_the_scope_not_only_the_listed_routes() {
    let app = spawn_app().await;
    // A path no handler serves: without the token the scope's guard answers before routing, so a
    // handler added without the `ServiceCaller` extractor would be covered as well.
    for token in [None, Some("not-the-token")] {
        let mut request = app.request(Method::POST, "/internal/v1/not-a-route");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401);
        let envelope: Value = response.json().await.unwrap();
        assert_eq!(envelope["error"], "unauthenticated");
    }
    let known = app
        .request(Method::POST, "/internal/v1/not-a-route")
        .bearer_auth(INTERNAL_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(known.status(), 404, "with the token, routing answers");
}
