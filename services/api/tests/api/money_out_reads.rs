//! The read side of money out over a small known dataset on a pinned clock near Bogota
//! midnight: `GET /dashboard/finance` field by field (`domain.md` §6.3), the influencer
//! dashboard's `recentWithdrawals` / `recentPayments` / `openAdjustments` (§6.1), and the
//! withdrawals, payments and adjustments CSV exports (`api.md` §17) parsed as RFC 4180 with
//! their BOM, per role. Withdrawal and payment rows are inserted with the row modules (the
//! endpoints that write them are another part's).

use afiliados_db::payments::NewPayment;
use afiliados_db::withdrawal_requests::NewWithdrawalRequest;
use afiliados_domain::ManualClock;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::{influencer_login, marca_login};
use crate::helpers::*;
use crate::orders_ingest::{Fixture, catalogue, dec, exec, fixture_order, ingest, post_entry};
use crate::orders_read::{isabela_login, read};

/// 2026-03-09 23:30 in Bogota.
const NOW: &str = "2026-03-10T04:30:00Z";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

struct Dataset {
    isabela: Fixture,
    other_token: String,
    isdin: Uuid,
    requester: Uuid,
    withdrawals: [Uuid; 5],
    payments: [Uuid; 2],
    adjustment: String,
}

/// One withdrawal request of Isabela in Cetaphil, in `status`.
async fn withdrawal(
    app: &TestApp,
    fixture: &Fixture,
    requester: Uuid,
    amount: &str,
    requested_at: &str,
    status: &str,
    payable_from: Option<&str>,
) -> Uuid {
    let mut conn = app.conn().await;
    let id = afiliados_db::new_id();
    let requested = at(requested_at);
    afiliados_db::withdrawal_requests::insert(
        &mut conn,
        &NewWithdrawalRequest {
            id,
            tenant_id: app.state.tenant_id,
            influencer_id: fixture.influencer,
            brand_id: fixture.brand,
            amount: dec(amount),
            currency: "COP",
            requested_by: requester,
            requested_at: requested,
            notes: None,
            created_at: requested,
            updated_at: requested,
        },
    )
    .await
    .unwrap();
    if status != "pending" {
        let from = at(payable_from.unwrap());
        afiliados_db::withdrawal_requests::approve(&mut conn, id, requester, None, from, requested)
            .await
            .unwrap();
    }
    id
}

/// Pays `withdrawal` (gross, rate, withheld, net) on `date`.
async fn pay(
    app: &TestApp,
    fixture: &Fixture,
    withdrawal: Uuid,
    payer: Uuid,
    amounts: [&str; 4],
    date: &str,
) -> Uuid {
    let mut conn = app.conn().await;
    let id = afiliados_db::new_id();
    let when = at(&format!("{date}T15:00:00Z"));
    afiliados_db::payments::insert(
        &mut conn,
        &[NewPayment {
            id,
            tenant_id: app.state.tenant_id,
            withdrawal_id: withdrawal,
            influencer_id: fixture.influencer,
            brand_id: fixture.brand,
            gross_amount: dec(amounts[0]),
            withholding_rate: dec(amounts[1]),
            tax_withheld: dec(amounts[2]),
            net_amount: dec(amounts[3]),
            tax_profile_code: Some("natural_no_responsable_iva"),
            currency: "COP",
            method: "bank_transfer",
            reference: "TRF-0001",
            payment_date: date.parse::<NaiveDate>().unwrap(),
            paid_by: payer,
            batch_id: None,
            notes: None,
            created_at: when,
            updated_at: when,
        }],
    )
    .await
    .unwrap();
    afiliados_db::withdrawal_requests::mark_paid(&mut conn, withdrawal, id, when)
        .await
        .unwrap();
    id
}

/// Isabela × Cetaphil: the fixture commission (20 223.00 estimated, due before the next
/// settlement), confirmed 100 000, withdrawals pending 10 000 (48 h old), approved payable
/// 12 000 (requested today 00:10), approved on hold 8 000 (requested today 23:20), paid 20 000
/// this month (withheld 2 000) and paid 5 000 last month; so PW 30 000, W 25 000, available
/// 45 000. "Otro" × Isdin: confirmed 10 000 and a manual debt of 13 000: available −3 000.
async fn dataset(app: &TestApp) -> Dataset {
    let isabela = catalogue(app, "pre_tax", false, "10").await;
    let (status, body) = ingest(app, &fixture_order()).await;
    assert_eq!(status, 200, "{body}");
    let commission = body["commission"]["id"].as_str().unwrap();
    exec(
        app,
        format!(
            "UPDATE commissions SET confirmation_due_at = '2026-03-15T12:00:00Z' WHERE id = '{commission}'"
        ),
    )
    .await;
    for (kind, deltas) in [
        (
            "commission_estimated",
            ["100000.00", "0", "0", "0", "0", "0"],
        ),
        (
            "commission_confirmed",
            ["-100000.00", "100000.00", "0", "0", "0", "0"],
        ),
    ] {
        post_entry(app, &isabela, kind, "100000.00", deltas, None).await;
    }
    let reserved = ["0", "0", "0", "55000.00", "0", "0"];
    post_entry(
        app,
        &isabela,
        "withdrawal_reserved",
        "55000.00",
        reserved,
        None,
    )
    .await;
    let paid = ["0", "0", "0", "-25000.00", "25000.00", "0"];
    post_entry(app, &isabela, "payment", "25000.00", paid, None).await;

    let (requester, _) = app.login_as("finance").await;
    let w1 = withdrawal(
        app,
        &isabela,
        requester,
        "10000.00",
        "2026-03-08T04:30:00Z",
        "pending",
        None,
    )
    .await;
    let w2 = withdrawal(
        app,
        &isabela,
        requester,
        "12000.00",
        "2026-03-09T05:10:00Z",
        "approved",
        Some("2026-03-09T05:10:00Z"),
    )
    .await;
    let w3 = withdrawal(
        app,
        &isabela,
        requester,
        "8000.00",
        "2026-03-10T04:20:00Z",
        "approved",
        Some("2026-03-12T00:00:00Z"),
    )
    .await;
    let w4 = withdrawal(
        app,
        &isabela,
        requester,
        "20000.00",
        "2026-03-09T04:50:00Z",
        "approved",
        Some("2026-03-09T04:50:00Z"),
    )
    .await;
    let w5 = withdrawal(
        app,
        &isabela,
        requester,
        "5000.00",
        "2026-02-20T15:00:00Z",
        "approved",
        Some("2026-02-20T15:00:00Z"),
    )
    .await;
    let p1 = pay(
        app,
        &isabela,
        w4,
        requester,
        ["20000.00", "10.00", "2000.00", "18000.00"],
        "2026-03-09",
    )
    .await;
    let p2 = pay(
        app,
        &isabela,
        w5,
        requester,
        ["5000.00", "0.00", "0.00", "5000.00"],
        "2026-02-25",
    )
    .await;

    let isdin = app.create_brand("isdin").await;
    let (other_id, other_token) = influencer_login(app, "Otro").await;
    let other = Fixture {
        brand: isdin,
        influencer: other_id,
        code: Uuid::nil(),
    };
    for (kind, deltas) in [
        (
            "commission_estimated",
            ["10000.00", "0", "0", "0", "0", "0"],
        ),
        (
            "commission_confirmed",
            ["-10000.00", "10000.00", "0", "0", "0", "0"],
        ),
    ] {
        post_entry(app, &other, kind, "10000.00", deltas, None).await;
    }
    exec(
        app,
        format!(
            "DELETE FROM brand_withdrawal_policies WHERE brand_id IN ('{}', '{isdin}')",
            isabela.brand
        ),
    )
    .await;
    exec(
        app,
        format!(
            "INSERT INTO brand_withdrawal_policies (id, brand_id, minimum_amount, currency, hold_days)
             VALUES ('{}', '{}', 20000, 'COP', 2), ('{}', '{isdin}', 0, 'COP', 0)",
            afiliados_db::new_id(),
            isabela.brand,
            afiliados_db::new_id()
        ),
    )
    .await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let response = app
        .post(
            "/api/v1/payments/adjustments",
            &admin,
            json!({"influencerId": other_id, "brandId": isdin, "amount": "13000.00",
                   "reason": "muestras no devueltas"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    Dataset {
        isabela,
        other_token,
        isdin,
        requester,
        withdrawals: [w1, w2, w3, w4, w5],
        payments: [p1, p2],
        adjustment: created["id"].as_str().unwrap().to_owned(),
    }
}

fn money(value: &Value) -> String {
    value.to_string()
}

fn count_amount(value: &Value) -> (i64, String) {
    let count = value["count"].as_i64();
    (
        count.unwrap_or_else(|| panic!("no count in {value}")),
        money(&value["amount"]),
    )
}

#[tokio::test]
async fn the_finance_dashboard_adds_up_the_known_dataset() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let data = dataset(&app).await;
    let (_, finance) = app.login_as("finance").await;
    let (status, board) = read(&app, "/dashboard/finance", &finance).await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board["generatedAt"], "2026-03-10T04:30:00Z");

    let wallet = &board["wallet"];
    assert_eq!(money(&wallet["estimated"]), "20223.00");
    assert_eq!(money(&wallet["confirmed"]), "110000.00");
    assert_eq!(money(&wallet["pendingWithdrawal"]), "30000.00");
    assert_eq!(money(&wallet["withdrawn"]), "25000.00");
    assert_eq!(money(&wallet["pendingAdjustments"]), "13000.00");
    assert_eq!(money(&wallet["available"]), "42000.00");
    assert_eq!(money(&wallet["availablePositive"]), "45000.00");
    assert_eq!(wallet["negativeBalances"]["count"], 1);
    assert_eq!(money(&wallet["negativeBalances"]["total"]), "-3000.00");

    let withdrawals = &board["withdrawals"];
    assert_eq!(
        count_amount(&withdrawals["pending"]),
        (1, "10000.00".into())
    );
    assert_eq!(
        count_amount(&withdrawals["approvedPayable"]),
        (1, "12000.00".into())
    );
    assert_eq!(
        count_amount(&withdrawals["approvedOnHold"]),
        (1, "8000.00".into())
    );
    // Today in Bogota is 2026-03-09: 00:10 and 23:20 count; 23:50 of the 8th does not.
    assert_eq!(
        count_amount(&withdrawals["requestedToday"]),
        (2, "20000.00".into())
    );
    assert_eq!(withdrawals["oldestPendingHours"], 48);

    let payments = &board["payments"];
    assert_eq!(payments["thisMonth"]["count"], 1);
    assert_eq!(money(&payments["thisMonth"]["gross"]), "20000.00");
    assert_eq!(money(&payments["thisMonth"]["withheld"]), "2000.00");
    assert_eq!(money(&payments["thisMonth"]["net"]), "18000.00");
    let recent: Vec<&str> = payments["recent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        recent,
        vec![data.payments[0].to_string(), data.payments[1].to_string()]
    );
    assert_eq!(payments["recent"][0]["influencerName"], "Isabela Gómez");
    assert_eq!(payments["recent"][0]["brandName"], "cetaphil");
    assert_eq!(money(&payments["recent"][0]["net"]), "18000.00");
    assert_eq!(payments["recent"][0]["paymentDate"], "2026-03-09");

    let adjustments = &board["adjustments"];
    assert_eq!(
        count_amount(&adjustments["pending"]),
        (1, "13000.00".into())
    );
    assert_eq!(
        count_amount(&adjustments["byKind"]["manual"]),
        (1, "13000.00".into())
    );
    assert_eq!(
        count_amount(&adjustments["byKind"]["clawback"]),
        (0, "0.00".into())
    );

    let commissions = &board["commissions"];
    assert_eq!(
        count_amount(&commissions["estimated"]),
        (1, "20223.00".into())
    );
    assert_eq!(count_amount(&commissions["confirmed"]), (0, "0.00".into()));
    assert_eq!(count_amount(&commissions["reverted"]), (0, "0.00".into()));
    assert_eq!(count_amount(&commissions["onHold"]), (0, "0.00".into()));
    // Due 2026-03-15 12:00Z, before the next run (2026-03-16 02:00 Bogota).
    assert_eq!(
        count_amount(&commissions["dueNextSettlement"]),
        (1, "20223.00".into())
    );
    assert_eq!(board["settlement"]["nextRunAt"], "2026-03-16T07:00:00Z");
    assert_eq!(board["settlement"]["lastRun"], Value::Null);
    assert_eq!(board["reconciliation"]["lastRuns"], json!([]));

    let brands = board["byBrand"].as_array().unwrap();
    assert_eq!(brands.len(), 2, "{brands:?}");
    assert_eq!(brands[0]["brandName"], "cetaphil");
    assert_eq!(money(&brands[0]["minimumAmount"]), "20000.00");
    assert_eq!(money(&brands[0]["confirmed"]), "100000.00");
    assert_eq!(money(&brands[0]["available"]), "45000.00");
    assert_eq!(money(&brands[0]["pendingWithdrawals"]), "30000.00");
    assert_eq!(money(&brands[0]["withdrawnThisMonth"]), "20000.00");
    assert_eq!(brands[1]["brandName"], "isdin");
    assert_eq!(money(&brands[1]["available"]), "-3000.00");
    assert_eq!(money(&brands[1]["withdrawnThisMonth"]), "0.00");
    assert_eq!(board["policies"].as_array().unwrap().len(), 2);

    // One brand: every figure narrows.
    let path = format!("/dashboard/finance?brandId={}", data.isdin);
    let (status, isdin) = read(&app, &path, &finance).await;
    assert_eq!(status, 200, "{isdin}");
    assert_eq!(money(&isdin["wallet"]["confirmed"]), "10000.00");
    assert_eq!(money(&isdin["wallet"]["availablePositive"]), "0.00");
    assert_eq!(isdin["withdrawals"]["pending"]["count"], 0);
    assert_eq!(isdin["payments"]["recent"], json!([]));
    assert_eq!(isdin["adjustments"]["pending"]["count"], 1);
    assert_eq!(isdin["commissions"]["estimated"]["count"], 0);
    assert_eq!(isdin["byBrand"].as_array().unwrap().len(), 1);
    assert_eq!(isdin["policies"].as_array().unwrap().len(), 1);
    let unknown = format!("/dashboard/finance?brandId={}", Uuid::now_v7());
    assert_eq!(read(&app, &unknown, &finance).await.0, 404);

    // Only AD and FI.
    let (_, admin) = app.login_as("admin_dentsu").await;
    assert_eq!(read(&app, "/dashboard/finance", &admin).await.0, 200);
    for role in ["auditor", "gestor_afiliados"] {
        let (_, token) = app.login_as(role).await;
        assert_eq!(
            read(&app, "/dashboard/finance", &token).await.0,
            403,
            "{role}"
        );
    }
    let (_, marca) = marca_login(&app, &[data.isabela.brand]).await;
    assert_eq!(read(&app, "/dashboard/finance", &marca).await.0, 403);
    assert_eq!(
        read(&app, "/dashboard/finance", &data.other_token).await.0,
        403
    );
    // Past Bogota midnight the 23:20 request is yesterday's; the pending one is an hour older.
    // (An hour later the access token has expired: sign in again.)
    clock.advance(Duration::hours(1));
    let (_, finance) = app.login_as("finance").await;
    let (status, board) = read(&app, "/dashboard/finance", &finance).await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(
        count_amount(&board["withdrawals"]["requestedToday"]),
        (0, "0.00".into())
    );
    assert_eq!(board["withdrawals"]["oldestPendingHours"], 49);
}

#[tokio::test]
async fn the_influencer_dashboard_lists_its_withdrawals_payments_and_debts() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let data = dataset(&app).await;
    let isabela = isabela_login(&app, &data.isabela).await;
    let (status, board) = read(&app, "/dashboard/influencer", &isabela).await;
    assert_eq!(status, 200, "{board}");
    let ids = |key: &str| -> Vec<String> {
        board[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let [w1, w2, w3, w4, w5] = data.withdrawals.map(|id| id.to_string());
    assert_eq!(ids("recentWithdrawals"), vec![w3, w2, w4, w1, w5]);
    assert_eq!(board["recentWithdrawals"][0]["status"], "approved");
    assert_eq!(money(&board["recentWithdrawals"][0]["amount"]), "8000.00");
    assert_eq!(
        ids("recentPayments"),
        data.payments.map(|id| id.to_string()).to_vec()
    );
    let first = &board["recentPayments"][0];
    assert_eq!(money(&first["gross"]), "20000.00");
    assert_eq!(money(&first["withheld"]), "2000.00");
    assert_eq!(money(&first["net"]), "18000.00");
    assert_eq!(first["method"], "bank_transfer");
    assert_eq!(first["reference"], "TRF-0001");
    assert_eq!(first["paymentDate"], "2026-03-09");
    assert_eq!(board["openAdjustments"], json!([]));
    // The other influencer sees its debt and nothing of Isabela's.
    let (status, other) = read(&app, "/dashboard/influencer", &data.other_token).await;
    assert_eq!(status, 200, "{other}");
    assert_eq!(other["recentWithdrawals"], json!([]));
    assert_eq!(other["recentPayments"], json!([]));
    assert_eq!(other["openAdjustments"][0]["id"], data.adjustment.as_str());
    assert_eq!(money(&other["openAdjustments"][0]["amount"]), "13000.00");
    // An admin_marca of Isdin looking at Isabela sees none of Cetaphil's rows.
    let (_, marca) = marca_login(&app, &[data.isdin]).await;
    let path = format!(
        "/dashboard/influencer?influencerId={}",
        data.isabela.influencer
    );
    let (status, _) = read(&app, &path, &marca).await;
    assert_eq!(status, 404);
}

/// GET a CSV: (status, parsed records including the header).
async fn csv(app: &TestApp, path: &str, token: &str) -> (u16, Vec<Vec<String>>) {
    let response = app.get(&format!("/api/v1{path}"), token).await;
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    if status != 200 {
        return (status, Vec::new());
    }
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n"), "CRLF");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let records = reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (status, records)
}

#[tokio::test]
async fn money_out_exports_parse_and_follow_the_roles_of_section_17() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let data = dataset(&app).await;
    let (_, finance) = app.login_as("finance").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let isabela = isabela_login(&app, &data.isabela).await;
    let (_, cetaphil_marca) = marca_login(&app, &[data.isabela.brand]).await;
    let (_, isdin_marca) = marca_login(&app, &[data.isdin]).await;
    let requester_email: String = {
        let conn = app.conn().await;
        afiliados_db::users::find(&conn, app.state.tenant_id, data.requester)
            .await
            .unwrap()
            .unwrap()
            .email
    };

    // Withdrawals: AD, FI, AM (its brands).
    let (status, rows) = csv(&app, "/exports/withdrawals.csv", &finance).await;
    assert_eq!(status, 200);
    assert_eq!(rows[0][0..4], ["id", "influenciador", "marca", "monto"]);
    assert_eq!(rows.len(), 6);
    let pending = "/exports/withdrawals.csv?status=pending&locale=en";
    let (_, rows) = csv(&app, pending, &finance).await;
    assert_eq!(
        rows,
        vec![
            vec![
                "id",
                "influencer",
                "brand",
                "amount",
                "status",
                "requested_at",
                "requested_by",
                "decided_by",
                "decided_at",
                "payable_from",
                "paid_at"
            ]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>(),
            vec![
                data.withdrawals[0].to_string(),
                "Isabela Gómez".into(),
                "cetaphil".into(),
                "10000.00".into(),
                "pending".into(),
                "2026-03-08T04:30:00Z".into(),
                requester_email.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        ]
    );
    let (_, rows) = csv(&app, "/exports/withdrawals.csv?payable=true", &finance).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], data.withdrawals[1].to_string());
    assert_eq!(
        csv(&app, "/exports/withdrawals.csv", &cetaphil_marca)
            .await
            .1
            .len(),
        6
    );
    assert_eq!(
        csv(&app, "/exports/withdrawals.csv", &isdin_marca)
            .await
            .1
            .len(),
        1
    );
    assert_eq!(csv(&app, "/exports/withdrawals.csv", &gestor).await.0, 403);
    assert_eq!(csv(&app, "/exports/withdrawals.csv", &isabela).await.0, 403);
    assert_eq!(
        csv(&app, "/exports/withdrawals.csv?status=open", &finance)
            .await
            .0,
        422
    );

    // Payments: AD, FI, IN (its own).
    let (status, rows) = csv(&app, "/exports/payments.csv?locale=en", &finance).await;
    assert_eq!(status, 200);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[1],
        vec![
            data.payments[0].to_string(),
            data.withdrawals[3].to_string(),
            "Isabela Gómez".into(),
            "cetaphil".into(),
            "2026-03-09".into(),
            "20000.00".into(),
            "10.00".into(),
            "2000.00".into(),
            "18000.00".into(),
            "bank_transfer".into(),
            "TRF-0001".into(),
            requester_email,
        ]
    );
    let march = "/exports/payments.csv?from=2026-03-01&to=2026-04-01";
    assert_eq!(csv(&app, march, &finance).await.1.len(), 2);
    // List and export parse with one function (ADR 0053): `to` is exclusive (`api.md` §0.3), so
    // the payment of 2026-03-09 is outside `to=2026-03-09` and inside `to=2026-03-10`, in both.
    for (to, payments) in [("2026-03-09", 1_usize), ("2026-03-10", 2)] {
        let (status, page) = read(&app, &format!("/payments?to={to}"), &finance).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["total"], payments, "GET /payments?to={to}");
        let path = format!("/exports/payments.csv?to={to}");
        assert_eq!(
            csv(&app, &path, &finance).await.1.len(),
            payments + 1,
            "{path}"
        );
    }
    for bad in ["to=09-03-2026", "method=cheque", "sort=amount"] {
        assert_eq!(
            read(&app, &format!("/payments?{bad}"), &finance).await.0,
            422
        );
        let path = format!("/exports/payments.csv?{bad}");
        assert_eq!(csv(&app, &path, &finance).await.0, 422, "{path}");
    }
    assert_eq!(
        csv(&app, "/exports/payments.csv", &isabela).await.1.len(),
        3
    );
    let foreign = format!(
        "/exports/payments.csv?influencerId={}",
        data.isabela.influencer
    );
    assert_eq!(csv(&app, &foreign, &data.other_token).await.1.len(), 1);
    assert_eq!(
        csv(&app, "/exports/payments.csv", &cetaphil_marca).await.0,
        403
    );
    assert_eq!(csv(&app, "/exports/payments.csv", &gestor).await.0, 403);

    // Adjustments: AD and FI only.
    let (status, rows) = csv(&app, "/exports/adjustments.csv", &finance).await;
    assert_eq!(status, 200);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], data.adjustment);
    assert_eq!(rows[1][1], "Otro Prueba");
    assert_eq!(rows[1][3..6], ["manual", "13000.00", "pending"]);
    assert_eq!(rows[1][8], "muestras no devueltas");
    for token in [&gestor, &isdin_marca, &data.other_token] {
        assert_eq!(csv(&app, "/exports/adjustments.csv", token).await.0, 403);
    }

    // Every download is audited with its resource.
    let audits = app.audit_actions("export.downloaded").await;
    let resources: Vec<String> = audits
        .iter()
        .filter_map(|row| row.after.as_ref()?["resource"].as_str().map(str::to_owned))
        .collect();
    for resource in ["withdrawals", "payments", "adjustments"] {
        assert!(resources.iter().any(|r| r == resource), "{resources:?}");
    }
}
