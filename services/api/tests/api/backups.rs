//! `/internal/v1/backups` (`api.md` §21.6; ADR 0061) on a pinned clock: the api picks each
//! snapshot's tier (first of a month monthly, first of an ISO week weekly, else daily) and its
//! expiry (30 / 90 / 365 days), answers a repeated report with the first record, refuses bad
//! reports whole, lists exactly the expired snapshots as the clock moves, and refuses to mark a
//! snapshot still inside its retention pruned.

use afiliados_domain::ManualClock;
use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::*;

const BACKUPS: &str = "/internal/v1/backups";

fn report(key: &str, created_at: &str) -> Value {
    json!({
        "storageKey": key,
        "createdAt": created_at,
        "sizeBytes": 1234,
        "sha256": "ab".repeat(32),
        "dbVersion": "15.20",
        "encryptionKeyId": "dev1",
    })
}

async fn record(app: &TestApp, key: &str, created_at: &str) -> Value {
    let response = app
        .post(BACKUPS, INTERNAL_TOKEN, report(key, created_at))
        .await;
    assert_eq!(response.status(), 201, "{key}");
    response.json().await.unwrap()
}

async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let response = app.get(&format!("{BACKUPS}{query}"), INTERNAL_TOKEN).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["storageKey"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn backups_get_tiers_expire_on_the_clock_and_are_pruned_once() {
    let clock = ManualClock::new("2026-12-08T12:00:00Z".parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;

    let latest: Value = app
        .get(&format!("{BACKUPS}/latest"), INTERNAL_TOKEN)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(latest, json!({ "snapshot": null }));

    // Tuesday 1 December, twice; Monday 7 December (a new ISO week); Tuesday 8.
    let first = record(&app, "backups/m.dump.enc", "2026-12-01T00:00:00Z").await;
    let daily = record(&app, "backups/d.dump.enc", "2026-12-01T00:15:00Z").await;
    let weekly = record(&app, "backups/w.dump.enc", "2026-12-07T00:00:00Z").await;
    let last = record(&app, "backups/d2.dump.enc", "2026-12-08T11:45:00Z").await;
    assert_eq!(
        [&first, &daily, &weekly, &last].map(|s| s["retentionTier"].as_str().unwrap().to_owned()),
        ["monthly", "daily", "weekly", "daily"]
    );
    assert_eq!(first["expiresAt"], "2027-12-01T00:00:00Z");
    assert_eq!(daily["expiresAt"], "2026-12-31T00:15:00Z");
    assert_eq!(weekly["expiresAt"], "2027-03-07T00:00:00Z");

    // The same report again: the same snapshot. The same key with other bytes: refused.
    let again = record(&app, "backups/d.dump.enc", "2026-12-01T00:15:00Z").await;
    assert_eq!(again["id"], daily["id"]);
    let mut other = report("backups/d.dump.enc", "2026-12-01T00:15:00Z");
    other["sha256"] = json!("cd".repeat(32));
    let response = app.post(BACKUPS, INTERNAL_TOKEN, other).await;
    assert_eq!(response.status(), 422);

    let latest: Value = app
        .get(&format!("{BACKUPS}/latest"), INTERNAL_TOKEN)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(latest["snapshot"]["id"], last["id"]);
    assert!(listed(&app, "?expired=true").await.is_empty());
    assert_eq!(listed(&app, "").await.len(), 4);

    // A snapshot inside its retention cannot be marked pruned.
    let id = daily["id"].as_str().unwrap();
    let response = app
        .post(&format!("{BACKUPS}/{id}/pruned"), INTERNAL_TOKEN, json!({}))
        .await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_transition");

    // 31 December 00:15 + a minute: only the first daily has expired.
    clock.set("2026-12-31T00:16:00Z".parse().unwrap());
    assert_eq!(listed(&app, "?expired=true").await, ["backups/d.dump.enc"]);
    // Past the second daily's 30 days (7 January 11:45 + 30) but not the weekly's 90.
    clock.advance(Duration::days(38));
    assert_eq!(
        listed(&app, "?expired=true").await,
        ["backups/d.dump.enc", "backups/d2.dump.enc"]
    );

    for id in [&daily["id"], &daily["id"]] {
        let response = app
            .post(
                &format!("{BACKUPS}/{}/pruned", id.as_str().unwrap()),
                INTERNAL_TOKEN,
                json!({}),
            )
            .await;
        assert_eq!(response.status(), 204, "marking twice is one change");
    }
    assert_eq!(listed(&app, "?expired=true").await, ["backups/d2.dump.enc"]);
    assert_eq!(listed(&app, "").await.len(), 3);

    // A year on, the weekly and the monthly have expired too.
    clock.advance(Duration::days(330));
    assert_eq!(listed(&app, "?expired=true").await.len(), 3);

    let unknown = uuid::Uuid::now_v7();
    let response = app
        .post(
            &format!("{BACKUPS}/{unknown}/pruned"),
            INTERNAL_TOKEN,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn bad_backup_reports_are_refused_whole_and_need_the_service_token() {
    let app = spawn_app().await;
    let mut bad = report("../etc/passwd", "2026-12-01T00:00:00Z");
    bad["sizeBytes"] = json!(0);
    bad["sha256"] = json!("XYZ");
    bad["dbVersion"] = json!(" ");
    let response = app.post(BACKUPS, INTERNAL_TOKEN, bad).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    for field in ["storageKey", "sizeBytes", "sha256", "dbVersion"] {
        assert!(fields.contains(&field), "{field} in {body}");
    }
    // Taken in the future.
    let future = (chrono::Utc::now() + Duration::days(2)).to_rfc3339();
    let response = app
        .post(
            BACKUPS,
            INTERNAL_TOKEN,
            report("backups/f.dump.enc", &future),
        )
        .await;
    assert_eq!(response.status(), 422);
    // Not JSON of the shape: the envelope, never a 5xx.
    let response = app
        .post(BACKUPS, INTERNAL_TOKEN, json!({ "storageKey": 3 }))
        .await;
    assert_eq!(response.status(), 422);
    let response = app
        .get(&format!("{BACKUPS}?expired=maybe"), INTERNAL_TOKEN)
        .await;
    assert!(response.status().is_client_error());
    // Nothing was written.
    assert!(listed(&app, "").await.is_empty());

    // Without the token (or with a user's JWT), every backup route is 401.
    let (_, admin) = app.login_as("admin_dentsu").await;
    for token in ["", admin.as_str()] {
        let response = app
            .post(
                BACKUPS,
                token,
                report("backups/x.dump.enc", "2026-12-01T00:00:00Z"),
            )
            .await;
        assert_eq!(response.status(), 401);
        assert_eq!(
            app.get(&format!("{BACKUPS}/latest"), token).await.status(),
            401
        );
    }
}
