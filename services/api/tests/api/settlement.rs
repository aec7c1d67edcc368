//! Settlement end to end (`domain.md` §5.12, `api.md` §10, §21.6) with the spec's four worked
//! examples on the fixture order (paid 2026-03-02 14:09:30Z, invoiced 2026-03-03 16:20:05Z,
//! snapshot window 15 days → due 2026-03-18 16:20:05Z; commission 20 223.00), ingested through
//! `POST /internal/v1/orders/ingest` on a pinned clock. Real runs end with the ledger identity.

use afiliados_domain::ManualClock;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::orders_ingest::{
    Fixture, assert_ledger_identity, balance, catalogue, dec, exec, fixture_order, ingest,
};

const RUN: &str = "/api/v1/commissions/settlements/run";
const INTERNAL_RUN: &str = "/internal/v1/settlements/run";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// The app on a clock pinned at `now`, the Cetaphil catalogue and the fixture order ingested.
async fn settled_app(now: &str) -> (TestApp, Fixture, Uuid) {
    let clock = ManualClock::new(at(now));
    let app = spawn_app_at(&clock, |_| {}).await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let (status, body) = ingest(&app, &fixture_order()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["commission"]["netAmount"].to_string(), "20223.00");
    let commission = body["commission"]["id"].as_str().unwrap().parse().unwrap();
    (app, fixture, commission)
}

async fn run_as(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let response = app.post(RUN, token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn commission_state(
    app: &TestApp,
    id: Uuid,
) -> (String, Option<DateTime<Utc>>, Option<Uuid>) {
    use afiliados_db::schema::commissions;
    let mut conn = app.conn().await;
    commissions::table
        .filter(commissions::id.eq(id))
        .select((
            commissions::state,
            commissions::confirmed_at,
            commissions::settlement_run_id,
        ))
        .first(&mut conn)
        .await
        .unwrap()
}

async fn summaries(app: &TestApp) -> Vec<(String, Value)> {
    use afiliados_db::schema::email_outbox;
    let mut conn = app.conn().await;
    email_outbox::table
        .filter(email_outbox::template.eq("settlement_summary"))
        .select((email_outbox::recipient, email_outbox::payload))
        .load(&mut conn)
        .await
        .unwrap()
}

async fn entry_types(app: &TestApp, id: Uuid) -> Vec<String> {
    let mut conn = app.conn().await;
    afiliados_db::ledger::of_commission(&mut conn, id)
        .await
        .unwrap()
        .into_iter()
        .map(|(entry_type, _)| entry_type)
        .collect()
}

fn only_item<'a>(body: &'a Value, list: &str) -> &'a Value {
    let items = body[list].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}: {body}");
    &items[0]
}

#[tokio::test]
async fn examples_1_and_2_scheduled_runs_leave_it_pending_then_confirm_20_223() {
    let (app, fixture, commission) = settled_app("2026-04-02T12:00:00Z").await;
    // Example 1: 2026-03-16 02:00 Bogota = 07:00Z, before the due instant.
    let response = app
        .post(
            INTERNAL_RUN,
            INTERNAL_TOKEN,
            json!({"scheduledAt": "2026-03-16T07:00:00Z", "evaluationDate": "2026-03-16T07:00:00Z"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let first: Value = response.json().await.unwrap();
    assert_eq!(first["source"], "schedule");
    assert_eq!(first["triggeredBy"], "system:settlement");
    assert_eq!(first["status"], "completed");
    assert_eq!(first["dryRun"], false);
    assert_eq!(first["confirmed"], json!([]));
    let pending = only_item(&first, "pending");
    assert_eq!(pending["reason"], "window_open");
    assert!(
        pending["dueAt"]
            .as_str()
            .unwrap()
            .starts_with("2026-03-18T16:20:05"),
        "{pending}"
    );
    assert_eq!(pending["commissionId"], commission.to_string());
    assert_eq!(pending["vtexOrderId"], "1432120512345-01");
    assert_eq!(pending["amount"].to_string(), "20223.00");
    assert_eq!(first["totals"]["pending"]["count"], 1);
    assert_eq!(commission_state(&app, commission).await.0, "estimated");
    assert!(summaries(&app).await.is_empty());

    // Example 2: 2026-04-01 02:00 Bogota = 07:00Z.
    let response = app
        .post(
            INTERNAL_RUN,
            INTERNAL_TOKEN,
            json!({"scheduledAt": "2026-04-01T07:00:00Z", "evaluationDate": "2026-04-01T07:00:00Z"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let second: Value = response.json().await.unwrap();
    let confirmed = only_item(&second, "confirmed");
    assert_eq!(confirmed["previousState"], "estimated");
    assert_eq!(confirmed["nextState"], "confirmed");
    assert_eq!(confirmed["amount"].to_string(), "20223.00");
    assert_eq!(confirmed["effectiveAt"], "2026-04-01T07:00:00Z");
    assert_eq!(
        second["totals"]["confirmed"]["amount"].to_string(),
        "20223.00"
    );
    assert_eq!(second["pending"], json!([]));
    assert_eq!(second["byBrand"][0]["name"], "cetaphil");
    assert_eq!(second["byBrand"][0]["confirmedCount"], 1);
    assert_eq!(second["byCampaign"][0]["name"], "Cetaphil Lanzamiento");
    let run_id: Uuid = second["id"].as_str().unwrap().parse().unwrap();
    let (state, confirmed_at, by_run) = commission_state(&app, commission).await;
    assert_eq!(state, "confirmed");
    assert_eq!(confirmed_at, Some(at("2026-04-01T07:00:00Z")));
    assert_eq!(by_run, Some(run_id));
    // 20 223.00 moves from estimated to confirmed and becomes available.
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.estimated, Decimal::ZERO);
    assert_eq!(row.confirmed, dec("20223.00"));
    assert_eq!(available, dec("20223.00"));
    assert_eq!(
        entry_types(&app, commission).await,
        vec!["commission_estimated", "commission_confirmed"]
    );
    assert_ledger_identity(&app, &fixture).await;
    {
        let mut conn = app.conn().await;
        let trail = afiliados_db::commission_transitions::of_commission(&mut conn, commission)
            .await
            .unwrap();
        let kinds: Vec<&str> = trail.iter().map(|t| t.3.as_str()).collect();
        assert_eq!(kinds, vec!["created", "confirmed"]);
    }
    let mails = summaries(&app).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "isabela@example.com");
    assert_eq!(mails[0].1["brands"][0]["brandName"], "cetaphil");
    assert_eq!(mails[0].1["brands"][0]["count"], 1);
    assert_eq!(mails[0].1["brands"][0]["amount"], "20223.00");
    assert_eq!(app.audit_actions("settlement.run").await.len(), 2);

    // Running the same settlement twice confirms nothing the second time.
    let response = app
        .post(
            INTERNAL_RUN,
            INTERNAL_TOKEN,
            json!({"scheduledAt": "2026-04-01T07:00:00Z", "evaluationDate": "2026-04-01T07:00:00Z"}),
        )
        .await;
    let third: Value = response.json().await.unwrap();
    assert_eq!(third["totals"]["confirmed"]["count"], 0, "{third}");
    assert_eq!(
        entry_types(&app, commission).await,
        vec!["commission_estimated", "commission_confirmed"]
    );
    assert_eq!(summaries(&app).await.len(), 1);
    assert_ledger_identity(&app, &fixture).await;
}

#[tokio::test]
async fn example_3_a_manual_run_with_no_waiting_period_confirms_at_once_and_its_dry_run_changes_nothing()
 {
    let (app, fixture, commission) = settled_app("2026-03-04T12:00:00Z").await;
    let (_, finance) = app.login_as("finance").await;
    let body = json!({"evaluationDate": "2026-03-04", "waitingPeriodDays": 0, "dryRun": true});
    let (status, dry) = run_as(&app, &finance, body).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["dryRun"], true);
    assert_eq!(dry["source"], "manual");
    assert_eq!(dry["waitingPeriodDays"], 0);
    // 00:00 Bogota of 2026-03-04.
    assert_eq!(dry["evaluationAt"], "2026-03-04T05:00:00Z");
    assert_eq!(
        only_item(&dry, "confirmed")["commissionId"],
        commission.to_string()
    );
    assert_eq!(commission_state(&app, commission).await.0, "estimated");
    assert_eq!(
        entry_types(&app, commission).await,
        vec!["commission_estimated"]
    );
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.estimated, dec("20223.00"));
    assert_eq!(available, Decimal::ZERO);
    assert!(summaries(&app).await.is_empty());
    assert!(app.audit_actions("settlement.run").await.is_empty());

    let body = json!({"evaluationDate": "2026-03-04", "waitingPeriodDays": 0});
    let (status, real) = run_as(&app, &finance, body).await;
    assert_eq!(status, 200, "{real}");
    assert_eq!(
        only_item(&real, "confirmed")["amount"].to_string(),
        "20223.00"
    );
    let (state, confirmed_at, _) = commission_state(&app, commission).await;
    assert_eq!(state, "confirmed");
    assert_eq!(confirmed_at, Some(at("2026-03-04T05:00:00Z")));
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.confirmed, dec("20223.00"));
    assert_eq!(available, dec("20223.00"));
    assert_ledger_identity(&app, &fixture).await;
    assert_eq!(summaries(&app).await.len(), 1);
    let audits = app.audit_actions("settlement.run").await;
    assert_eq!(audits.len(), 1);
    assert!(audits[0].actor_label.starts_with("finance."));

    // Both runs are stored; the list filters on dryRun.
    let response = app.get("/api/v1/commissions/settlements", &finance).await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["total"], 2);
    assert!(
        page["items"][0].get("confirmed").is_none(),
        "no lists on pages"
    );
    let response = app
        .get("/api/v1/commissions/settlements?dryRun=true", &finance)
        .await;
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], dry["id"]);
    let response = app
        .get(
            &format!(
                "/api/v1/commissions/settlements/{}",
                dry["id"].as_str().unwrap()
            ),
            &finance,
        )
        .await;
    assert_eq!(response.status(), 200);
    let stored: Value = response.json().await.unwrap();
    assert_eq!(stored["confirmed"], dry["confirmed"]);
    assert_eq!(stored["truncated"]["confirmed"], false);
}

#[tokio::test]
async fn example_4_an_unpaid_order_awaits_payment_and_a_self_referral_stays_on_hold() {
    let (app, _fixture, held) = {
        let clock = ManualClock::new(at("2026-03-25T12:00:00Z"));
        let app = spawn_app_at(&clock, |_| {}).await;
        let fixture = catalogue(&app, "pre_tax", false, "10").await;
        let mut order = fixture_order();
        order["customerEmail"] = json!("Isabela@Example.com");
        let (status, body) = ingest(&app, &order).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["commission"]["onHold"], true);
        let held: Uuid = body["commission"]["id"].as_str().unwrap().parse().unwrap();
        (app, fixture, held)
    };
    // Placed 2026-03-02 and still `created` 20 days later.
    let mut unpaid = fixture_order();
    unpaid["vtexOrderId"] = json!("1432120599999-01");
    unpaid["status"] = json!("created");
    unpaid["vtexStatus"] = json!("payment-pending");
    unpaid["authorizedAt"] = Value::Null;
    unpaid["invoicedAt"] = Value::Null;
    unpaid["customerEmail"] = json!("otra@example.com");
    unpaid["customerDocument"] = json!("11111111");
    let (status, body) = ingest(&app, &unpaid).await;
    assert_eq!(status, 200, "{body}");
    let unpaid_id: Uuid = body["commission"]["id"].as_str().unwrap().parse().unwrap();
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (status, run) = run_as(
        &app,
        &admin,
        json!({"evaluationDate": "2026-03-22T12:00:00Z"}),
    )
    .await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["confirmed"], json!([]));
    let pending = run["pending"].as_array().unwrap();
    assert_eq!(pending.len(), 2, "{run}");
    let reason_of = |id: Uuid| {
        pending
            .iter()
            .find(|item| item["commissionId"] == id.to_string())
            .map(|item| item["reason"].clone())
            .unwrap()
    };
    assert_eq!(reason_of(unpaid_id), "awaiting_payment");
    assert_eq!(reason_of(held), "on_hold");
    assert_eq!(run["totals"]["pending"]["count"], 2);
    assert!(summaries(&app).await.is_empty());
}

#[tokio::test]
async fn the_safety_sweep_reverts_a_confirmed_commission_whose_order_was_canceled() {
    let (app, fixture, commission) = settled_app("2026-04-02T12:00:00Z").await;
    let (_, finance) = app.login_as("finance").await;
    let (status, _) = run_as(&app, &finance, json!({"evaluationDate": "2026-04-01"})).await;
    assert_eq!(status, 200);
    // A cancellation the ingestion never applied (the sweep's reason to exist).
    exec(
        &app,
        "UPDATE orders SET status = 'canceled', canceled_at = '2026-04-01T20:00:00Z'".into(),
    )
    .await;
    let (status, body) = run_as(&app, &finance, json!({})).await;
    assert_eq!(status, 200, "{body}");
    let reverted = only_item(&body, "reverted");
    assert_eq!(reverted["previousState"], "confirmed");
    assert_eq!(reverted["nextState"], "reverted");
    assert_eq!(reverted["reason"], "order_canceled");
    assert_eq!(reverted["amount"].to_string(), "20223.00");
    assert_eq!(commission_state(&app, commission).await.0, "reverted");
    assert_eq!(
        entry_types(&app, commission).await,
        vec![
            "commission_estimated",
            "commission_confirmed",
            "commission_reverted"
        ]
    );
    // Nothing was paid out: the reversal is fully covered, no clawback.
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.reverted, dec("20223.00"));
    assert_eq!(row.pending_adjustments, Decimal::ZERO);
    assert_eq!(available, Decimal::ZERO);
    assert_ledger_identity(&app, &fixture).await;
}

#[tokio::test]
async fn a_second_run_while_one_holds_the_lock_is_refused_409() {
    let (app, _fixture, commission) = settled_app("2026-04-02T12:00:00Z").await;
    let (_, finance) = app.login_as("finance").await;
    let mut holder = app.owner_conn().await;
    let tenant = app.state.tenant_id;
    holder
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query(format!(
                "SELECT pg_advisory_xact_lock(hashtextextended('settlement:{tenant}', 0))"
            ))
            .execute(conn)
            .await?;
            let (status, body) = run_as(&app, &finance, json!({})).await;
            assert_eq!(status, 409, "{body}");
            assert_eq!(body["error"], "settlement_in_progress");
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(commission_state(&app, commission).await.0, "estimated");
    // Released: the next run goes through.
    let (status, _) = run_as(&app, &finance, json!({"dryRun": true})).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn only_finance_and_admins_run_and_read_settlements() {
    let (app, _fixture, _) = settled_app("2026-04-02T12:00:00Z").await;
    for role in ["admin_marca", "influencer", "gestor_afiliados", "auditor"] {
        let (_, token) = app.login_as(role).await;
        let (status, body) = run_as(&app, &token, json!({"dryRun": true})).await;
        assert_eq!(status, 403, "{role}: {body}");
        let response = app.get("/api/v1/commissions/settlements", &token).await;
        assert_eq!(response.status(), 403, "{role}");
    }
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (status, _) = run_as(&app, &admin, json!({"dryRun": true})).await;
    assert_eq!(status, 200);
    let missing = Uuid::new_v4();
    let response = app
        .get(
            &format!("/api/v1/commissions/settlements/{missing}"),
            &admin,
        )
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn bad_parameters_answer_422_and_write_nothing() {
    let (app, _fixture, _) = settled_app("2026-04-02T12:00:00Z").await;
    let (_, finance) = app.login_as("finance").await;
    for (body, field, code) in [
        (
            json!({"waitingPeriodDays": 91}),
            "waitingPeriodDays",
            "out_of_range",
        ),
        (
            json!({"waitingPeriodDays": -1}),
            "waitingPeriodDays",
            "out_of_range",
        ),
        (
            json!({"evaluationDate": "2026-04-03"}),
            "evaluationDate",
            "out_of_range",
        ),
        (
            json!({"evaluationDate": "mañana"}),
            "evaluationDate",
            "invalid_format",
        ),
    ] {
        let (status, answer) = run_as(&app, &finance, body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["details"][0]["field"], field, "{answer}");
        assert_eq!(answer["details"][0]["code"], code, "{answer}");
    }
    let mut conn = app.conn().await;
    let runs: i64 = afiliados_db::schema::settlement_runs::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(runs, 0);
}

#[tokio::test]
async fn the_report_csv_has_every_item_in_the_spec_columns_and_is_audited() {
    let (app, _fixture, commission) = settled_app("2026-04-02T12:00:00Z").await;
    let (_, finance) = app.login_as("finance").await;
    let (_, run) = run_as(&app, &finance, json!({"evaluationDate": "2026-04-01"})).await;
    let url = format!(
        "/api/v1/commissions/settlements/{}/report.csv",
        run["id"].as_str().unwrap()
    );
    let (_, manager) = app.login_as("admin_marca").await;
    assert_eq!(app.get(&url, &manager).await.status(), 403);
    let response = app.get(&url, &finance).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(response.headers().contains_key("x-content-sha256"));
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}list,commission_id,vtex_order_id,influencer_id,influencer_name,brand,campaign,\
         previous_state,next_state,amount,effective_at,reason,due_at"
    );
    assert!(
        lines[1].starts_with(&format!("confirmed,{commission},1432120512345-01,")),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(",Isabela Gómez,cetaphil,Cetaphil Lanzamiento,estimated,confirmed,20223.00,2026-04-01T05:00:00Z,,2026-03-18T16:20:05"),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), 3, "header, one item, final CRLF");
    let audits = app.audit_actions("export.downloaded").await;
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].entity_type.as_deref(), Some("settlement_run"));
}
