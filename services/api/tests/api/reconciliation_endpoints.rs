//! The staff's reconciliation endpoints (`api.md` §17, §19, §21.6; `domain.md` §4.9, §5.16): a
//! recorded run with every summary shape, starting a run, the lists, the reports, reprocess and
//! accept with their 409s and bounds, the escalation at three days on a pinned clock, and who may
//! do what (AM reaches nothing and receives nothing; AU reads but never acts).

use afiliados_domain::ManualClock;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const RUNS: &str = "/api/v1/vtex/reconciliations";
const DISCREPANCIES: &str = "/api/v1/vtex/reconciliations/discrepancies";
const ESCALATE: &str = "/internal/v1/discrepancies/escalate";
const NOW: &str = "2026-03-03T15:00:00Z";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    json_of(app.post(path, token, body).await).await
}

async fn get(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    json_of(app.get(path, token).await).await
}

/// One entry of each class, in the top-level shape.
fn every_class() -> Value {
    json!({
        "missingInPlatform": [{"orderId": "1432120555555-01", "vtex": "180000.00"}],
        "statusMismatch": [{"orderId": "1432120598765-01", "platform": "paid", "vtex": "canceled"}],
        "amountMismatch": [{"id": "1432120512345-01", "platform": "399975.70", "vtex": "395975.70"}],
        "couponMismatch": [{"orderId": "1432120577777-01", "platform": "CETAPHIL-ISABELA7KQ3"}],
        "missingInVtex": ["1432120588888-01"],
    })
}

fn recorded(summary: Value, found: i64) -> Value {
    json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": found,
           "summary": summary, "reportUrl": "https://reports.example.com/r/1"})
}

async fn discrepancy_of(app: &TestApp, token: &str, run: &str, class: &str) -> Value {
    let (status, page) = get(
        app,
        &format!("{RUNS}/{run}/discrepancies?class={class}"),
        token,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    page["items"][0].clone()
}

async fn notifications_of(app: &TestApp, user: Uuid) -> Vec<String> {
    let mut conn = app.conn().await;
    let (rows, _, _) = afiliados_db::notifications::list(&mut conn, user, false, 0, 100)
        .await
        .unwrap();
    rows.into_iter().map(|n| n.type_).collect()
}

#[tokio::test]
async fn a_recorded_run_stores_every_class_and_starts_the_automatic_ones() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let (finance_id, finance) = app.login_as("finance").await;
    let (admin_id, _) = app.login_as("admin_dentsu").await;
    let brand = app.create_brand("cetaphil").await;
    let marca = app
        .create_user("marca@medipiel.co", &["admin_marca"], &[brand])
        .await;
    let mut body = recorded(every_class(), 5);
    body["alerts"] = json!(["Pedidos sin cupón en el reporte externo"]);
    let (status, run) = post(&app, RUNS, &finance, body).await;
    assert_eq!(status, 201, "{run}");
    assert_eq!(run["source"], "manual_record");
    assert_eq!(run["status"], "warning");
    assert_eq!(run["discrepanciesFound"], 5);
    assert_eq!(
        run["counts"],
        json!({"A": 1, "B": 1, "C": 1, "D": 1, "E": 1})
    );
    // D and E wait for a person; A, B and C are being resolved.
    assert_eq!(run["pendingManualCount"], 2);
    assert_eq!(run["businessDate"], "2026-03-02");
    assert_eq!(run["reportUrl"], "https://reports.example.com/r/1");
    let id = run["id"].as_str().unwrap().to_owned();

    let c = discrepancy_of(&app, &finance, &id, "C").await;
    assert_eq!(c["status"], "resolving");
    assert_eq!(c["vtexOrderId"], "1432120512345-01");
    assert_eq!(c["details"]["difference"], "4000.00");
    assert_eq!(c["details"]["ratioPercent"], "1.01");
    assert_eq!(
        discrepancy_of(&app, &finance, &id, "D").await["status"],
        "open"
    );
    assert_eq!(
        discrepancy_of(&app, &finance, &id, "E").await["vtexOrderId"],
        "1432120588888-01"
    );
    let fetches: Vec<Value> = app
        .outbox_jobs()
        .await
        .into_iter()
        .filter(|(name, _)| name == "FetchVtexOrder")
        .map(|(_, payload)| payload)
        .collect();
    assert_eq!(fetches.len(), 3, "{fetches:?}");
    assert!(fetches.iter().all(|f| f["force"] == true));

    // Alerts: FI and AD are told in-app; the brand's admin is told nothing.
    assert!(
        notifications_of(&app, finance_id)
            .await
            .contains(&"reconciliation.alert".to_owned())
    );
    assert!(
        notifications_of(&app, admin_id)
            .await
            .contains(&"reconciliation.alert".to_owned())
    );
    assert!(notifications_of(&app, marca).await.is_empty());
    assert_eq!(app.audit_actions("reconciliation.recorded").await.len(), 1);
}

#[tokio::test]
async fn every_summary_shape_is_read_and_a_clean_record_is_success() {
    let app = spawn_app().await;
    let (_, finance) = app.login_as("finance").await;
    for (n, summary) in [
        json!({"details": {"couponMismatch": [{"orderId": "100-01"}]}}),
        json!({"discrepancies": {"couponMismatch": [{"id": "200-01"}]}}),
        json!({"couponMismatch": [{"orderId": "300-01", "vtex": null, "platform": 12.5}]}),
    ]
    .into_iter()
    .enumerate()
    {
        let (status, run) = post(&app, RUNS, &finance, recorded(summary, 1)).await;
        assert_eq!(status, 201, "shape {n}: {run}");
        assert_eq!(run["counts"]["D"], 1, "shape {n}");
    }
    let (status, clean) = post(
        &app,
        RUNS,
        &finance,
        json!({"runDate": "2026-03-02T10:00:00-05:00", "type": "adhoc", "discrepanciesFound": 0}),
    )
    .await;
    assert_eq!(status, 201, "{clean}");
    assert_eq!(clean["status"], "success");
    assert_eq!(clean["businessDate"], "2026-03-02");
}

#[tokio::test]
async fn a_bad_record_is_refused_whole() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let cases = [
        (json!({"type": "daily", "discrepanciesFound": 0}), "runDate"),
        (
            json!({"runDate": "ayer", "type": "daily", "discrepanciesFound": 0}),
            "runDate",
        ),
        (
            json!({"runDate": "2026-03-02", "type": "weekly", "discrepanciesFound": 0}),
            "type",
        ),
        (
            json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": -1}),
            "discrepanciesFound",
        ),
        (
            json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": 0,
                "reportUrl": "http://reports.example.com"}),
            "reportUrl",
        ),
        (
            json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": 0,
                "alerts": vec!["x"; 51]}),
            "alerts",
        ),
        (
            json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": 0,
                "alerts": ["x".repeat(501)]}),
            "alerts[0]",
        ),
        (
            json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": 1,
                "summary": {"amountMismatch": [{"platform": "1.00"}]}}),
            "summary.amountMismatch[0].orderId",
        ),
        (
            json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": 1,
                "summary": {"statusMismatch": "1432120598765-01"}}),
            "summary.statusMismatch",
        ),
        (
            json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": 1,
                "summary": [1, 2]}),
            "summary",
        ),
    ];
    for (body, field) in cases {
        let (status, error) = post(&app, RUNS, &admin, body.clone()).await;
        assert_eq!(status, 422, "{body} → {error}");
        assert_eq!(error["error"], "validation_failed");
        assert!(
            error["details"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["field"] == field),
            "{body} → {error}"
        );
    }
    let (_, page) = get(&app, RUNS, &admin).await;
    assert_eq!(page["total"], 0, "nothing written");
}

#[tokio::test]
async fn starting_a_run_queues_its_job_once_per_range() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, finance) = app.login_as("finance").await;
    let (status, run) = post(&app, &format!("{RUNS}/run"), &finance, json!({})).await;
    assert_eq!(status, 202, "{run}");
    assert_eq!(run["status"], "running");
    assert_eq!(run["source"], "manual_run");
    assert_eq!(run["type"], "daily");
    // Yesterday in Bogota: 2026-03-02 00:00 −05:00.
    assert_eq!(run["businessDate"], "2026-03-02");
    assert_eq!(run["rangeFrom"], "2026-03-02T05:00:00Z");
    assert_eq!(run["rangeTo"], "2026-03-03T05:00:00Z");
    let jobs = app.outbox_jobs().await;
    assert!(jobs.contains(&("ReconcileVtexRange".to_owned(), json!({"runId": run["id"]}))));
    assert_eq!(app.audit_actions("reconciliation.started").await.len(), 1);

    let (status, again) = post(
        &app,
        &format!("{RUNS}/run"),
        &finance,
        json!({"date": "2026-03-02"}),
    )
    .await;
    assert_eq!(
        (status, again["error"].as_str()),
        (409, Some("reconciliation_in_progress"))
    );

    let (status, range) = post(
        &app,
        &format!("{RUNS}/run"),
        &finance,
        json!({"from": "2026-02-01", "to": "2026-03-03"}),
    )
    .await;
    assert_eq!(status, 422, "32 days: {range}");
    let (status, range) = post(
        &app,
        &format!("{RUNS}/run"),
        &finance,
        json!({"from": "2026-02-01", "to": "2026-03-02"}),
    )
    .await;
    assert_eq!(status, 202, "{range}");
    assert_eq!(range["type"], "adhoc");
    for body in [
        json!({"date": "2026-03-03"}),
        json!({"date": "2026-03-32"}),
        json!({"from": "2026-03-01"}),
        json!({"from": "2026-03-02", "to": "2026-03-01"}),
        json!({"date": "2026-03-01", "type": "monthly"}),
    ] {
        let (status, error) = post(&app, &format!("{RUNS}/run"), &finance, body.clone()).await;
        assert_eq!(status, 422, "{body} → {error}");
    }
}

#[tokio::test]
async fn lists_filter_and_sort_and_refuse_unknown_values() {
    let app = spawn_app().await;
    let (_, finance) = app.login_as("finance").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, run) = post(&app, RUNS, &finance, recorded(every_class(), 5)).await;
    let id = run["id"].as_str().unwrap();
    post(&app, &format!("{RUNS}/run"), &finance, json!({})).await;

    let (status, page) = get(&app, RUNS, &gestor).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 2);
    let (_, page) = get(
        &app,
        &format!("{RUNS}?source=manual_record&status=warning"),
        &gestor,
    )
    .await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], id);
    let (_, page) = get(&app, &format!("{RUNS}?type=fortnightly"), &gestor).await;
    assert_eq!(page["total"], 0);
    for bad in [
        "?type=weekly",
        "?status=done",
        "?from=ayer",
        "?pageSize=101",
        "?sort=startedAt",
    ] {
        let (status, _) = get(&app, &format!("{RUNS}{bad}"), &gestor).await;
        assert_eq!(status, 422, "{bad}");
    }

    let (_, page) = get(&app, &format!("{RUNS}/{id}/discrepancies"), &gestor).await;
    assert_eq!(page["total"], 5);
    let (_, page) = get(
        &app,
        &format!("{RUNS}/{id}/discrepancies?class=D,E&status=open"),
        &gestor,
    )
    .await;
    assert_eq!(page["total"], 2);
    assert_eq!(
        get(&app, &format!("{RUNS}/{id}/discrepancies?class=F"), &gestor)
            .await
            .0,
        422
    );
    assert_eq!(
        get(
            &app,
            &format!("{RUNS}/{}/discrepancies", Uuid::now_v7()),
            &gestor
        )
        .await
        .0,
        404
    );
    assert_eq!(
        get(&app, &format!("{RUNS}/{}", Uuid::now_v7()), &gestor)
            .await
            .0,
        404
    );

    // Across runs: live ones by default.
    let (_, page) = get(&app, DISCREPANCIES, &gestor).await;
    assert_eq!(page["total"], 5);
    let (_, page) = get(
        &app,
        &format!("{DISCREPANCIES}?autoResolvable=false"),
        &gestor,
    )
    .await;
    assert_eq!(page["total"], 2);
    let (_, page) = get(
        &app,
        &format!("{DISCREPANCIES}?status=resolving&class=A"),
        &gestor,
    )
    .await;
    assert_eq!(page["total"], 1);
    let (_, page) = get(&app, &format!("{DISCREPANCIES}?escalated=true"), &gestor).await;
    assert_eq!(page["total"], 0);
    let (_, page) = get(
        &app,
        &format!("{DISCREPANCIES}?brandId={}", Uuid::now_v7()),
        &gestor,
    )
    .await;
    assert_eq!(page["total"], 0);
    for bad in ["?escalated=si", "?brandId=x", "?status=closed", "?sort=-id"] {
        assert_eq!(
            get(&app, &format!("{DISCREPANCIES}{bad}"), &gestor).await.0,
            422,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn reprocess_and_accept_follow_the_state_machine() {
    let app = spawn_app().await;
    let (_, finance) = app.login_as("finance").await;
    let (_, run) = post(&app, RUNS, &finance, recorded(every_class(), 5)).await;
    let run_id = run["id"].as_str().unwrap().to_owned();
    let d = discrepancy_of(&app, &finance, &run_id, "D").await;
    let e = discrepancy_of(&app, &finance, &run_id, "E").await;
    let c = discrepancy_of(&app, &finance, &run_id, "C").await;
    let accept = |id: &Value| format!("{DISCREPANCIES}/{}/accept", id["id"].as_str().unwrap());
    let reprocess =
        |id: &Value| format!("{DISCREPANCIES}/{}/reprocess", id["id"].as_str().unwrap());

    // Justification bounds: 19 → 422, 20 ok; 1 000 ok, 1 001 → 422.
    let (status, error) = post(
        &app,
        &accept(&d),
        &finance,
        json!({"justification": "x".repeat(19)}),
    )
    .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["details"][0]["code"], "too_short");
    assert_eq!(
        post(
            &app,
            &accept(&d),
            &finance,
            json!({"justification": "x".repeat(1_001)})
        )
        .await
        .0,
        422
    );
    assert_eq!(post(&app, &accept(&d), &finance, json!({})).await.0, 422);
    let (status, accepted) = post(
        &app,
        &accept(&d),
        &finance,
        json!({"justification": "x".repeat(20)}),
    )
    .await;
    assert_eq!(status, 200, "{accepted}");
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["resolution"], "accepted");
    assert!(accepted["resolvedBy"].as_str().unwrap().contains('@'));
    assert_eq!(accepted["justification"], "x".repeat(20));
    let (status, again) = post(
        &app,
        &accept(&d),
        &finance,
        json!({"justification": "y".repeat(1_000)}),
    )
    .await;
    assert_eq!(
        (status, again["error"].as_str()),
        (409, Some("discrepancy_not_open"))
    );
    assert_eq!(post(&app, &reprocess(&d), &finance, json!({})).await.0, 409);

    // An open E is reprocessed; a resolving C is not open.
    let (status, body) = post(&app, &reprocess(&e), &finance, json!({})).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "resolving");
    assert_eq!(post(&app, &reprocess(&c), &finance, json!({})).await.0, 409);
    let (_, long) = post(
        &app,
        &accept(&e),
        &finance,
        json!({"justification": "z".repeat(1_000)}),
    )
    .await;
    assert_eq!(long["error"], "discrepancy_not_open");
    assert_eq!(
        post(
            &app,
            &format!("{DISCREPANCIES}/{}/accept", Uuid::now_v7()),
            &finance,
            json!({"justification": "x".repeat(30)})
        )
        .await
        .0,
        404
    );

    // The run's pending count follows: D accepted, E resolving → nothing waits for a person.
    let (_, run) = get(&app, &format!("{RUNS}/{run_id}"), &finance).await;
    assert_eq!(run["pendingManualCount"], 0);
    assert_eq!(app.audit_actions("discrepancy.accepted").await.len(), 1);
    assert_eq!(app.audit_actions("discrepancy.reprocessed").await.len(), 1);
}

#[tokio::test]
async fn reports_are_live_and_snapshots_wait_for_the_finish() {
    let app = spawn_app().await;
    let (_, auditor) = app.login_as("auditor").await;
    let (_, finance) = app.login_as("finance").await;
    let (_, run) = post(&app, RUNS, &finance, recorded(every_class(), 5)).await;
    let id = run["id"].as_str().unwrap().to_owned();

    let (status, report) = get(&app, &format!("{RUNS}/{id}/report.json"), &auditor).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["run"]["id"], id.as_str());
    assert_eq!(report["discrepancies"].as_array().unwrap().len(), 5);

    let csv = app
        .get(&format!("{RUNS}/{id}/report.csv?locale=en"), &auditor)
        .await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(csv.headers().contains_key("x-content-sha256"));
    let text = csv.text().await.unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}run_id,class,status,vtex_order_id,order_id,brand,influencer,platform_value,\
         vtex_value,difference,ratio_percent,first_detected_at,occurrences,resolution,resolved_by,\
         resolved_at,justification"
    );
    assert_eq!(text.matches("\r\n").count(), 6, "header + 5 rows");
    assert!(text.contains(&format!(
        "{id},C,resolving,1432120512345-01,,,,399975.70,395975.70,4000.00,1.01,"
    )));
    let spanish = app
        .get(&format!("{RUNS}/{id}/report.csv"), &auditor)
        .await
        .text()
        .await
        .unwrap();
    assert!(spanish.starts_with("\u{feff}corrida,clase,estado"));

    // No snapshot yet (a recorded run stores none until the finish stores it).
    assert_eq!(
        get(
            &app,
            &format!("{RUNS}/{id}/report.json?snapshot=true"),
            &auditor
        )
        .await
        .0,
        404
    );
    {
        let ctx = app.state.use_case_context();
        let mut conn = app.conn().await;
        afiliados_api::usecases::reconciliation::report::store_snapshots(
            &mut conn,
            &ctx,
            id.parse().unwrap(),
        )
        .await
        .unwrap();
    }
    let (status, snapshot) = get(
        &app,
        &format!("{RUNS}/{id}/report.json?snapshot=true"),
        &auditor,
    )
    .await;
    assert_eq!(status, 200, "{snapshot}");
    assert_eq!(snapshot["discrepancies"].as_array().unwrap().len(), 5);
    let snapshot_csv = app
        .get(&format!("{RUNS}/{id}/report.csv?snapshot=true"), &auditor)
        .await;
    assert_eq!(snapshot_csv.status(), 200);
    assert!(
        snapshot_csv
            .text()
            .await
            .unwrap()
            .starts_with("\u{feff}corrida,")
    );

    // A running run has no snapshot.
    let (_, running) = post(&app, &format!("{RUNS}/run"), &finance, json!({})).await;
    assert_eq!(
        get(
            &app,
            &format!(
                "{RUNS}/{}/report.csv?snapshot=true",
                running["id"].as_str().unwrap()
            ),
            &auditor
        )
        .await
        .0,
        404
    );
    assert!(app.audit_actions("export.downloaded").await.len() >= 5);
}

#[tokio::test]
async fn the_discrepancies_export_takes_the_list_filters() {
    let app = spawn_app().await;
    let (_, finance) = app.login_as("finance").await;
    let (_, auditor) = app.login_as("auditor").await;
    post(&app, RUNS, &finance, recorded(every_class(), 5)).await;
    let csv = app
        .get(
            "/api/v1/exports/reconciliation-discrepancies.csv?locale=en&class=D,E",
            &auditor,
        )
        .await;
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("\u{feff}run_id,class,status,vtex_order_id,"));
    assert_eq!(text.matches("\r\n").count(), 3, "{text}");
    assert_eq!(
        app.get(
            "/api/v1/exports/reconciliation-discrepancies.csv?class=Z",
            &auditor
        )
        .await
        .status(),
        422
    );
    let audits = app.audit_actions("export.downloaded").await;
    assert_eq!(audits.len(), 1);
}

#[tokio::test]
async fn open_discrepancies_are_escalated_once_after_three_days() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, finance) = app.login_as("finance").await;
    let (admin_id, _) = app.login_as("admin_dentsu").await;
    let brand = app.create_brand("cetaphil").await;
    let marca = app
        .create_user("marca@medipiel.co", &["admin_marca"], &[brand])
        .await;
    // One open D (waits for a person) and one resolving A (the platform is on it).
    let (_, run) = post(
        &app,
        RUNS,
        &finance,
        recorded(json!({"couponMismatch": ["1432120577777-01"], "missingInPlatform": ["1432120555555-01"]}), 2),
    )
    .await;
    assert_eq!(run["counts"]["D"], 1, "{run}");
    let escalate = async |now: DateTime<Utc>| {
        let (status, body) = post(&app, ESCALATE, INTERNAL_TOKEN, json!({"now": now})).await;
        assert_eq!(status, 200, "{body}");
        body["escalated"].as_u64().unwrap()
    };
    let detected = at(NOW);
    assert_eq!(
        escalate(detected + Duration::days(2) + Duration::hours(23)).await,
        0
    );
    assert_eq!(
        escalate(detected + Duration::days(3)).await,
        0,
        "not more than 3 days yet"
    );
    assert_eq!(
        escalate(detected + Duration::days(3) + Duration::seconds(1)).await,
        1
    );
    assert_eq!(escalate(detected + Duration::days(5)).await, 0, "once");

    let escalated: Vec<String> = notifications_of(&app, admin_id)
        .await
        .into_iter()
        .filter(|t| t == "discrepancy.escalated")
        .collect();
    assert_eq!(escalated.len(), 1);
    assert!(notifications_of(&app, marca).await.is_empty());
    assert_eq!(app.audit_actions("discrepancy.escalated").await.len(), 1);
    // The admin's e-mail is the dedicated template, not the generic operational alert.
    let mails = escalation_mails(&app).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].0, "discrepancy_escalated");
    assert_eq!(mails[0].1["class"], "D");
    assert_eq!(mails[0].1["vtexOrderId"], "1432120577777-01");
    assert_eq!(mails[0].1["days"], 3);
    let (_, page) = get(&app, &format!("{DISCREPANCIES}?escalated=true"), &finance).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["class"], "D");
    assert!(page["items"][0]["escalatedAt"].is_string());
    // Without the service token the tick is refused.
    assert_eq!(
        app.post(ESCALATE, "nope", json!({"now": detected}))
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn the_auditor_reads_but_never_acts_and_the_brand_admin_reaches_nothing() {
    let app = spawn_app().await;
    let (_, finance) = app.login_as("finance").await;
    let (_, auditor) = app.login_as("auditor").await;
    let brand = app.create_brand("cetaphil").await;
    app.create_user("marca@medipiel.co", &["admin_marca"], &[brand])
        .await;
    let marca = app.login("marca@medipiel.co").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, run) = post(&app, RUNS, &finance, recorded(every_class(), 5)).await;
    let id = run["id"].as_str().unwrap().to_owned();
    let d = discrepancy_of(&app, &finance, &id, "D").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reads = [
        RUNS.to_owned(),
        format!("{RUNS}/{id}"),
        format!("{RUNS}/{id}/discrepancies"),
        format!("{RUNS}/{id}/report.json"),
        format!("{RUNS}/{id}/report.csv"),
        DISCREPANCIES.to_owned(),
    ];
    for path in &reads {
        assert_eq!(app.get(path, &auditor).await.status(), 200, "AU {path}");
        let (status, body) = get(&app, path, &marca).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (403, Some("forbidden")),
            "AM {path}"
        );
    }
    let acts = [
        (RUNS.to_owned(), recorded(every_class(), 5)),
        (format!("{RUNS}/run"), json!({})),
        (format!("{DISCREPANCIES}/{d}/reprocess"), json!({})),
        (
            format!("{DISCREPANCIES}/{d}/accept"),
            json!({"justification": "x".repeat(30)}),
        ),
    ];
    for (path, body) in &acts {
        assert_eq!(
            post(&app, path, &auditor, body.clone()).await.0,
            403,
            "AU {path}"
        );
        assert_eq!(
            post(&app, path, &marca, body.clone()).await.0,
            403,
            "AM {path}"
        );
    }
    assert_eq!(
        app.get("/api/v1/exports/reconciliation-discrepancies.csv", &marca)
            .await
            .status(),
        403
    );
    // Nothing changed.
    let (_, open) = get(
        &app,
        &format!("{RUNS}/{id}/discrepancies?status=open"),
        &finance,
    )
    .await;
    assert_eq!(open["total"], 2);
}

/// `(template, payload)` of every queued e-mail about an escalation (the dedicated template or
/// the generic alert e-mail of a `discrepancy_escalated` alert).
async fn escalation_mails(app: &TestApp) -> Vec<(String, Value)> {
    use afiliados_db::schema::email_outbox as e;
    use diesel::{ExpressionMethods as _, QueryDsl as _};
    use diesel_async::RunQueryDsl as _;
    let mut conn = app.conn().await;
    let rows: Vec<(String, Value)> = e::table
        .filter(e::template.eq_any(["discrepancy_escalated", "operational_alert"]))
        .select((e::template, e::payload))
        .load(&mut conn)
        .await
        .unwrap();
    rows.into_iter()
        .filter(|(template, payload)| {
            template == "discrepancy_escalated" || payload["alertType"] == "discrepancy_escalated"
        })
        .collect()
}

#[tokio::test]
async fn the_escalation_threshold_is_read_from_its_setting() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |settings| {
        settings.reconciliation.escalation_days = 5;
    })
    .await;
    let (_, finance) = app.login_as("finance").await;
    app.login_as("admin_dentsu").await;
    let (_, run) = post(
        &app,
        RUNS,
        &finance,
        recorded(json!({"couponMismatch": ["1432120577777-01"]}), 1),
    )
    .await;
    assert_eq!(run["counts"]["D"], 1, "{run}");
    let escalate = async |now: DateTime<Utc>| {
        let (status, body) = post(&app, ESCALATE, INTERNAL_TOKEN, json!({"now": now})).await;
        assert_eq!(status, 200, "{body}");
        body["escalated"].as_u64().unwrap()
    };
    let detected = at(NOW);
    assert_eq!(
        escalate(detected + Duration::days(4)).await,
        0,
        "3 days is not 5"
    );
    assert_eq!(escalate(detected + Duration::days(5)).await, 0);
    assert_eq!(
        escalate(detected + Duration::days(5) + Duration::seconds(1)).await,
        1
    );
    let mails = escalation_mails(&app).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].1["days"], 5);
}
