//! Withdrawal requests and decisions through HTTP against real PostgreSQL (`domain.md` §4.7,
//! §5.14.1, §5.14.2, §5.14.6 examples 1–3, §2.4; `api.md` §11): the spec's numbers, every role and
//! scope rule with an attempt to break it, the decision table, and the ledger identity (Σ deltas
//! = the balance row) after every money path.
//!
//! The confirmed balance is reached with `orders_ingest::post_entry` (settlement's own entry),
//! the way the ingestion tests reach a paid-out balance.

use afiliados_db::email_outbox;
use afiliados_db::schema::{email_outbox as outbox, notifications};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::{insert_influencer, insert_influencer_for, marca_login};
use crate::helpers::*;
use crate::orders_ingest::{Fixture, assert_ledger_identity, balance, dec, exec, post_entry};

pub(crate) const WITHDRAWALS: &str = "/api/v1/payments/withdrawals";

/// A brand balance ready for withdrawals and its influencer, who can sign in.
pub(crate) struct World {
    pub(crate) fixture: Fixture,
    pub(crate) slug: String,
    pub(crate) user: Uuid,
    pub(crate) email: String,
    pub(crate) token: String,
}

/// Brand `slug` with `minimum` and `hold_days`, and an approved influencer with `available`
/// confirmed on it.
pub(crate) async fn world(
    app: &TestApp,
    slug: &str,
    minimum: &str,
    hold_days: i32,
    available: &str,
) -> World {
    let brand = app.create_brand(slug).await;
    exec(
        app,
        format!(
            "INSERT INTO brand_withdrawal_policies (id, brand_id, minimum_amount, hold_days)
             VALUES ('{}', '{brand}', {minimum}, {hold_days})
             ON CONFLICT (brand_id) DO UPDATE
               SET minimum_amount = EXCLUDED.minimum_amount, hold_days = EXCLUDED.hold_days",
            Uuid::new_v4()
        ),
    )
    .await;
    let email = format!("in.{}@influencer.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["influencer"], &[]).await;
    let influencer = insert_influencer_for(app, "Isabela", "Gómez", "approved", Some(user)).await;
    exec(
        app,
        format!("UPDATE influencers SET email = '{email}' WHERE id = '{influencer}'"),
    )
    .await;
    let fixture = Fixture {
        brand,
        influencer,
        code: Uuid::nil(),
    };
    if dec(available) > dec("0") {
        confirm(app, &fixture, available).await;
    }
    let token = app.login(&email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    World {
        fixture,
        slug: slug.to_owned(),
        user,
        email,
        token,
    }
}

/// `amount` more confirmed on the balance (what settlement posts).
pub(crate) async fn confirm(app: &TestApp, fixture: &Fixture, amount: &str) {
    post_entry(
        app,
        fixture,
        "commission_confirmed",
        amount,
        ["0", amount, "0", "0", "0", "0"],
        None,
    )
    .await;
}

pub(crate) async fn available(app: &TestApp, fixture: &Fixture) -> String {
    balance(app, fixture).await.1.to_string()
}

pub(crate) async fn request(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let response = app.post(WITHDRAWALS, token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

pub(crate) async fn decide(app: &TestApp, token: &str, id: &str, body: Value) -> (u16, Value) {
    let response = app
        .patch(&format!("{WITHDRAWALS}/{id}/decision"), token, body)
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn outbox_templates(app: &TestApp, template: &str) -> Vec<email_outbox::OutboxEmailRow> {
    let mut conn = app.conn().await;
    outbox::table
        .filter(outbox::template.eq(template))
        .select(email_outbox::OutboxEmailRow::as_select())
        .load(&mut conn)
        .await
        .unwrap()
}

async fn notified(app: &TestApp, kind: &str) -> Vec<Uuid> {
    let mut conn = app.conn().await;
    notifications::table
        .filter(notifications::type_.eq(kind))
        .select(notifications::user_id)
        .load(&mut conn)
        .await
        .unwrap()
}

fn field_code(body: &Value) -> (&str, &str) {
    (
        body["details"][0]["field"].as_str().unwrap_or(""),
        body["details"][0]["code"].as_str().unwrap_or(""),
    )
}

/// §5.14.6 example 1: minimum 20 000.00, available 45 000.00.
#[tokio::test]
async fn example_1_minimum_then_available_then_exceeds() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "20000.00", 0, "45000.00").await;
    let (status, body) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "15000.00"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "validation_failed");
    assert_eq!(field_code(&body), ("amount", "below_minimum"));
    assert_eq!(body["details"][0]["params"]["minimum"], "20000.00");
    assert_eq!(available(&app, &w.fixture).await, "45000.00");

    let (status, created) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": 20000.00, "notes": "Primer retiro"}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["amount"].to_string(), "20000.00");
    assert_eq!(created["brandId"], w.fixture.brand.to_string());
    assert_eq!(created["brandName"], "cetaphil");
    assert_eq!(created["influencerName"], "Isabela Gómez");
    assert_eq!(created["requestedBy"]["id"], w.user.to_string());
    assert_eq!(created["requestedBy"]["email"], w.email);
    assert_eq!(created["events"][0]["action"], "requested");
    assert_eq!(created["documents"], json!([]));
    assert_eq!(available(&app, &w.fixture).await, "25000.00");

    let (status, body) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "30000.00"}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "withdrawal_exceeds_available");
    assert_eq!(body["details"], json!([{"available": "25000.00"}]));
    assert_ledger_identity(&app, &w.fixture).await;

    // Side effects of the accepted one: e-mail to the influencer, in-app to every FI and to the
    // influencer, one audit row.
    let mails = outbox_templates(&app, "withdrawal_requested").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, w.email);
    assert_eq!(app.audit_actions("withdrawal.requested").await.len(), 1);
    let mut conn = app.conn().await;
    let reserved: i64 = afiliados_db::schema::ledger_entries::table
        .filter(afiliados_db::schema::ledger_entries::entry_type.eq("withdrawal_reserved"))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(reserved, 1);
}

/// The 201 of a request is built from what its transaction holds instead of being read back
/// (ADR 0080): it must be exactly what reading the request back shows, for the influencer (with
/// its withholding preview) and for finance on its behalf (brand by id, notes, requester).
#[tokio::test]
async fn the_answer_to_a_request_is_what_reading_it_back_shows() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "5000.00").await;
    let (finance_id, finance) = app.login_as("finance").await;
    let (status, own) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "1200.00", "notes": "Para el mercado"}),
    )
    .await;
    assert_eq!(status, 201, "{own}");
    let (status, on_behalf) = request(
        &app,
        &finance,
        json!({
            "brandId": w.fixture.brand.to_string(),
            "amount": "300.50",
            "influencerId": w.fixture.influencer.to_string(),
        }),
    )
    .await;
    assert_eq!(status, 201, "{on_behalf}");
    for (token, created) in [(&w.token, &own), (&finance, &on_behalf)] {
        let id = created["id"].as_str().unwrap();
        let read: Value = app
            .get(&format!("{WITHDRAWALS}/{id}"), token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(&read, created);
    }
    assert!(own["withholdingPreview"].is_object(), "{own}");
    assert_eq!(own["notes"], "Para el mercado");
    assert_eq!(on_behalf["requestedBy"]["id"], finance_id.to_string());
    let requester = on_behalf["requestedBy"]["email"].as_str().unwrap();
    assert!(requester.starts_with("finance."), "{requester}");
    assert_ledger_identity(&app, &w.fixture).await;
}

#[tokio::test]
async fn every_finance_user_and_the_influencer_are_told_of_a_request() {
    let app = spawn_app().await;
    let (f1, _) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let (gestor, _) = app.login_as("gestor_afiliados").await;
    // Not told: a deleted finance user, and a finance user of another tenant.
    let (deleted, _) = app.login_as("finance").await;
    let stranger = Uuid::now_v7();
    {
        use diesel_async::SimpleAsyncConnection;
        let mut conn = app.conn().await;
        let other_tenant = Uuid::now_v7();
        conn.batch_execute(&format!(
            "UPDATE users SET deleted_at = now() WHERE id = '{deleted}';
             INSERT INTO tenants (id, slug, name) VALUES ('{other_tenant}', 'otro', 'Otro');
             INSERT INTO users (id, tenant_id, email, first_name, last_name)
                  VALUES ('{stranger}', '{other_tenant}', 'finance@otro.example', 'Otro', 'Tenant');
             INSERT INTO user_roles (id, user_id, role) VALUES ('{}', '{stranger}', 'finance');",
            Uuid::now_v7()
        ))
        .await
        .unwrap();
    }
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let (status, _) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "10.00"}),
    )
    .await;
    assert_eq!(status, 201);
    let told = notified(&app, "withdrawal.requested").await;
    assert!(told.contains(&f1) && told.contains(&f2) && told.contains(&w.user));
    assert!(!told.contains(&gestor));
    assert!(!told.contains(&deleted), "a deleted finance user was told");
    assert!(
        !told.contains(&stranger),
        "another tenant's finance user was told"
    );
    assert_eq!(told.len(), 3);
}

/// §5.14.6 example 2 at scale (the acceptance test): 200 simultaneous requests on one balance
/// never reserve more than available, and the ledger still equals the balance row.
#[tokio::test]
async fn two_hundred_simultaneous_requests_never_overdraw() {
    let app = spawn_app_with(|settings| settings.database.max_connections = 30).await;
    let w = world(&app, "cetaphil", "0", 0, "100000.00").await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        let http = app.http.clone();
        let url = format!("{}{WITHDRAWALS}", app.address);
        let token = w.token.clone();
        let ip = app.client_ip.clone();
        let slug = w.slug.clone();
        // 70 000.00 twice (the spec's pair) among 198 others of 1 000.00 to 1 990.00.
        let amount = if i < 2 {
            "70000.00".to_owned()
        } else {
            format!("{}.00", 1000 + (i % 100) * 10)
        };
        tasks.push(tokio::spawn(async move {
            let response = http
                .post(url)
                .bearer_auth(token)
                .header("x-forwarded-for", ip)
                .json(&json!({"brandId": slug, "amount": amount}))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap();
            (status, body, amount)
        }));
    }
    let mut accepted = dec("0");
    let mut refused = 0;
    for task in tasks {
        let (status, body, amount) = task.await.unwrap();
        match status {
            201 => accepted += dec(&amount),
            409 => {
                assert_eq!(body["error"], "withdrawal_exceeds_available", "{body}");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert!(accepted <= dec("100000.00"), "reserved {accepted}");
    assert!(refused > 0, "200 requests of this size cannot all fit");
    let (row, left) = balance(&app, &w.fixture).await;
    assert_eq!(row.pending_withdrawal, accepted);
    assert_eq!(left, dec("100000.00") - accepted);
    assert!(left >= dec("0"));
    assert_ledger_identity(&app, &w.fixture).await;
    let mut conn = app.conn().await;
    let pending = afiliados_db::withdrawal_list::total_in(
        &mut conn,
        w.fixture.influencer,
        w.fixture.brand,
        &["pending"],
    )
    .await
    .unwrap();
    assert_eq!(pending, accepted);
}

/// §5.14.6 example 2 exactly: two requests of 70 000.00 on 100 000.00 → one accepted, one 409
/// with 30 000.00 left.
#[tokio::test]
async fn example_2_two_requests_of_seventy_thousand() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "100000.00").await;
    let body = json!({"brandId": w.slug, "amount": "70000.00"});
    let (a, b) = tokio::join!(
        request(&app, &w.token, body.clone()),
        request(&app, &w.token, body.clone())
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);
    let refused = if a.0 == 409 { a.1 } else { b.1 };
    assert_eq!(refused["details"], json!([{"available": "30000.00"}]));
    assert_eq!(available(&app, &w.fixture).await, "30000.00");
    assert_ledger_identity(&app, &w.fixture).await;
}

/// §5.14.6 example 3 (segregation of duties): F1 requests 2 500 000.00 on the influencer's behalf
/// and cannot approve it; F2 can. A request by the influencer may be approved by F2 alone.
#[tokio::test]
async fn example_3_the_requester_cannot_approve() {
    let app = spawn_app().await;
    let (_, f1) = app.login_as("finance").await;
    let (f2_id, f2) = app.login_as("finance").await;
    let w = world(&app, "cetaphil", "0", 0, "5000000.00").await;
    let (status, created) = request(
        &app,
        &f1,
        json!({"brandId": w.fixture.brand, "amount": "2500000.00",
               "influencerId": w.fixture.influencer}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let (status, body) = decide(&app, &f1, id, json!({"status": "approved"})).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"], "segregation_of_duties");
    let (status, body) = decide(&app, &f2, id, json!({"status": "approved"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "approved");
    assert_eq!(body["decidedBy"], f2_id.to_string());
    assert_eq!(body["payableFrom"], body["requestedAt"]);
    let actions: Vec<&str> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["requested", "approved"]);
    // Approval keeps the amount reserved (no ledger movement).
    assert_eq!(available(&app, &w.fixture).await, "2500000.00");

    let (status, own) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "1500000.00"}),
    )
    .await;
    assert_eq!(status, 201);
    let (status, body) = decide(
        &app,
        &f2,
        own["id"].as_str().unwrap(),
        json!({"status": "approved"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(outbox_templates(&app, "withdrawal_approved").await.len(), 2);
    assert_eq!(app.audit_actions("withdrawal.approved").await.len(), 2);
    assert_ledger_identity(&app, &w.fixture).await;
}

#[tokio::test]
async fn approval_sets_payable_from_with_the_brand_hold_days() {
    let app = spawn_app().await;
    let (_, fi) = app.login_as("finance").await;
    let w = world(&app, "cetaphil", "0", 3, "1000.00").await;
    let (_, created) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "500.00"}),
    )
    .await;
    let requested: chrono::DateTime<chrono::Utc> =
        created["requestedAt"].as_str().unwrap().parse().unwrap();
    let (status, body) = decide(
        &app,
        &fi,
        created["id"].as_str().unwrap(),
        json!({"status": "approved", "notes": "ok"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let payable: chrono::DateTime<chrono::Utc> =
        body["payableFrom"].as_str().unwrap().parse().unwrap();
    assert_eq!(payable - requested, chrono::Duration::days(3));
    assert_eq!(body["decisionNotes"], "ok");
}

#[tokio::test]
async fn rejecting_releases_the_reservation_and_final_states_refuse_decisions() {
    let app = spawn_app().await;
    let (_, fi) = app.login_as("finance").await;
    let (_, ad) = app.login_as("admin_dentsu").await;
    let w = world(&app, "cetaphil", "0", 0, "45000.00").await;
    // Pending → rejected: the reason is `notes` when `rejectionReason` is absent.
    let (_, first) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "20000.00"}),
    )
    .await;
    let first = first["id"].as_str().unwrap().to_owned();
    assert_eq!(available(&app, &w.fixture).await, "25000.00");
    let (status, body) = decide(&app, &fi, &first, json!({"status": "rejected"})).await;
    assert_eq!(status, 422);
    assert_eq!(field_code(&body), ("rejectionReason", "required"));
    let (status, body) = decide(
        &app,
        &fi,
        &first,
        json!({"status": "rejected", "rejectionReason": "no"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(field_code(&body), ("rejectionReason", "too_short"));
    let (status, body) = decide(
        &app,
        &fi,
        &first,
        json!({"status": "rejected", "notes": "Cuenta bancaria sin verificar"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "rejected");
    assert_eq!(body["rejectionReason"], "Cuenta bancaria sin verificar");
    assert_eq!(available(&app, &w.fixture).await, "45000.00");
    // Final: any further decision is 409.
    for decision in [
        json!({"status": "approved"}),
        json!({"status": "rejected", "rejectionReason": "otra vez"}),
    ] {
        let (status, body) = decide(&app, &ad, &first, decision).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (409, Some("withdrawal_already_decided"))
        );
    }
    // Approved → rejected before payment releases too; approving twice is 409.
    let (_, second) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "30000.00"}),
    )
    .await;
    let second = second["id"].as_str().unwrap().to_owned();
    assert_eq!(
        decide(&app, &ad, &second, json!({"status": "approved"}))
            .await
            .0,
        200
    );
    let (status, body) = decide(&app, &fi, &second, json!({"status": "approved"})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_already_decided"))
    );
    assert_eq!(available(&app, &w.fixture).await, "15000.00");
    let (status, body) = decide(
        &app,
        &fi,
        &second,
        json!({"status": "rejected", "rejectionReason": "Datos fiscales incompletos"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(available(&app, &w.fixture).await, "45000.00");
    let actions: Vec<&str> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["requested", "approved", "rejected"]);
    assert_eq!(outbox_templates(&app, "withdrawal_rejected").await.len(), 2);
    assert_eq!(app.audit_actions("withdrawal.rejected").await.len(), 2);
    assert_eq!(
        notified(&app, "withdrawal.rejected").await,
        vec![w.user, w.user]
    );
    assert_ledger_identity(&app, &w.fixture).await;
}

#[tokio::test]
async fn an_approved_request_in_an_exported_batch_cannot_be_rejected() {
    let app = spawn_app().await;
    let (fi_id, fi) = app.login_as("finance").await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let (_, created) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "800.00"}),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        decide(&app, &fi, &id, json!({"status": "approved"}))
            .await
            .0,
        200
    );
    let batch = Uuid::new_v4();
    exec(&app, format!(
        "INSERT INTO payout_batches (id, tenant_id, created_by, withdrawal_count, total_gross, total_withheld, total_net)
         VALUES ('{batch}', '{}', '{fi_id}', 1, 800.00, 0, 800.00)",
        app.state.tenant_id
    )).await;
    exec(
        &app,
        format!("UPDATE withdrawal_requests SET batch_id = '{batch}' WHERE id = '{id}'"),
    )
    .await;
    let (status, body) = decide(
        &app,
        &fi,
        &id,
        json!({"status": "rejected", "rejectionReason": "Cuenta errada"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_in_batch")),
        "{body}"
    );
    assert_eq!(available(&app, &w.fixture).await, "200.00");
}

#[tokio::test]
async fn a_negative_brand_balance_blocks_approval() {
    let app = spawn_app().await;
    let (_, fi) = app.login_as("finance").await;
    let w = world(&app, "cetaphil", "0", 0, "10000.00").await;
    let (_, created) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "10000.00"}),
    )
    .await;
    // A clawback after the request leaves the brand balance owing 5 000.00.
    post_entry(
        &app,
        &w.fixture,
        "adjustment_opened",
        "5000.00",
        ["0", "0", "0", "0", "0", "5000.00"],
        None,
    )
    .await;
    let (status, body) = decide(
        &app,
        &fi,
        created["id"].as_str().unwrap(),
        json!({"status": "approved"}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "balance_negative");
    assert_eq!(body["details"], json!([{"available": "-5000.00"}]));
    // Rejecting is still allowed and gives the reservation back.
    let (status, _) = decide(
        &app,
        &fi,
        created["id"].as_str().unwrap(),
        json!({"status": "rejected", "rejectionReason": "Saldo en negativo"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(available(&app, &w.fixture).await, "5000.00");
    assert_ledger_identity(&app, &w.fixture).await;
}

#[tokio::test]
async fn requests_refuse_what_the_rules_refuse() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    // Not approved.
    let email = format!("in.{}@influencer.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["influencer"], &[]).await;
    let suspended = insert_influencer_for(&app, "Sara", "Ruiz", "suspended", Some(user)).await;
    let token = app.login(&email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = request(&app, &token, json!({"brandId": w.slug, "amount": "10.00"})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("influencer_not_approved")),
        "{body}"
    );
    // On behalf of an influencer that is pending too.
    let (_, fi) = app.login_as("finance").await;
    let (status, body) = request(
        &app,
        &fi,
        json!({"brandId": w.slug, "amount": "10.00", "influencerId": suspended}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("influencer_not_approved"))
    );
    // Staff must name the influencer.
    let (status, body) = request(&app, &fi, json!({"brandId": w.slug, "amount": "10.00"})).await;
    assert_eq!(status, 422);
    assert_eq!(field_code(&body), ("influencerId", "required"));
    // Amounts: zero, negative, three decimals, text.
    for amount in [
        json!("0"),
        json!(-5),
        json!("10.005"),
        json!(10.005),
        json!("diez"),
        json!(true),
    ] {
        let (status, body) =
            request(&app, &w.token, json!({"brandId": w.slug, "amount": amount})).await;
        assert_eq!(status, 422, "{amount}: {body}");
        assert_eq!(field_code(&body), ("amount", "invalid_amount"), "{amount}");
    }
    // Unknown brand, by slug or id: the envelope, 404.
    for brand in [json!("no-such-brand"), json!(Uuid::new_v4())] {
        let (status, body) =
            request(&app, &w.token, json!({"brandId": brand, "amount": "10.00"})).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (404, Some("not_found")),
            "{body}"
        );
    }
    // Malformed JSON is 400 with the envelope, never a 500.
    let response = app
        .request(reqwest::Method::POST, WITHDRAWALS)
        .bearer_auth(&w.token)
        .header("content-type", "application/json")
        .body("{\"brandId\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_json");
    // Notes over 500.
    let (status, body) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "10.00", "notes": "x".repeat(501)}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(field_code(&body), ("notes", "too_long"));
    // Nothing was written by any of them.
    assert_eq!(available(&app, &w.fixture).await, "1000.00");
}

#[tokio::test]
async fn staff_on_behalf_is_refused_for_an_influencer_with_pending_consents() {
    let app = spawn_app().await;
    let (_, fi) = app.login_as("finance").await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    crate::onboarding::publish(&app, &admin, "terms", "9.0").await;
    let (status, body) = request(
        &app,
        &fi,
        json!({"brandId": w.slug, "amount": "10.00", "influencerId": w.fixture.influencer}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("consent_required")),
        "{body}"
    );
    let (status, body) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "10.00"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("consent_required")),
        "{body}"
    );
    assert_eq!(available(&app, &w.fixture).await, "1000.00");
}

#[tokio::test]
async fn roles_and_scopes_hold() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let other = world(&app, "eucerin", "0", 0, "1000.00").await;
    let (_, mine) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "100.00"}),
    )
    .await;
    let (_, theirs) = request(
        &app,
        &other.token,
        json!({"brandId": other.slug, "amount": "200.00"}),
    )
    .await;
    let mine_id = mine["id"].as_str().unwrap().to_owned();
    let theirs_id = theirs["id"].as_str().unwrap().to_owned();

    // Influencer: own only; another's is 404; the influencerId filter is replaced by its own.
    let page: Value = app
        .get(
            &format!("{WITHDRAWALS}?influencerId={}", other.fixture.influencer),
            &w.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], mine_id);
    assert_eq!(
        app.get(&format!("{WITHDRAWALS}/{theirs_id}"), &w.token)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("{WITHDRAWALS}/{mine_id}"), &w.token)
            .await
            .status(),
        200
    );
    // An influencer never requests for someone else: influencerId is ignored.
    let (status, body) = request(
        &app,
        &w.token,
        json!({"brandId": other.slug, "amount": "10.00", "influencerId": other.fixture.influencer}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["details"], json!([{"available": "0.00"}]));

    // admin_marca: its brands only.
    let (_, am) = marca_login(&app, &[w.fixture.brand]).await;
    let page: Value = app.get(WITHDRAWALS, &am).await.json().await.unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], mine_id);
    assert_eq!(page["items"][0]["documents"], json!([]));
    assert_eq!(
        app.get(&format!("{WITHDRAWALS}/{theirs_id}"), &am)
            .await
            .status(),
        404
    );
    // Every tenant-wide reader sees both.
    for role in ["admin_dentsu", "gestor_afiliados", "finance"] {
        let (_, token) = app.login_as(role).await;
        let page: Value = app.get(WITHDRAWALS, &token).await.json().await.unwrap();
        assert_eq!(page["total"], 2, "{role}");
    }
    // Requests: GA, AM and AU are 403, whatever the body.
    for role in ["gestor_afiliados", "auditor"] {
        let (_, token) = app.login_as(role).await;
        let (status, body) = request(
            &app,
            &token,
            json!({"brandId": w.slug, "amount": "10.00", "influencerId": w.fixture.influencer}),
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (403, Some("forbidden")),
            "{role}"
        );
        let (status, _) = request(&app, &token, json!({"garbage": true})).await;
        assert_eq!(status, 403, "{role}");
    }
    let (status, _) = request(
        &app,
        &am,
        json!({"brandId": w.slug, "amount": "10.00", "influencerId": w.fixture.influencer}),
    )
    .await;
    assert_eq!(status, 403);
    // Decisions: only FI and AD; the gestor is 403 (§2.4), and so are AM, AU and IN.
    for role in ["gestor_afiliados", "auditor"] {
        let (_, token) = app.login_as(role).await;
        let (status, body) = decide(&app, &token, &mine_id, json!({"status": "approved"})).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (403, Some("forbidden")),
            "{role}"
        );
    }
    assert_eq!(
        decide(&app, &am, &mine_id, json!({"status": "approved"}))
            .await
            .0,
        403
    );
    assert_eq!(
        decide(&app, &w.token, &mine_id, json!({"status": "approved"}))
            .await
            .0,
        403
    );
    // Unknown id → 404 for a decider.
    let (_, fi) = app.login_as("finance").await;
    let (status, _) = decide(
        &app,
        &fi,
        &Uuid::new_v4().to_string(),
        json!({"status": "approved"}),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_list_filters_and_sorts() {
    let app = spawn_app().await;
    let (_, fi) = app.login_as("finance").await;
    let w = world(&app, "cetaphil", "0", 0, "10000.00").await;
    let mut ids = Vec::new();
    for amount in ["300.00", "100.00", "200.00"] {
        let (_, created) =
            request(&app, &w.token, json!({"brandId": w.slug, "amount": amount})).await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        decide(&app, &fi, &ids[1], json!({"status": "approved"}))
            .await
            .0,
        200
    );
    let list = |query: &'static str| {
        let app = &app;
        let fi = fi.clone();
        async move {
            let response = app.get(&format!("{WITHDRAWALS}{query}"), &fi).await;
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let (_, page) = list("?sort=amount").await;
    let amounts: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["amount"].to_string())
        .collect();
    assert_eq!(amounts, ["100.00", "200.00", "300.00"]);
    let (_, page) = list("?status=approved").await;
    assert_eq!(
        (page["total"].as_i64(), page["items"][0]["id"].as_str()),
        (Some(1), Some(ids[1].as_str()))
    );
    let (_, page) = list("?payable=true").await;
    assert_eq!(page["total"], 1);
    let (_, page) = list("?payable=false&status=pending,approved").await;
    assert_eq!(page["total"], 2);
    let (_, page) = list("?pageSize=2").await;
    assert_eq!(
        (
            page["total"].as_i64(),
            page["items"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    for bad in [
        "?status=done",
        "?sort=-foo",
        "?pageSize=101",
        "?from=yesterday",
    ] {
        let (status, body) = list(bad).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
    let (_, page) = list("?from=2000-01-01&to=2000-01-02").await;
    assert_eq!(page["total"], 0);
}

/// A balance without a row answers available 0.00, and an unknown influencer is 404.
#[tokio::test]
async fn no_balance_row_means_nothing_available() {
    let app = spawn_app().await;
    let (_, ad) = app.login_as("admin_dentsu").await;
    let w = world(&app, "cetaphil", "0", 0, "0").await;
    let (status, body) = request(
        &app,
        &ad,
        json!({"brandId": w.slug, "amount": "1.00", "influencerId": w.fixture.influencer}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["details"], json!([{"available": "0.00"}]));
    let (status, _) = request(
        &app,
        &ad,
        json!({"brandId": w.slug, "amount": "1.00", "influencerId": Uuid::new_v4()}),
    )
    .await;
    assert_eq!(status, 404);
    // An influencer without a login has nobody to consent: staff may request for it.
    let offline = insert_influencer(&app, "Nadie", "Más", "approved").await;
    let (status, body) = request(
        &app,
        &ad,
        json!({"brandId": w.slug, "amount": "1.00", "influencerId": offline}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_exceeds_available"))
    );
}
