//! `GET /status` (AD, AU, FI) on a pinned clock: each block's figures and its level at the
//! thresholds of `docs/status-thresholds.md`, worst block first; every other role 403.

use afiliados_domain::ManualClock;
use serde_json::Value;

use crate::helpers::*;
use crate::orders_ingest::exec;
use crate::orders_read::read;

/// Friday 2026-03-20 10:00 in Bogota.
const NOW: &str = "2026-03-20T15:00:00Z";

async fn pinned() -> TestApp {
    let clock = ManualClock::new(NOW.parse().unwrap());
    spawn_app_at(&clock, |_| {}).await
}

async fn delivery(app: &TestApp, received: &str, processed: Option<&str>, status: &str) {
    let processed = processed.map_or_else(|| "NULL".to_owned(), |at| format!("'{at}'"));
    exec(
        app,
        format!(
            "INSERT INTO webhook_delivery_log (id, tenant_id, received_at, processed_at, kind,
               verification, status, response_code, payload_sha256, payload_size)
             VALUES ('{}', '{}', '{received}', {processed}, 'hook', 'hmac', '{status}', 200,
               repeat('0', 64), 10)",
            afiliados_db::new_id(),
            app.state.tenant_id
        ),
    )
    .await;
}

async fn backup(app: &TestApp, at: &str) {
    exec(
        app,
        format!(
            "INSERT INTO backup_snapshots (id, storage_key, created_at, size_bytes, sha256,
               db_version, encryption_key_id, retention_tier, expires_at)
             VALUES ('{id}', 'k-{id}', '{at}', 4096, repeat('a', 64), '15', 'k1', 'daily',
               '2026-05-01T00:00:00Z')",
            id = afiliados_db::new_id()
        ),
    )
    .await;
}

async fn run(app: &TestApp, status: &str, finished: &str, ratio: &str) {
    let error = if status == "failed" { "'boom'" } else { "NULL" };
    exec(
        app,
        format!(
            "INSERT INTO reconciliation_runs (id, tenant_id, type, source, range_from, range_to,
               status, triggered_by, started_at, finished_at, auto_reconciled_ratio, error)
             VALUES ('{}', '{}', 'daily', 'scheduled', '2026-03-18T05:00:00Z',
               '2026-03-19T05:00:00Z', '{status}', 'system:reconciliation', '{finished}',
               '{finished}', {ratio}, {error})",
            afiliados_db::new_id(),
            app.state.tenant_id
        ),
    )
    .await;
}

fn level(page: &Value, block: &str) -> String {
    page[block]["level"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_empty_platform_is_red_for_the_missing_backup_and_reconciliation() {
    let app = pinned().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (status, page) = read(&app, "/status", &admin).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(level(&page, "ingestLag"), "green");
    assert!(page["ingestLag"]["p95Seconds"].is_null());
    assert_eq!(level(&page, "deliveries"), "green");
    assert_eq!(level(&page, "reconciliation"), "red", "no run at all");
    assert_eq!(level(&page, "discrepancies"), "green");
    assert_eq!(level(&page, "backup"), "red", "no backup at all");
    assert_eq!(page["overall"], "red");
    assert_eq!(page["generatedAt"], "2026-03-20T15:00:00Z");
}

#[tokio::test]
async fn each_block_takes_its_level_from_the_documented_thresholds() {
    let app = pinned().await;
    let (_, finance) = app.login_as("finance").await;
    let (_, before) = read(&app, "/status", &finance).await;
    let queued_before = before["emailBacklog"]["undelivered"].as_i64().unwrap();
    // Ingest lag of the last hour: 10 s, 20 s, 30 s, 400 s → p50 25 s, p95 344.5 s (red ≥ 300);
    // the one received 2 hours ago is outside the hour.
    delivery(
        &app,
        "2026-03-20T14:10:00Z",
        Some("2026-03-20T14:10:10Z"),
        "processed",
    )
    .await;
    delivery(
        &app,
        "2026-03-20T14:20:00Z",
        Some("2026-03-20T14:20:20Z"),
        "processed",
    )
    .await;
    delivery(
        &app,
        "2026-03-20T14:30:00Z",
        Some("2026-03-20T14:30:30Z"),
        "processed",
    )
    .await;
    delivery(
        &app,
        "2026-03-20T14:40:00Z",
        Some("2026-03-20T14:46:40Z"),
        "processed",
    )
    .await;
    delivery(
        &app,
        "2026-03-20T13:00:00Z",
        Some("2026-03-20T14:00:00Z"),
        "processed",
    )
    .await;
    // One failed today (amber ≥ 1), one failed 2 days ago (out), one waiting.
    delivery(&app, "2026-03-20T12:00:00Z", None, "failed").await;
    delivery(&app, "2026-03-18T12:00:00Z", None, "failed").await;
    delivery(&app, "2026-03-20T14:59:00Z", None, "received").await;
    // Last run success 10 hours ago, ratio 0.9950 = 50 basis points unreconciled: green.
    run(&app, "success", "2026-03-20T05:00:00Z", "0.9950").await;
    // Backup 30 hours old: amber (≥ 26).
    backup(&app, "2026-03-19T09:00:00Z").await;
    // E-mails: one over 30 minutes (amber ≥ 1), one fresh.
    for created in ["2026-03-20T14:00:00Z", "2026-03-20T14:50:00Z"] {
        exec(
            &app,
            format!(
                "INSERT INTO email_outbox (id, tenant_id, recipient, template, locale, payload,
                   created_at) VALUES ('{}', '{}', 'x@example.com', 'test', 'es', '{{}}',
                   '{created}')",
                afiliados_db::new_id(),
                app.state.tenant_id
            ),
        )
        .await;
    }

    let (status, page) = read(&app, "/status", &finance).await;
    assert_eq!(status, 200, "{page}");
    let lag = &page["ingestLag"];
    assert_eq!(lag["samples"], 4, "{lag}");
    assert_eq!(lag["p50Seconds"].as_f64().unwrap(), 25.0);
    assert!(
        (lag["p95Seconds"].as_f64().unwrap() - 344.5).abs() < 1e-9,
        "{lag}"
    );
    assert_eq!(level(&page, "ingestLag"), "red");
    assert_eq!(page["deliveries"]["failedLast24h"], 1);
    assert_eq!(page["deliveries"]["pending"], 1);
    assert_eq!(level(&page, "deliveries"), "amber");
    assert_eq!(page["reconciliation"]["status"], "success");
    assert_eq!(
        page["reconciliation"]["autoReconciledRatio"].to_string(),
        "0.9950"
    );
    assert_eq!(level(&page, "reconciliation"), "green");
    assert_eq!(page["backup"]["ageHours"], 30);
    assert_eq!(level(&page, "backup"), "amber");
    assert_eq!(
        page["emailBacklog"]["undelivered"].as_i64().unwrap() - queued_before,
        2
    );
    assert_eq!(page["emailBacklog"]["over30Min"], 1);
    assert_eq!(level(&page, "emailBacklog"), "amber");
    assert_eq!(page["overall"], "red", "the worst block");

    // A later failed run turns the block red; a ratio of 0.9899 alone would be amber.
    run(&app, "warning", "2026-03-20T06:00:00Z", "0.9899").await;
    let (_, page) = read(&app, "/status", &finance).await;
    assert_eq!(
        level(&page, "reconciliation"),
        "amber",
        "{}",
        page["reconciliation"]
    );
    run(&app, "failed", "2026-03-20T07:00:00Z", "NULL").await;
    let (_, page) = read(&app, "/status", &finance).await;
    assert_eq!(level(&page, "reconciliation"), "red");
}

#[tokio::test]
async fn only_admin_auditor_and_finance_read_the_status_page() {
    let app = pinned().await;
    for role in ["admin_dentsu", "auditor", "finance"] {
        let (_, token) = app.login_as(role).await;
        let (status, body) = read(&app, "/status", &token).await;
        assert_eq!(status, 200, "{role}: {body}");
    }
    for role in ["gestor_afiliados", "admin_marca", "influencer"] {
        let (_, token) = app.login_as(role).await;
        let (status, body) = read(&app, "/status", &token).await;
        assert_eq!(status, 403, "{role}: {body}");
    }
}
