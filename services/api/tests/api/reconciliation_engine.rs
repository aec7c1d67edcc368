//! The reconciliation engine through `/internal/v1/reconciliations` (`api.md` §21.5,
//! `domain.md` §5.16), posting chunks as the worker would, with the spec's numbers: the worked
//! examples of §5.16.6 (A resolved by its re-ingestion, B paid vs canceled, C 399 975.70 vs
//! 395 975.70 = 1.01 %, D coupon `CETAPHIL-ISABELA7KQ3`), E, the tolerance examples, repeated
//! runs and chunks, the deep check that saves nothing, failure and the summary e-mails scoped per
//! brand.

use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::orders_ingest::{catalogue, dec, fixture_order, ingest, version};

const RUNS: &str = "/internal/v1/reconciliations";
const INGEST: &str = "/internal/v1/orders/ingest";

/// The Bogota day of the worked examples.
const DAY: &str = "2026-03-02";

fn order(vtex_order_id: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let mut order = fixture_order();
    order["vtexOrderId"] = json!(vtex_order_id);
    edit(&mut order);
    order
}

fn without_coupon(order: &mut Value) {
    order["couponCode"] = Value::Null;
    order["couponCodeNormalized"] = Value::Null;
}

fn summary(vtex_order_id: &str, status: &str, total: &str) -> Value {
    json!({
        "vtexOrderId": vtex_order_id,
        "vtexStatus": status,
        "totalValue": total,
        "currency": "COP",
        "creationDate": "2026-03-02T14:05:10Z",
        "lastChange": "2026-03-03T16:20:07Z",
    })
}

async fn start(app: &TestApp) -> (u16, Value) {
    let response = app
        .post(
            RUNS,
            INTERNAL_TOKEN,
            json!({"type": "daily", "businessDate": DAY, "source": "scheduled",
                   "scheduledAt": "2026-03-03T08:00:00Z"}),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn start_run(app: &TestApp) -> String {
    let (status, body) = start(app).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["rangeFrom"], "2026-03-02T05:00:00Z");
    assert_eq!(body["rangeTo"], "2026-03-03T05:00:00Z");
    body["runId"].as_str().unwrap().to_owned()
}

async fn chunk(app: &TestApp, run: &str, number: u32, orders: Vec<Value>) {
    let response = app
        .post(
            &format!("{RUNS}/{run}/vtex-orders"),
            INTERNAL_TOKEN,
            json!({"chunk": number, "pagesFetched": number + 1, "orders": orders}),
        )
        .await;
    assert_eq!(response.status(), 204, "{}", response.text().await.unwrap());
}

async fn compare(app: &TestApp, run: &str, vtex_total: u32) -> Value {
    let response = app
        .post(
            &format!("{RUNS}/{run}/compare"),
            INTERNAL_TOKEN,
            json!({"vtexTotal": vtex_total, "pagesFetched": 1}),
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn finish(app: &TestApp, run: &str) -> Value {
    let response = app
        .post(&format!("{RUNS}/{run}/finish"), INTERNAL_TOKEN, json!({}))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn discrepancies(app: &TestApp) -> Vec<DiscrepancyRow> {
    use afiliados_db::schema::reconciliation_discrepancies as d;
    let mut conn = app.conn().await;
    d::table
        .order((d::vtex_order_id.asc(), d::class.asc(), d::created_at.asc()))
        .select(DiscrepancyRow::as_select())
        .load(&mut conn)
        .await
        .unwrap()
}

fn of<'a>(rows: &'a [DiscrepancyRow], vtex_order_id: &str, class: &str) -> &'a DiscrepancyRow {
    rows.iter()
        .find(|row| row.vtex_order_id == vtex_order_id && row.class == class)
        .unwrap_or_else(|| panic!("no {class} discrepancy for {vtex_order_id}"))
}

async fn ingest_for(app: &TestApp, discrepancy: Uuid, order: &Value) -> Value {
    let response = app
        .post(
            INGEST,
            INTERNAL_TOKEN,
            json!({"source": "reconciliation", "force": true, "discrepancyId": discrepancy,
                   "order": order}),
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn alerts(app: &TestApp) -> Vec<(String, String)> {
    use afiliados_db::schema::alerts as a;
    let mut conn = app.conn().await;
    a::table
        .select((a::alert_type, a::dedup_key))
        .load(&mut conn)
        .await
        .unwrap()
}

async fn summaries(app: &TestApp) -> Vec<(String, Value)> {
    use afiliados_db::schema::email_outbox as e;
    let mut conn = app.conn().await;
    e::table
        .filter(e::template.eq("reconciliation_summary"))
        .order(e::recipient.asc())
        .select((e::recipient, e::payload))
        .load(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_worked_examples_a_b_c_resolve_by_their_re_ingestion() {
    let app = spawn_app().await;
    catalogue(&app, "pre_tax", false, "10").await;
    // Example 3: stored with 399 975.70. Example 2: held as `paid`, no coupon.
    let c_order = fixture_order();
    assert_eq!(ingest(&app, &c_order).await.0, 200);
    let b_order = order("1432120598765-01", |o| {
        without_coupon(o);
        o["status"] = json!("paid");
        o["vtexStatus"] = json!("payment-approved");
        o["invoicedAt"] = Value::Null;
    });
    assert_eq!(ingest(&app, &b_order).await.0, 200);

    let run = start_run(&app).await;
    chunk(
        &app,
        &run,
        0,
        vec![
            summary("1432120555555-01", "invoiced", "180000.00"),
            summary("1432120598765-01", "canceled", "399975.70"),
        ],
    )
    .await;
    chunk(
        &app,
        &run,
        1,
        vec![summary("1432120512345-01", "invoiced", "395975.70")],
    )
    .await;
    let compared = compare(&app, &run, 3).await;
    assert_eq!(
        compared["counts"],
        json!({"A": 1, "B": 1, "C": 1, "D": 0, "E": 0})
    );
    assert_eq!(
        compared["deepCheckOrderIds"],
        json!([]),
        "the C order differs"
    );

    let rows = discrepancies(&app).await;
    assert_eq!(rows.len(), 3);
    let a = of(&rows, "1432120555555-01", "A");
    let b = of(&rows, "1432120598765-01", "B");
    let c = of(&rows, "1432120512345-01", "C");
    for row in [a, b, c] {
        assert_eq!(row.status, "resolving");
        assert!(row.auto_resolvable);
        assert_eq!(row.attempts, 1);
    }
    assert_eq!(b.details["platform"], "paid");
    assert_eq!(b.details["vtex"], "canceled");
    assert_eq!(c.details["field"], "totalValue");
    assert_eq!(c.details["platform"], "399975.70");
    assert_eq!(c.details["vtex"], "395975.70");
    assert_eq!(c.details["difference"], "4000.00");
    assert_eq!(c.details["ratioPercent"], "1.01");
    assert!(c.brand_id.is_some(), "the attributed order names its brand");
    let jobs = app.outbox_jobs().await;
    for row in [a, b, c] {
        assert!(
            jobs.iter()
                .any(|(_, payload)| payload["discrepancyId"] == json!(row.id)
                    && payload["vtexOrderId"] == json!(row.vtex_order_id)
                    && payload["force"] == json!(true)),
            "a re-fetch is queued for {}: {jobs:?}",
            row.vtex_order_id
        );
    }
    assert!(
        jobs.iter()
            .any(|(kind, payload)| kind == "ReconcileVtexRange" && payload["runId"] == json!(run))
    );

    // The worker fetched and ingested each order with its discrepancy.
    let a_order = order("1432120555555-01", |o| o["totalValue"] = json!(180000.00));
    let created = ingest_for(&app, a.id, &a_order).await;
    assert_eq!(created["outcome"], "created");
    let canceled = version(&b_order, 10, |o| {
        o["status"] = json!("canceled");
        o["vtexStatus"] = json!("canceled");
    });
    ingest_for(&app, b.id, &canceled).await;
    let edited = version(&c_order, 10, |o| o["totalValue"] = json!(395975.70));
    ingest_for(&app, c.id, &edited).await;

    let rows = discrepancies(&app).await;
    for class in ["A", "B", "C"] {
        let row = rows.iter().find(|row| row.class == class).unwrap();
        assert_eq!(row.status, "resolved", "{class}");
        assert_eq!(row.resolution.as_deref(), Some("auto"));
        assert_eq!(row.resolved_by.as_deref(), Some("system"));
    }
    assert!(of(&rows, "1432120555555-01", "A").order_id.is_some());

    let finished = finish(&app, &run).await;
    assert_eq!(finished["status"], "warning");
    assert_eq!(
        finished["counts"],
        json!({"A": 1, "B": 1, "C": 1, "D": 0, "E": 0})
    );
    assert_eq!(finished["discrepanciesFound"], 3);
    assert_eq!(finished["autoResolvedCount"], 3);
    assert_eq!(finished["pendingManualCount"], 0);
    assert_eq!(finished["vtexOrdersCount"], 3);
    assert_eq!(finished["autoReconciledRatio"].to_string(), "1.0000");
    // Repeating finish changes nothing.
    assert_eq!(finish(&app, &run).await, finished);
    assert!(
        alerts(&app)
            .await
            .contains(&("reconciliation".into(), run.clone()))
    );
    assert_eq!(app.audit_actions("reconciliation.started").await.len(), 1);
    assert_eq!(app.audit_actions("reconciliation.finished").await.len(), 1);
}

#[tokio::test]
async fn d_and_e_stay_open_and_the_summary_is_scoped_per_brand() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let other_brand = app.create_brand("eucerin").await;
    let ga = app
        .create_user("ga.recon@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let fi = app
        .create_user("fi.recon@medipiel.co", &["finance"], &[])
        .await;
    let am = app
        .create_user(
            "am.cetaphil@medipiel.co",
            &["admin_marca"],
            &[fixture.brand],
        )
        .await;
    app.create_user("am.eucerin@medipiel.co", &["admin_marca"], &[other_brand])
        .await;
    // C on Cetaphil's attributed order; D: a coupon that matches no code; E: never listed.
    assert_eq!(ingest(&app, &fixture_order()).await.0, 200);
    let unknown = order("1432120577777-01", |o| {
        o["couponCode"] = json!("CETAPHIL-ISABELA7KQ3");
        o["couponCodeNormalized"] = json!("CETAPHIL-ISABELA7KQ3");
    });
    let (_, body) = ingest(&app, &unknown).await;
    assert_eq!(body["nonAttributionReason"], "coupon_unknown");
    let unlisted = order("1432120588888-01", without_coupon);
    assert_eq!(ingest(&app, &unlisted).await.0, 200);

    let run = start_run(&app).await;
    chunk(
        &app,
        &run,
        0,
        vec![
            summary("1432120512345-01", "invoiced", "395975.70"),
            summary("1432120577777-01", "invoiced", "399975.70"),
        ],
    )
    .await;
    let compared = compare(&app, &run, 2).await;
    assert_eq!(
        compared["counts"],
        json!({"A": 0, "B": 0, "C": 1, "D": 0, "E": 1})
    );
    let finished = finish(&app, &run).await;
    assert_eq!(finished["status"], "warning");
    assert_eq!(
        finished["counts"],
        json!({"A": 0, "B": 0, "C": 1, "D": 1, "E": 1})
    );
    assert_eq!(
        finished["pendingManualCount"], 2,
        "D and E wait for a person"
    );
    // Compared = |VTEX ∪ platform| = 3; pending 2 → 1/3.
    assert_eq!(finished["autoReconciledRatio"].to_string(), "0.3333");

    let rows = discrepancies(&app).await;
    let d = of(&rows, "1432120577777-01", "D");
    assert_eq!(d.status, "open");
    assert!(!d.auto_resolvable);
    assert_eq!(d.details["platform"], "CETAPHIL-ISABELA7KQ3");
    let e = of(&rows, "1432120588888-01", "E");
    assert_eq!(e.status, "open");
    assert!(!e.auto_resolvable);

    let mails = summaries(&app).await;
    let recipients: Vec<&str> = mails.iter().map(|(to, _)| to.as_str()).collect();
    assert_eq!(
        recipients,
        [
            "am.cetaphil@medipiel.co",
            "fi.recon@medipiel.co",
            "ga.recon@medipiel.co"
        ],
        "GA and FI, and only the AM of the brand with discrepancies"
    );
    let rows_of = |payload: &Value| -> Vec<String> {
        payload["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                format!(
                    "{}:{}",
                    row["class"].as_str().unwrap(),
                    row["vtexOrderId"].as_str().unwrap()
                )
            })
            .collect()
    };
    let am_payload = &mails[0].1;
    assert_eq!(am_payload["brandName"], "cetaphil");
    assert_eq!(rows_of(am_payload), ["C:1432120512345-01"]);
    assert_eq!(am_payload["discrepanciesFound"], 1);
    let ga_payload = &mails[2].1;
    assert_eq!(ga_payload["brandName"], Value::Null);
    assert_eq!(ga_payload["discrepanciesFound"], 3);
    assert_eq!(rows_of(ga_payload).len(), 3);

    let mut conn = app.conn().await;
    for user in [ga, fi, am] {
        use afiliados_db::schema::notifications as n;
        let kinds: Vec<String> = n::table
            .filter(n::user_id.eq(user))
            .filter(n::type_.eq("reconciliation.finished"))
            .select(n::type_)
            .load(&mut conn)
            .await
            .unwrap();
        assert_eq!(kinds.len(), 1, "in-app for {user}");
    }
}

#[tokio::test]
async fn the_tolerance_examples_on_the_total_value() {
    let app = spawn_app().await;
    catalogue(&app, "pre_tax", false, "10").await;
    for id in ["1432120500099-01", "1432120500196-01"] {
        let stored = order(id, |o| {
            without_coupon(o);
            o["totalValue"] = json!(100000.00);
        });
        assert_eq!(ingest(&app, &stored).await.0, 200);
    }
    let run = start_run(&app).await;
    chunk(
        &app,
        &run,
        0,
        vec![
            // 0.99 %: no discrepancy; 1.96 %: class C.
            summary("1432120500099-01", "invoiced", "101000.00"),
            summary("1432120500196-01", "invoiced", "102000.00"),
        ],
    )
    .await;
    let compared = compare(&app, &run, 2).await;
    assert_eq!(
        compared["counts"],
        json!({"A": 0, "B": 0, "C": 1, "D": 0, "E": 0})
    );
    let rows = discrepancies(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].vtex_order_id, "1432120500196-01");
    assert_eq!(rows[0].details["ratioPercent"], "1.96");
}

#[tokio::test]
async fn one_run_per_range_and_a_second_run_updates_the_open_discrepancy() {
    let app = spawn_app().await;
    catalogue(&app, "pre_tax", false, "10").await;
    assert_eq!(
        ingest(&app, &order("1432120588888-01", without_coupon))
            .await
            .0,
        200
    );
    let first = start_run(&app).await;
    let (status, body) = start(&app).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "reconciliation_in_progress");
    compare(&app, &first, 0).await;
    finish(&app, &first).await;

    let second = start_run(&app).await;
    assert_ne!(first, second);
    let compared = compare(&app, &second, 0).await;
    assert_eq!(compared["counts"]["E"], 1);
    let finished = finish(&app, &second).await;
    assert_eq!(finished["counts"]["E"], 1);
    let rows = discrepancies(&app).await;
    assert_eq!(rows.len(), 1, "updated, not duplicated");
    assert_eq!(rows[0].occurrences, 2);
    assert_eq!(rows[0].first_run_id.to_string(), first);
    assert_eq!(rows[0].last_run_id.to_string(), second);
    // Repeating the comparison within one run counts it once.
    let third = start_run(&app).await;
    compare(&app, &third, 0).await;
    compare(&app, &third, 0).await;
    assert_eq!(discrepancies(&app).await[0].occurrences, 3);
}

#[tokio::test]
async fn a_repeated_chunk_replaces_the_earlier_one() {
    let app = spawn_app().await;
    let run = start_run(&app).await;
    chunk(
        &app,
        &run,
        0,
        vec![
            summary("1432120511111-01", "invoiced", "1000.00"),
            summary("1432120522222-01", "invoiced", "2000.00"),
            // Listed twice (it shifted pages): kept once.
            summary("1432120522222-01", "invoiced", "2000.00"),
        ],
    )
    .await;
    chunk(
        &app,
        &run,
        0,
        vec![summary("1432120511111-01", "invoiced", "1000.00")],
    )
    .await;
    // A count that does not match what was staged is refused: chunks were lost.
    let response = app
        .post(
            &format!("{RUNS}/{run}/compare"),
            INTERNAL_TOKEN,
            json!({"vtexTotal": 2, "pagesFetched": 1}),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(discrepancies(&app).await.is_empty(), "nothing recorded");
    let compared = compare(&app, &run, 1).await;
    assert_eq!(compared["counts"]["A"], 1);
    // A chunk with a malformed order is refused whole.
    let response = app
        .post(
            &format!("{RUNS}/{run}/vtex-orders"),
            INTERNAL_TOKEN,
            json!({"chunk": 2, "pagesFetched": 3,
                   "orders": [summary("1432120533333-01", "invoiced", "1.00"),
                              {"vtexOrderId": " ", "vtexStatus": "invoiced", "totalValue": "1.00",
                               "currency": "pesos", "creationDate": "2026-03-02T14:05:10Z"}]}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "validation_failed", "{body}");
}

#[tokio::test]
async fn a_failed_run_keeps_its_findings_and_alerts_operations() {
    let app = spawn_app().await;
    let run = start_run(&app).await;
    chunk(
        &app,
        &run,
        0,
        vec![summary("1432120555555-01", "invoiced", "180000.00")],
    )
    .await;
    compare(&app, &run, 1).await;
    let response = app
        .post(
            &format!("{RUNS}/{run}/fail"),
            INTERNAL_TOKEN,
            json!({"error": "VTEX answered 503 on page 2 after 5 attempts", "pagesFetched": 1}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let failed: Value = response.json().await.unwrap();
    assert_eq!(failed["status"], "failed");
    assert_eq!(
        failed["error"],
        "VTEX answered 503 on page 2 after 5 attempts"
    );
    assert_eq!(failed["counts"]["A"], 1, "what it found so far");
    assert!(
        alerts(&app)
            .await
            .contains(&("reconciliation_failed".into(), run.clone()))
    );
    // Repeated: the same run; finishing a failed run is a conflict; the range can run again.
    let again = app
        .post(
            &format!("{RUNS}/{run}/fail"),
            INTERNAL_TOKEN,
            json!({"error": "again", "pagesFetched": 1}),
        )
        .await;
    assert_eq!(
        again.json::<Value>().await.unwrap()["error"],
        failed["error"]
    );
    let response = app
        .post(&format!("{RUNS}/{run}/finish"), INTERNAL_TOKEN, json!({}))
        .await;
    assert_eq!(response.status(), 409);
    start_run(&app).await;
    let view = app.get(&format!("{RUNS}/{run}"), INTERNAL_TOKEN).await;
    let view: Value = view.json().await.unwrap();
    assert_eq!(view["status"], "failed");
    assert_eq!(view["pageSize"], 100);
    assert_eq!(view["tolerancePercent"].to_string(), "1.00");
}

#[tokio::test]
async fn the_deep_check_recomputes_without_saving() {
    let app = spawn_app().await;
    catalogue(&app, "pre_tax", false, "10").await;
    let stored = fixture_order();
    let (_, ingested) = ingest(&app, &stored).await;
    assert_eq!(ingested["commission"]["netAmount"].to_string(), "20223.00");
    let run = start_run(&app).await;
    chunk(
        &app,
        &run,
        0,
        vec![summary("1432120512345-01", "invoiced", "399975.70")],
    )
    .await;
    let compared = compare(&app, &run, 1).await;
    assert_eq!(compared["deepCheckOrderIds"], json!(["1432120512345-01"]));
    assert_eq!(
        compared["counts"],
        json!({"A": 0, "B": 0, "C": 0, "D": 0, "E": 0})
    );

    // The full document says a unit of the first line was removed: the eligible total drops.
    let document = version(&stored, 0, |o| o["lines"][0]["removedQuantity"] = json!(1));
    let response = app
        .post(
            &format!("{RUNS}/{run}/deep-check"),
            INTERNAL_TOKEN,
            json!({"orders": [document], "notFound": []}),
        )
        .await;
    assert_eq!(response.status(), 204, "{}", response.text().await.unwrap());
    let rows = discrepancies(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].class, "C");
    // One unit fewer: the recomputed commission (frozen rate) is far below the stored one.
    assert_eq!(rows[0].details["field"], "netCommission");
    assert_eq!(rows[0].details["platform"], "20223.00");
    assert_eq!(rows[0].status, "resolving");

    // Nothing of the recomputation was kept.
    let mut conn = app.conn().await;
    let order =
        afiliados_db::orders::find_by_vtex_id(&mut conn, app.state.tenant_id, "1432120512345-01")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(order.total_value, dec("399975.70"));
    let commission = afiliados_db::commissions::of_order_for_update(&mut conn, order.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(commission.commission_amount, dec("20223.00"));
    assert_eq!(commission.reverted_amount, dec("0"));
    let history: i64 = afiliados_db::schema::order_status_history::table
        .filter(afiliados_db::schema::order_status_history::order_id.eq(order.id))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(history, 1, "no version was appended");
}

/// ADR 0072: an attributed order VTEX lists at the very version the platform ingested can only
/// recompute to what is stored, so it is deep-checked only when the sample draws it — never at
/// 0 %, always at 100 % — while a newer version is checked whatever the sample.
#[tokio::test]
async fn the_deep_check_skips_the_ingested_version_unless_sampled() {
    for (sample, expected) in [
        (0, json!(["1432120512345-01"])),
        (100, json!(["1432120512345-01", "1432120598765-01"])),
    ] {
        let app = spawn_app_with(|settings| {
            settings.reconciliation.deep_check_sample_percent = rust_decimal::Decimal::from(sample);
        })
        .await;
        catalogue(&app, "pre_tax", false, "10").await;
        // Both attributed; the fixture's version is 2026-03-03T16:20:07.301Z.
        assert_eq!(ingest(&app, &fixture_order()).await.0, 200);
        let same = order("1432120598765-01", |_| {});
        assert_eq!(ingest(&app, &same).await.0, 200);
        let run = start_run(&app).await;
        let mut newer = summary("1432120512345-01", "invoiced", "399975.70");
        newer["lastChange"] = json!("2026-03-04T08:00:00Z");
        let mut ingested = summary("1432120598765-01", "invoiced", "399975.70");
        ingested["lastChange"] = json!("2026-03-03T16:20:07.3010000+00:00");
        chunk(&app, &run, 0, vec![newer, ingested]).await;
        let compared = compare(&app, &run, 2).await;
        assert_eq!(compared["deepCheckOrderIds"], expected, "sample {sample} %");
        assert_eq!(
            compared["counts"],
            json!({"A": 0, "B": 0, "C": 0, "D": 0, "E": 0})
        );
    }
}

#[tokio::test]
async fn vtex_404_reopens_the_discrepancy() {
    let app = spawn_app().await;
    let run = start_run(&app).await;
    chunk(
        &app,
        &run,
        0,
        vec![summary("1432120555555-01", "invoiced", "180000.00")],
    )
    .await;
    compare(&app, &run, 1).await;
    let a = discrepancies(&app).await.remove(0);
    assert_eq!(a.status, "resolving");
    let response = app
        .post(
            "/internal/v1/orders/not-found",
            INTERNAL_TOKEN,
            json!({"vtexOrderId": "1432120555555-01", "source": "reconciliation",
                   "discrepancyId": a.id}),
        )
        .await;
    assert_eq!(response.status(), 204);
    let a = discrepancies(&app).await.remove(0);
    assert_eq!(a.status, "open");
    assert_eq!(a.last_error.as_deref(), Some("VTEX answered 404"));
    let finished = finish(&app, &run).await;
    assert_eq!(finished["pendingManualCount"], 1);
    assert_eq!(finished["autoReconciledRatio"].to_string(), "0.0000");
}
