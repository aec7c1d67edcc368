//! Paying one withdrawal through HTTP (`domain.md` §5.14.3, §5.14.6 examples 3 and 4, §2.4): the
//! amount match, withholding from the profile or the tenant default, dual control, the state,
//! hold and date rules, method spellings, the ledger, e-mail and audit side effects, and every
//! role and scope that must be refused.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;
use crate::orders_ingest::{balance, dec, exec, post_entry};
use crate::payments_fixtures::{
    Payee, approved_withdrawal, approved_withdrawal_at, assign_profile, confirm, fixture, payee,
    paying_app, pending_withdrawal, tax_profile,
};

pub(crate) fn pay_body(amount: &str) -> Value {
    json!({
        "amount": amount,
        "paymentDate": "2026-03-10",
        "method": "transferencia",
        "reference": "TRX-0001",
    })
}

pub(crate) async fn pay(app: &TestApp, token: &str, id: Uuid, body: Value) -> (u16, Value) {
    let response = app
        .post(
            &format!("/api/v1/payments/withdrawals/{id}/pay"),
            token,
            body,
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn field_code(body: &Value) -> (&str, &str) {
    (
        body["details"][0]["field"].as_str().unwrap_or_default(),
        body["details"][0]["code"].as_str().unwrap_or_default(),
    )
}

async fn payments_of(app: &TestApp, withdrawal: Uuid) -> i64 {
    use afiliados_db::schema::payments;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    payments::table
        .filter(payments::withdrawal_id.eq(withdrawal))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap()
}

async fn cetaphil_payee(app: &TestApp, confirmed: &str) -> Payee {
    let payee = payee(app, "Isabela", "Gómez", "0012345678", "cetaphil").await;
    confirm(app, &payee, confirmed).await;
    payee
}

/// §5.14.6 example 4: approved 20 000.00; 19 999.98 is refused, 20 000.01 is accepted and
/// recorded as 20 000.00; a 10 % profile withholds 2 000.00 and pays 18 000.00 net.
#[tokio::test]
async fn example_4_amount_match_and_ten_percent_withholding() {
    let (app, _clock) = paying_app().await;
    let payee = cetaphil_payee(&app, "45000.00").await;
    let profile = tax_profile(&app, "honorarios_10", "10", "0").await;
    assign_profile(&app, &payee, profile).await;
    let (f1, f1_token) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let id = approved_withdrawal(&app, &payee, "20000.00", f1, f2).await;

    let (status, body) = pay(&app, &f1_token, id, pay_body("19999.98")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_code(&body), ("amount", "payment_amount_mismatch"));
    assert_eq!(
        body["details"][0]["params"]["approvedAmount"].to_string(),
        "20000.00"
    );
    assert_eq!(payments_of(&app, id).await, 0);

    let (status, payment) = pay(&app, &f1_token, id, pay_body("20000.01")).await;
    assert_eq!(status, 201, "{payment}");
    assert_eq!(payment["amount"].to_string(), "20000.00");
    assert_eq!(payment["withholdingRate"].to_string(), "10.00");
    assert_eq!(payment["taxWithheld"].to_string(), "2000.00");
    assert_eq!(payment["netAmount"].to_string(), "18000.00");
    assert_eq!(payment["taxProfileCode"], "honorarios_10");
    assert_eq!(payment["method"], "bank_transfer");
    assert_eq!(payment["withdrawalId"], id.to_string());
    assert_eq!(payment["paidBy"], f1.to_string());

    // Ledger: the reservation became withdrawn; available is untouched by the payment.
    let (row, available) = balance(&app, &fixture(&payee)).await;
    assert_eq!(row.pending_withdrawal, dec("0"));
    assert_eq!(row.withdrawn, dec("20000.00"));
    assert_eq!(available, dec("25000.00"));
    crate::orders_ingest::assert_ledger_identity(&app, &fixture(&payee)).await;
    {
        use afiliados_db::schema::{ledger_entries, withdrawal_requests};
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = app.conn().await;
        let (kind, payment_id): (String, Option<Uuid>) = ledger_entries::table
            .filter(ledger_entries::withdrawal_id.eq(id))
            .filter(ledger_entries::entry_type.eq("payment"))
            .select((ledger_entries::entry_type, ledger_entries::payment_id))
            .first(&mut conn)
            .await
            .unwrap();
        assert_eq!(kind, "payment");
        assert_eq!(
            payment_id.unwrap().to_string(),
            payment["id"].as_str().unwrap()
        );
        let status: String = withdrawal_requests::table
            .find(id)
            .select(withdrawal_requests::status)
            .first(&mut conn)
            .await
            .unwrap();
        assert_eq!(status, "paid");
    }
    // The e-mail carries gross, withheld and net; the act is audited.
    let mail = {
        use afiliados_db::schema::email_outbox;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = app.conn().await;
        email_outbox::table
            .filter(email_outbox::template.eq("withdrawal_paid"))
            .select(email_outbox::payload)
            .first::<Value>(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(mail["gross"], "20000.00");
    assert_eq!(mail["withheld"], "2000.00");
    assert_eq!(mail["net"], "18000.00");
    let audit = app.audit_actions("withdrawal.paid").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].entity_id, Some(id.to_string()));

    // Paid is final.
    let (status, body) = pay(&app, &f1_token, id, pay_body("20000.00")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_already_decided"))
    );
    assert_eq!(payments_of(&app, id).await, 1);
}

/// §5.14.6 example 4: 1 234 567.89 at 11 % → 135 802.47 withheld (135 802.4679), 1 098 765.42
/// net, on a real payment row.
#[tokio::test]
async fn eleven_percent_of_1_234_567_89_rounds_to_the_cent() {
    let (app, _clock) = paying_app().await;
    let payee = cetaphil_payee(&app, "2000000.00").await;
    let profile = tax_profile(&app, "declarante_11", "11", "0").await;
    assign_profile(&app, &payee, profile).await;
    let (f1, token) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let id = approved_withdrawal(&app, &payee, "1234567.89", f1, f2).await;
    let (status, payment) = pay(&app, &token, id, pay_body("1234567.89")).await;
    assert_eq!(status, 201, "{payment}");
    assert_eq!(payment["taxWithheld"].to_string(), "135802.47");
    assert_eq!(payment["netAmount"].to_string(), "1098765.42");
    let stored = {
        let mut conn = app.conn().await;
        let pid: Uuid = payment["id"].as_str().unwrap().parse().unwrap();
        afiliados_db::payments::find(&mut conn, app.state.tenant_id, pid)
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(stored.gross_amount, dec("1234567.89"));
    assert_eq!(stored.tax_withheld, dec("135802.47"));
    assert_eq!(stored.net_amount, dec("1098765.42"));
    assert_eq!(stored.withholding_rate, dec("11.00"));
}

/// §5.14.6 example 4: the tenant's default profile (no profile of its own) with threshold
/// 100 000.00 and a gross of 80 000.00 withholds 0.00 at rate 0.
#[tokio::test]
async fn under_the_default_profiles_threshold_nothing_is_withheld() {
    let (app, _clock) = paying_app().await;
    let payee = cetaphil_payee(&app, "100000.00").await;
    let profile = tax_profile(&app, "por_defecto", "10", "100000.00").await;
    exec(
        &app,
        format!(
            "UPDATE tenants SET default_tax_profile_id = '{profile}' WHERE id = '{}'",
            app.state.tenant_id
        ),
    )
    .await;
    let (f1, token) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let id = approved_withdrawal(&app, &payee, "80000.00", f1, f2).await;
    let (status, payment) = pay(&app, &token, id, pay_body("80000.00")).await;
    assert_eq!(status, 201, "{payment}");
    assert_eq!(payment["taxWithheld"].to_string(), "0.00");
    assert_eq!(payment["withholdingRate"].to_string(), "0.00");
    assert_eq!(payment["netAmount"].to_string(), "80000.00");
    assert_eq!(payment["taxProfileCode"], "por_defecto");
}

/// §5.14.6 example 3 (threshold 2 000 000.00): F2 approved 2 500 000.00 and cannot pay it; F1
/// can. 1 500 000.00 and exactly 2 000 000.00 are paid by their approver alone.
#[tokio::test]
async fn example_3_dual_control_above_the_threshold_only() {
    let (app, _clock) = paying_app().await;
    let payee = cetaphil_payee(&app, "7000000.00").await;
    let (f1, f1_token) = app.login_as("finance").await;
    let (f2, f2_token) = app.login_as("finance").await;
    let big = approved_withdrawal(&app, &payee, "2500000.00", f1, f2).await;
    let (status, body) = pay(&app, &f2_token, big, pay_body("2500000.00")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("dual_control_required")),
        "{body}"
    );
    assert_eq!(payments_of(&app, big).await, 0);
    let (status, body) = pay(&app, &f1_token, big, pay_body("2500000.00")).await;
    assert_eq!(status, 201, "{body}");

    let small = approved_withdrawal(&app, &payee, "1500000.00", f1, f2).await;
    let (status, body) = pay(&app, &f2_token, small, pay_body("1500000.00")).await;
    assert_eq!(status, 201, "{body}");

    let equal = approved_withdrawal(&app, &payee, "2000000.00", f1, f2).await;
    let (status, body) = pay(&app, &f2_token, equal, pay_body("2000000.00")).await;
    assert_eq!(
        status, 201,
        "equal to the threshold needs no second person: {body}"
    );
}

/// Pending, rejected, on hold, a negative balance, dates and the body's own fields.
#[tokio::test]
async fn state_hold_balance_and_date_rules() {
    let (app, _clock) = paying_app().await;
    let payee = cetaphil_payee(&app, "100000.00").await;
    let (f1, token) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;

    let pending = pending_withdrawal(&app, &payee, "10000.00", f1).await;
    let (status, body) = pay(&app, &token, pending, pay_body("10000.00")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_not_approved"))
    );

    let held =
        approved_withdrawal_at(&app, &payee, "10000.00", f1, f2, "2026-03-12T15:00:00Z").await;
    let (status, body) = pay(&app, &token, held, pay_body("10000.00")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_on_hold"))
    );
    assert_eq!(body["details"][0]["payableFrom"], "2026-03-12T15:00:00Z");

    let rejected = approved_withdrawal(&app, &payee, "10000.00", f1, f2).await;
    {
        let mut conn = app.conn().await;
        let now = crate::payments_fixtures::at(crate::payments_fixtures::NOW);
        afiliados_db::withdrawal_requests::reject(&mut conn, rejected, f2, None, "duplicado", now)
            .await
            .unwrap();
    }
    let (status, body) = pay(&app, &token, rejected, pay_body("10000.00")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_already_decided"))
    );

    let id = approved_withdrawal(&app, &payee, "10000.00", f1, f2).await;
    let mut future = pay_body("10000.00");
    future["paymentDate"] = json!("2026-03-11");
    let (status, body) = pay(&app, &token, id, future).await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("paymentDate", "in_future"))
    );
    let mut early = pay_body("10000.00");
    early["paymentDate"] = json!("2026-03-01");
    let (status, body) = pay(&app, &token, id, early).await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("paymentDate", "date_order"))
    );
    let mut cash = pay_body("10000.00");
    cash["method"] = json!("efectivo");
    let (status, body) = pay(&app, &token, id, cash).await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("method", "invalid_enum"))
    );
    let mut short = pay_body("10000.00");
    short["reference"] = json!("ab");
    let (status, body) = pay(&app, &token, id, short).await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("reference", "too_short"))
    );
    assert_eq!(payments_of(&app, id).await, 0);

    // A debt larger than the balance makes available negative: no payment until it is covered.
    post_entry(
        &app,
        &fixture(&payee),
        "adjustment_opened",
        "200000.00",
        ["0", "0", "0", "0", "0", "200000.00"],
        None,
    )
    .await;
    let (status, body) = pay(&app, &token, id, pay_body("10000.00")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("balance_negative")),
        "{body}"
    );
    assert_eq!(payments_of(&app, id).await, 0);
}

/// `transfer`/`transferencia` are a bank transfer, `nequi`/`daviplata` a digital wallet.
#[tokio::test]
async fn method_spellings_are_stored_as_the_vocabulary() {
    let (app, _clock) = paying_app().await;
    let payee = cetaphil_payee(&app, "100000.00").await;
    let (f1, token) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    for (word, stored) in [
        ("transfer", "bank_transfer"),
        ("Transferencia", "bank_transfer"),
        ("nequi", "digital_wallet"),
        ("DaviPlata", "digital_wallet"),
        ("other", "other"),
    ] {
        let id = approved_withdrawal(&app, &payee, "1000.00", f1, f2).await;
        let mut body = pay_body("1000.00");
        body["method"] = json!(word);
        let (status, payment) = pay(&app, &token, id, body).await;
        assert_eq!(status, 201, "{word}: {payment}");
        assert_eq!(payment["method"], stored, "{word}");
    }
}

/// Gestor, admin_marca, auditor and influencer cannot pay (403); an influencer reads its own
/// payments only (another's → 404); staff outside FI/AD cannot list payments.
#[tokio::test]
async fn roles_and_scope_that_must_be_refused() {
    let (app, _clock) = paying_app().await;
    let payee = cetaphil_payee(&app, "100000.00").await;
    let other = payee_two(&app).await;
    let (f1, token) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let id = approved_withdrawal(&app, &payee, "10000.00", f1, f2).await;
    for role in ["gestor_afiliados", "auditor"] {
        let (_, staff) = app.login_as(role).await;
        let (status, body) = pay(&app, &staff, id, pay_body("10000.00")).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (403, Some("forbidden")),
            "{role}"
        );
        let listed = app.get("/api/v1/payments", &staff).await;
        assert_eq!(listed.status(), 403, "{role} lists payments");
    }
    let (_, marca) = crate::catalogue::marca_login(&app, &[payee.brand]).await;
    let (status, _) = pay(&app, &marca, id, pay_body("10000.00")).await;
    assert_eq!(status, 403);
    let (status, _) = pay(&app, &payee.token, id, pay_body("10000.00")).await;
    assert_eq!(status, 403);
    assert_eq!(payments_of(&app, id).await, 0);

    let (status, mine) = pay(&app, &token, id, pay_body("10000.00")).await;
    assert_eq!(status, 201);
    let theirs_id = approved_withdrawal(&app, &other, "5000.00", f1, f2).await;
    let (status, theirs) = pay(&app, &token, theirs_id, pay_body("5000.00")).await;
    assert_eq!(status, 201);

    let own: Value = app
        .get("/api/v1/payments", &payee.token)
        .await
        .json()
        .await
        .unwrap();
    let listed: Vec<&str> = own["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![mine["id"].as_str().unwrap()]);
    // Asking for the other influencer's payments still answers one's own.
    let asked: Value = app
        .get(
            &format!("/api/v1/payments?influencerId={}", other.influencer),
            &payee.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(asked["total"], 1);
    assert_eq!(asked["items"][0]["id"], mine["id"]);
    let response = app
        .get(
            &format!("/api/v1/payments/{}", theirs["id"].as_str().unwrap()),
            &payee.token,
        )
        .await;
    assert_eq!(response.status(), 404);
    let response = app
        .get(
            &format!("/api/v1/payments/{}", mine["id"].as_str().unwrap()),
            &payee.token,
        )
        .await;
    assert_eq!(response.status(), 200);
    let all: Value = app
        .get("/api/v1/payments", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 2);
}

pub(crate) async fn payee_two(app: &TestApp) -> Payee {
    let other = payee(app, "Laura", "Pérez", "9876543210", "cetaphil").await;
    confirm(app, &other, "50000.00").await;
    other
}
