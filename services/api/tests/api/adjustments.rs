//! Adjustments through HTTP (`api.md` §11; `domain.md` §4.8, §5.13.1, §5.13.5, §5.15): the worked
//! example of §5.13.5 row by row — steps 1–5 with the fixture order priced to a 25 000.00
//! commission, its withdrawal requested, approved and paid through the endpoints and a real
//! cancellation through ingestion, then 6a, 6b + 7b and 6c each from that same starting point — the manual-debt
//! example, §5.15's examples (1)–(3), every role rule with an attempt to break it, and bad input.

use afiliados_api::TEST_FINANCE_ALERTS;
use afiliados_db::email_outbox::{EmailFilter, OutboxEmailRow};
use serde_json::{Value, json};

use crate::catalogue::{influencer_login, marca_login};
use crate::helpers::*;
use crate::orders_ingest::{
    Fixture, assert_ledger_identity, balance, catalogue, confirm, exec, fixture_order, ingest,
    post_entry, version,
};
use crate::orders_read::{isabela_login, read};

const ADJUSTMENTS: &str = "/api/v1/payments/adjustments";

/// The fixture order with its second Cetaphil line repriced so the two eligible lines sum
/// 125 820.00 + 124 180.00 = 250 000.00: at 10 % the commission is the example's 25 000.00.
fn order_of_25_000() -> Value {
    let mut order = fixture_order();
    let line = &mut order["lines"][1];
    for field in [
        "unitPrice",
        "listPrice",
        "sellingPrice",
        "lineGross",
        "lineNet",
    ] {
        line[field] = json!(124_180.0);
    }
    line["lineDiscount"] = json!(0.0);
    order
}

/// `[E, C, R, PW, W, PA, available]` of the balance, as two-decimal text.
async fn buckets(app: &TestApp, fixture: &Fixture) -> [String; 7] {
    let (row, available) = balance(app, fixture).await;
    [
        row.estimated,
        row.confirmed,
        row.reverted,
        row.pending_withdrawal,
        row.withdrawn,
        row.pending_adjustments,
        available,
    ]
    .map(|value| format!("{value:.2}"))
}

/// A row of the example's table (whole pesos).
fn row(values: [i64; 7]) -> [String; 7] {
    values.map(|value| format!("{value}.00"))
}

async fn send(app: &TestApp, method: &str, path: &str, token: &str, body: Value) -> (u16, Value) {
    let response = match method {
        "POST" => app.post(path, token, body).await,
        _ => app.patch(path, token, body).await,
    };
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn resolve(app: &TestApp, token: &str, id: &str, body: Value) -> (u16, Value) {
    send(
        app,
        "PATCH",
        &format!("{ADJUSTMENTS}/{id}/resolve"),
        token,
        body,
    )
    .await
}

async fn create(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    send(app, "POST", ADJUSTMENTS, token, body).await
}

fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["details"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    (
                        item["field"].as_str().unwrap_or_default().to_owned(),
                        item["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Outbox rows of `template`.
async fn mails(app: &TestApp, template: &str) -> Vec<OutboxEmailRow> {
    let mut conn = app.conn().await;
    let filter = EmailFilter {
        template: Some(template.to_owned()),
        ..EmailFilter::default()
    };
    afiliados_db::email_outbox::list(&mut conn, app.state.tenant_id, &filter, 0, 100)
        .await
        .unwrap()
        .0
}

/// Payloads of the in-app notifications of `kind`.
async fn notices(app: &TestApp, kind: &str) -> Vec<(uuid::Uuid, Value)> {
    use afiliados_db::schema::notifications;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    notifications::table
        .filter(notifications::type_.eq(kind))
        .select((notifications::user_id, notifications::payload))
        .load(&mut conn)
        .await
        .unwrap()
}

/// Steps 1–5 of §5.13.5, each row checked; returns the fixture, a finance token and the id of
/// the clawback adjustment step 5 opened.
async fn through_step_five(app: &TestApp) -> (Fixture, String, String) {
    let fixture = catalogue(app, "pre_tax", false, "10").await;
    let order = order_of_25_000();
    // 1. order attributed, commission 25 000.00.
    let (status, body) = ingest(app, &order).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["commission"]["commissionAmount"].to_string(),
        "25000.00"
    );
    assert_eq!(
        buckets(app, &fixture).await,
        row([25_000, 0, 0, 0, 0, 0, 0])
    );
    // 2. settlement confirms it.
    confirm(app, &fixture, &body["commission"]).await;
    assert_eq!(
        buckets(app, &fixture).await,
        row([0, 25_000, 0, 0, 0, 0, 25_000])
    );
    // 3. the influencer requests a withdrawal of 20 000.00 (no minimum, no hold on the brand).
    exec(
        app,
        format!(
            "INSERT INTO brand_withdrawal_policies (id, brand_id, minimum_amount, hold_days)
             VALUES ('{}', '{}', 0, 0)
             ON CONFLICT (brand_id) DO UPDATE SET minimum_amount = 0, hold_days = 0",
            uuid::Uuid::new_v4(),
            fixture.brand
        ),
    )
    .await;
    let isabela = isabela_login(app, &fixture).await;
    let (status, requested) = crate::withdrawals::request(
        app,
        &isabela,
        json!({"brandId": fixture.brand, "amount": "20000.00"}),
    )
    .await;
    assert_eq!(status, 201, "{requested}");
    let withdrawal = requested["id"].as_str().unwrap().to_owned();
    assert_eq!(
        buckets(app, &fixture).await,
        row([0, 25_000, 0, 20_000, 0, 0, 5_000])
    );
    // 4. approved (nothing moves), then paid.
    let (_, approver) = app.login_as("finance").await;
    let (status, approved) =
        crate::withdrawals::decide(app, &approver, &withdrawal, json!({"status": "approved"}))
            .await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(
        buckets(app, &fixture).await,
        row([0, 25_000, 0, 20_000, 0, 0, 5_000])
    );
    let (_, payer) = app.login_as("finance").await;
    let today = app.state.use_case_context().today();
    let (status, payment) = send(
        app,
        "POST",
        &format!("/api/v1/payments/withdrawals/{withdrawal}/pay"),
        &payer,
        json!({"amount": "20000.00", "paymentDate": today.to_string(),
               "method": "bank_transfer", "reference": "TRX-20000"}),
    )
    .await;
    assert_eq!(status, 201, "{payment}");
    assert_eq!(payment["amount"].to_string(), "20000.00");
    assert_eq!(
        buckets(app, &fixture).await,
        row([0, 25_000, 0, 0, 20_000, 0, 5_000])
    );
    // 5. the order is canceled: A = 25 000, covered 5 000, U = 20 000.
    let canceled = version(&order, 30, |o| {
        o["status"] = json!("canceled");
        o["vtexStatus"] = json!("canceled");
    });
    let (status, after) = ingest(app, &canceled).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(
        buckets(app, &fixture).await,
        row([0, 20_000, 5_000, 0, 20_000, 20_000, -20_000])
    );
    let (_, finance) = app.login_as("finance").await;
    let path = format!(
        "/payments/adjustments?influencerId={}&status=pending",
        fixture.influencer
    );
    let (status, page) = read(app, &path, &finance).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 1, "{page}");
    let clawback = &page["items"][0];
    assert_eq!(clawback["kind"], "clawback");
    assert_eq!(clawback["amount"].to_string(), "20000.00");
    assert_eq!(clawback["status"], "pending");
    assert_eq!(clawback["influencerName"], "Isabela Gómez");
    assert_eq!(clawback["orderId"], body["orderId"]);
    let id = clawback["id"].as_str().unwrap().to_owned();
    (fixture, finance, id)
}

#[tokio::test]
async fn worked_example_6a_finance_writes_the_clawback_off() {
    let app = spawn_app().await;
    let (fixture, finance, id) = through_step_five(&app).await;
    let isabela = isabela_login(&app, &fixture).await;
    let (status, body) = resolve(
        &app,
        &finance,
        &id,
        json!({"resolutionType": "written_off", "notes": "monto no recuperable"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "resolved");
    assert_eq!(body["resolutionType"], "written_off");
    assert_eq!(body["recoveryMethod"], Value::Null);
    assert_eq!(body["resolutionNotes"], "monto no recuperable");
    // §5.15 example (1): available −20 000 → 0.
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 20_000, 5_000, 0, 20_000, 0, 0])
    );
    assert_ledger_identity(&app, &fixture).await;
    // Final: a second resolution is refused and changes nothing.
    let (status, again) = resolve(
        &app,
        &finance,
        &id,
        json!({"resolutionType": "written_off"}),
    )
    .await;
    assert_eq!(status, 409, "{again}");
    assert_eq!(again["error"], "adjustment_already_resolved");
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 20_000, 5_000, 0, 20_000, 0, 0])
    );
    // Told to the influencer, audited.
    let told = notices(&app, "adjustment.resolved").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].1["resolutionType"], "written_off");
    let audits = app.audit_actions("adjustment.resolved").await;
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].entity_id.as_deref(), Some(id.as_str()));
    // The influencer sees it resolved, in its own list.
    let (status, own) = read(&app, "/payments/adjustments", &isabela).await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["items"][0]["status"], "resolved");
}

#[tokio::test]
async fn worked_example_6b_7b_a_new_confirmation_then_netting() {
    let app = spawn_app().await;
    let (fixture, finance, id) = through_step_five(&app).await;
    // While available is −20 000 the wallet has not absorbed the debt: netting is refused.
    let (status, refused) =
        resolve(&app, &finance, &id, json!({"resolutionType": "recovered"})).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"], "adjustment_not_covered");
    assert_eq!(
        refused["details"][0]["available"].to_string(),
        "\"-20000.00\""
    );
    // 6b. a new commission of 30 000.00 confirms.
    let estimated = ["30000.00", "0", "0", "0", "0", "0"];
    post_entry(
        &app,
        &fixture,
        "commission_estimated",
        "30000.00",
        estimated,
        None,
    )
    .await;
    let confirmed = ["-30000.00", "30000.00", "0", "0", "0", "0"];
    post_entry(
        &app,
        &fixture,
        "commission_confirmed",
        "30000.00",
        confirmed,
        None,
    )
    .await;
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 50_000, 5_000, 0, 20_000, 20_000, 10_000])
    );
    // 7b. the debt is recovered by netting (the default method).
    let (status, body) = resolve(&app, &finance, &id, json!({"resolutionType": "recovered"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["resolutionType"], "recovered");
    assert_eq!(body["recoveryMethod"], "netting");
    // §5.15 example (2): available stays 10 000, confirmed drops back to the real 30 000.
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 30_000, 25_000, 0, 20_000, 0, 10_000])
    );
    assert_ledger_identity(&app, &fixture).await;
}

#[tokio::test]
async fn worked_example_6c_the_influencer_repays_by_transfer() {
    let app = spawn_app().await;
    let (fixture, finance, id) = through_step_five(&app).await;
    let repayment = json!({"resolutionType": "recovered", "recoveryMethod": "repayment"});
    let (status, missing) = resolve(&app, &finance, &id, repayment.clone()).await;
    assert_eq!(status, 422, "{missing}");
    assert_eq!(
        field_codes(&missing),
        vec![("reference".into(), "required".into())]
    );
    let mut with_reference = repayment;
    with_reference["reference"] = json!("TRF-000123");
    let (status, body) = resolve(&app, &finance, &id, with_reference).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["recoveryMethod"], "repayment");
    assert_eq!(body["recoveryReference"], "TRF-000123");
    // A clawback repayment also takes the paid-out part back out of `withdrawn`.
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 0, 25_000, 0, 0, 0, 0])
    );
    assert_ledger_identity(&app, &fixture).await;
}

/// Isabela with `confirmed` available in Cetaphil (estimated then confirmed, as settlement).
async fn confirmed_balance(app: &TestApp, amount: &str) -> Fixture {
    let fixture = catalogue(app, "pre_tax", false, "10").await;
    let minus = format!("-{amount}");
    let estimated = [amount, "0", "0", "0", "0", "0"];
    post_entry(
        app,
        &fixture,
        "commission_estimated",
        amount,
        estimated,
        None,
    )
    .await;
    let confirmed = [minus.as_str(), amount, "0", "0", "0", "0"];
    post_entry(
        app,
        &fixture,
        "commission_confirmed",
        amount,
        confirmed,
        None,
    )
    .await;
    fixture
}

fn manual(fixture: &Fixture, amount: Value, reason: &str) -> Value {
    json!({
        "influencerId": fixture.influencer, "brandId": fixture.brand,
        "amount": amount, "reason": reason,
    })
}

#[tokio::test]
async fn a_manual_debt_lowers_available_and_is_told_audited_and_mailed_to_finance() {
    let app = spawn_app().await;
    let fixture = confirmed_balance(&app, "40000.00").await;
    let isabela = isabela_login(&app, &fixture).await;
    let (_, finance) = app.login_as("finance").await;
    let body = manual(&fixture, json!("15000.00"), "muestras no devueltas");
    let (status, created) = create(&app, &finance, body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["kind"], "manual");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["amount"].to_string(), "15000.00");
    assert_eq!(created["reason"], "muestras no devueltas");
    assert_eq!(created["brandName"], "cetaphil");
    // Second example of §5.13.5: PA 15 000, available 25 000.
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 40_000, 0, 0, 0, 15_000, 25_000])
    );
    assert_ledger_identity(&app, &fixture).await;
    let id = created["id"].as_str().unwrap();
    // In-app to the influencer; audited; e-mailed to the finance alert group.
    let told = notices(&app, "adjustment.created").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].1["adjustmentId"], id);
    assert_eq!(told[0].1["amount"], "15000.00");
    let audits = app.audit_actions("adjustment.created").await;
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].entity_id.as_deref(), Some(id));
    let rows = mails(&app, "alert_adjustment_recorded").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].recipient, TEST_FINANCE_ALERTS);
    assert_eq!(rows[0].payload["amount"], "15000.00");
    assert_eq!(rows[0].payload["available"], "25000.00");
    assert_eq!(rows[0].payload["influencerName"], "Isabela Gómez");
    // The influencer sees its own debt on its dashboard and in its list.
    let (status, dashboard) = read(&app, "/dashboard/influencer", &isabela).await;
    assert_eq!(status, 200, "{dashboard}");
    assert_eq!(dashboard["openAdjustments"][0]["id"], id);
    assert_eq!(
        dashboard["wallet"]["totals"]["available"].to_string(),
        "25000.00"
    );
}

#[tokio::test]
async fn a_debt_on_a_negative_balance_is_not_netted_but_can_be_written_off() {
    // §5.15 example (3): available 12 000, a manual 15 000.00 debt → −3 000; netting refused;
    // written off → 12 000.
    let app = spawn_app().await;
    let fixture = confirmed_balance(&app, "12000.00").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let body = manual(&fixture, json!(15000), "muestras no devueltas");
    let (status, created) = create(&app, &admin, body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 12_000, 0, 0, 0, 15_000, -3_000])
    );
    let id = created["id"].as_str().unwrap();
    let (status, refused) = resolve(
        &app,
        &admin,
        id,
        json!({"resolutionType": "recovered", "recoveryMethod": "netting"}),
    )
    .await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"], "adjustment_not_covered");
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 12_000, 0, 0, 0, 15_000, -3_000])
    );
    let (status, body) = resolve(&app, &admin, id, json!({"resolutionType": "written_off"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 12_000, 0, 0, 0, 0, 12_000])
    );
    assert_ledger_identity(&app, &fixture).await;
}

#[tokio::test]
async fn only_finance_and_admin_dentsu_create_or_resolve_and_reads_are_scoped() {
    let app = spawn_app().await;
    let fixture = confirmed_balance(&app, "40000.00").await;
    let (_, finance) = app.login_as("finance").await;
    let (status, created) = create(
        &app,
        &finance,
        manual(&fixture, json!("1000.00"), "muestras no devueltas"),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let isabela = isabela_login(&app, &fixture).await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, auditor) = app.login_as("auditor").await;
    let (_, own_marca) = marca_login(&app, &[fixture.brand]).await;
    let other_brand = app.create_brand("isdin").await;
    let (_, other_marca) = marca_login(&app, &[other_brand]).await;
    let (_, stranger) = influencer_login(&app, "Otro").await;
    // Writes: every role but FI and AD is refused, whatever the record.
    for token in [&gestor, &auditor, &own_marca, &isabela] {
        let body = manual(&fixture, json!("1000.00"), "muestras no devueltas");
        let (status, answer) = create(&app, token, body).await;
        assert_eq!(status, 403, "{answer}");
        assert_eq!(answer["error"], "forbidden");
        let (status, answer) =
            resolve(&app, token, &id, json!({"resolutionType": "written_off"})).await;
        assert_eq!(status, 403, "{answer}");
    }
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 40_000, 0, 0, 0, 1_000, 39_000])
    );
    // Reads: GA and FI every row; AM its brands only; IN its own, whatever it filters by;
    // the auditor is not on this endpoint.
    for (token, expected) in [
        (&finance, 1),
        (&gestor, 1),
        (&own_marca, 1),
        (&other_marca, 0),
        (&isabela, 1),
        (&stranger, 0),
    ] {
        let path = format!("/payments/adjustments?influencerId={}", fixture.influencer);
        let (status, page) = read(&app, &path, token).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["total"], expected, "{page}");
    }
    let (status, _) = read(&app, "/payments/adjustments", &auditor).await;
    assert_eq!(status, 403);
    // An unknown adjustment is 404 for finance.
    let unknown = uuid::Uuid::now_v7().to_string();
    let (status, _) = resolve(
        &app,
        &finance,
        &unknown,
        json!({"resolutionType": "written_off"}),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_input_is_the_envelope_and_writes_nothing() {
    let app = spawn_app().await;
    let fixture = confirmed_balance(&app, "40000.00").await;
    let (_, finance) = app.login_as("finance").await;
    let cases = [
        (
            manual(&fixture, json!("1.001"), "muestras no devueltas"),
            ("amount", "invalid_amount"),
        ),
        (
            manual(&fixture, json!("abc"), "muestras no devueltas"),
            ("amount", "invalid_amount"),
        ),
        (
            manual(&fixture, json!(0), "muestras no devueltas"),
            ("amount", "invalid_amount"),
        ),
        (
            manual(&fixture, json!("-5.00"), "muestras no devueltas"),
            ("amount", "invalid_amount"),
        ),
        (
            manual(&fixture, json!("10.00"), "corta"),
            ("reason", "too_short"),
        ),
        (
            manual(&fixture, json!("10.00"), &"x".repeat(501)),
            ("reason", "too_long"),
        ),
        (
            manual(&fixture, json!("10.00"), "   "),
            ("reason", "required"),
        ),
        (
            json!({"influencerId": fixture.influencer, "brandId": fixture.brand, "amount": "10.00"}),
            ("reason", "required"),
        ),
    ];
    for (body, (field, code)) in cases {
        let (status, answer) = create(&app, &finance, body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["error"], "validation_failed");
        assert_eq!(
            field_codes(&answer),
            vec![(field.to_owned(), code.to_owned())],
            "{body}"
        );
    }
    // A commission or order of another influencer, and a brand the influencer has no balance in.
    let other = app.create_brand("isdin").await;
    let mut foreign = manual(&fixture, json!("10.00"), "muestras no devueltas");
    foreign["commissionId"] = json!(uuid::Uuid::now_v7());
    foreign["orderId"] = json!(uuid::Uuid::now_v7());
    let (status, answer) = create(&app, &finance, foreign).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(
        field_codes(&answer),
        vec![
            ("commissionId".into(), "unknown_reference".into()),
            ("orderId".into(), "unknown_reference".into())
        ]
    );
    let mut elsewhere = manual(&fixture, json!("10.00"), "muestras no devueltas");
    elsewhere["brandId"] = json!(other);
    let (status, answer) = create(&app, &finance, elsewhere).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(
        field_codes(&answer),
        vec![("brandId".into(), "unknown_reference".into())]
    );
    let mut nobody = manual(&fixture, json!("10.00"), "muestras no devueltas");
    nobody["influencerId"] = json!(uuid::Uuid::now_v7());
    let (status, _) = create(&app, &finance, nobody).await;
    assert_eq!(status, 404);
    // Nothing was written.
    assert_eq!(
        buckets(&app, &fixture).await,
        row([0, 40_000, 0, 0, 0, 0, 40_000])
    );
    assert!(app.audit_actions("adjustment.created").await.is_empty());
    // Resolution input.
    let (_, created) = create(
        &app,
        &finance,
        manual(&fixture, json!("10.00"), "muestras no devueltas"),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    for (body, expected) in [
        (
            json!({"resolutionType": "written_off", "recoveryMethod": "netting"}),
            ("recoveryMethod", "not_allowed"),
        ),
        (
            json!({"resolutionType": "written_off", "reference": "TRF-1"}),
            ("reference", "not_allowed"),
        ),
        (
            json!({"resolutionType": "recovered", "recoveryMethod": "repayment", "reference": "T"}),
            ("reference", "too_short"),
        ),
        (
            json!({"resolutionType": "written_off", "notes": "n".repeat(501)}),
            ("notes", "too_long"),
        ),
    ] {
        let (status, answer) = resolve(&app, &finance, id, body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(
            field_codes(&answer),
            vec![(expected.0.to_owned(), expected.1.to_owned())]
        );
    }
    let (status, answer) = resolve(&app, &finance, id, json!({"resolutionType": "forgiven"})).await;
    assert_eq!(status, 422, "{answer}");
    let (status, answer) = read(&app, "/payments/adjustments?status=open", &finance).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(
        field_codes(&answer),
        vec![("status".into(), "invalid_enum".into())]
    );
}
