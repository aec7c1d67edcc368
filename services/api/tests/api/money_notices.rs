//! The notices of a commission's money events (`domain.md` §5.17, §5.9, §5.10, §5.13.3; ADR
//! 0044): whichever path reverts — a staff revert, a VTEX cancellation or return at ingestion,
//! the settlement sweep — the influencer gets `reversal_alert` (and `negative_balance` when the
//! clawback leaves the balance owing) and the in-app `commission.reverted` / `balance.negative`
//! reach the influencer and the gestores / finance; a hold, staff or self-referral at ingestion,
//! e-mails `alert_commission_on_hold` to the finance alert group and tells finance and the
//! gestores in-app. Amounts are the spec's examples.

use afiliados_api::TEST_FINANCE_ALERTS;
use afiliados_db::email_outbox::{EmailFilter, OutboxEmailRow};
use afiliados_domain::AlertGroup;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::orders_ingest::{
    Fixture, catalogue, confirm, exec, fixture_order, ingest, pay_out, version,
};
use crate::orders_read::isabela_login;

const ISABELA: &str = "isabela@example.com";

/// Outbox rows of `template`, oldest first.
async fn mails(app: &TestApp, template: &str) -> Vec<OutboxEmailRow> {
    let mut conn = app.conn().await;
    let filter = EmailFilter {
        template: Some(template.to_owned()),
        ..EmailFilter::default()
    };
    let (mut rows, _) =
        afiliados_db::email_outbox::list(&mut conn, app.state.tenant_id, &filter, 0, 100)
            .await
            .unwrap();
    rows.reverse();
    rows
}

/// The one outbox row of `template`, to the influencer, with its `SendEmail` job.
async fn the_mail_to_isabela(app: &TestApp, template: &str) -> Value {
    let rows = mails(app, template).await;
    assert_eq!(rows.len(), 1, "{template}: {rows:?}");
    assert_eq!(rows[0].recipient, ISABELA);
    assert_eq!(rows[0].alert_group, None);
    assert_queued_with_job(app, &rows[0]).await;
    rows[0].payload.clone()
}

async fn assert_queued_with_job(app: &TestApp, row: &OutboxEmailRow) {
    let id = row.id.to_string();
    assert!(
        app.outbox_jobs()
            .await
            .iter()
            .any(|(kind, payload)| kind == "SendEmail" && payload["emailId"] == id.as_str()),
        "no SendEmail job for {}",
        row.template
    );
}

/// Users told `kind` in-app.
async fn told(app: &TestApp, kind: &str) -> Vec<Uuid> {
    use afiliados_db::schema::notifications;
    let mut conn = app.conn().await;
    let mut users: Vec<Uuid> = notifications::table
        .filter(notifications::type_.eq(kind))
        .select(notifications::user_id)
        .load(&mut conn)
        .await
        .unwrap();
    users.sort();
    users
}

fn sorted(mut users: Vec<Uuid>) -> Vec<Uuid> {
    users.sort();
    users
}

/// Isabela's user (her influencer row gets one), a gestor and a finance user with its token.
async fn people(app: &TestApp, fixture: &Fixture) -> (Uuid, Uuid, Uuid, String) {
    isabela_login(app, fixture).await;
    let isabela = user_of(app, fixture).await;
    let (gestor, _) = app.login_as("gestor_afiliados").await;
    let (finance, token) = app.login_as("finance").await;
    (isabela, gestor, finance, token)
}

async fn user_of(app: &TestApp, fixture: &Fixture) -> Uuid {
    use afiliados_db::schema::influencers;
    let mut conn = app.conn().await;
    influencers::table
        .filter(influencers::id.eq(fixture.influencer))
        .select(influencers::user_id)
        .first::<Option<Uuid>>(&mut conn)
        .await
        .unwrap()
        .unwrap()
}

async fn revert(app: &TestApp, token: &str, commission: &Value) -> Value {
    let id = commission["id"].as_str().unwrap();
    let response = app
        .post(
            &format!("/api/v1/commissions/{id}/revert"),
            token,
            json!({"reason": "pedido fraudulento"}),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

fn canceled(order: &Value) -> Value {
    version(order, 30, |o| {
        o["status"] = json!("canceled");
        o["vtexStatus"] = json!("canceled");
    })
}

#[tokio::test]
async fn a_staff_revert_of_an_estimated_commission_queues_reversal_alert_only() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let (_, body) = ingest(&app, &fixture_order()).await;
    let (isabela, gestor, finance, token) = people(&app, &fixture).await;
    revert(&app, &token, &body["commission"]).await;

    let payload = the_mail_to_isabela(&app, "reversal_alert").await;
    assert_eq!(payload["firstName"], "Isabela");
    assert_eq!(payload["brandName"], "cetaphil");
    assert_eq!(payload["vtexOrderId"], "1432120512345-01");
    assert_eq!(payload["reason"], "staff_revert");
    assert_eq!(payload["amount"], "20223.00");
    assert_eq!(payload["remaining"], "0.00");
    assert_eq!(payload["fullyReverted"], true);
    assert_eq!(payload["link"], "http://127.0.0.1:3000/commissions");
    // Nothing was confirmed, let alone paid: no debt.
    assert!(mails(&app, "negative_balance").await.is_empty());
    assert!(told(&app, "balance.negative").await.is_empty());
    assert_eq!(
        told(&app, "commission.reverted").await,
        sorted(vec![isabela, gestor])
    );
    assert!(!told(&app, "commission.reverted").await.contains(&finance));
}

#[tokio::test]
async fn a_staff_revert_after_payout_also_queues_negative_balance() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let (_, body) = ingest(&app, &fixture_order()).await;
    confirm(&app, &fixture, &body["commission"]).await;
    // 20 000.00 withdrawn and paid: available 223.00, so 20 000.00 is uncovered (§5.13.3).
    pay_out(&app, &fixture, "20000.00").await;
    let (isabela, gestor, finance, token) = people(&app, &fixture).await;
    revert(&app, &token, &body["commission"]).await;

    let alert = the_mail_to_isabela(&app, "reversal_alert").await;
    assert_eq!(alert["amount"], "20223.00");
    let negative = the_mail_to_isabela(&app, "negative_balance").await;
    assert_eq!(negative["debt"], "20000.00");
    assert_eq!(negative["available"], "-20000.00");
    assert_eq!(negative["vtexOrderId"], "1432120512345-01");
    assert_eq!(
        told(&app, "balance.negative").await,
        sorted(vec![isabela, finance])
    );
    assert_eq!(
        told(&app, "commission.reverted").await,
        sorted(vec![isabela, gestor])
    );
}

#[tokio::test]
async fn a_vtex_cancellation_at_ingestion_queues_reversal_alert() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let order = fixture_order();
    ingest(&app, &order).await;
    let (isabela, gestor, _, _) = people(&app, &fixture).await;
    assert!(mails(&app, "reversal_alert").await.is_empty());
    let (status, after) = ingest(&app, &canceled(&order)).await;
    assert_eq!(status, 200, "{after}");
    // domain.md §5.9 example 3: 20 223.00 canceled while estimated.
    let payload = the_mail_to_isabela(&app, "reversal_alert").await;
    assert_eq!(payload["reason"], "order_canceled");
    assert_eq!(payload["amount"], "20223.00");
    assert_eq!(payload["fullyReverted"], true);
    assert!(mails(&app, "negative_balance").await.is_empty());
    assert_eq!(
        told(&app, "commission.reverted").await,
        sorted(vec![isabela, gestor])
    );
    // The same version again changes nothing, so it tells nobody again.
    ingest(&app, &canceled(&order)).await;
    assert_eq!(mails(&app, "reversal_alert").await.len(), 1);
}

#[tokio::test]
async fn a_cancellation_after_payout_at_ingestion_queues_negative_balance() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let order = fixture_order();
    let (_, body) = ingest(&app, &order).await;
    confirm(&app, &fixture, &body["commission"]).await;
    pay_out(&app, &fixture, "20000.00").await;
    ingest(&app, &canceled(&order)).await;
    // No user is linked to Isabela here: the e-mails still go to her address, in Spanish.
    let alert = mails(&app, "reversal_alert").await;
    assert_eq!(alert.len(), 1);
    assert_eq!(alert[0].recipient, ISABELA);
    assert_eq!(alert[0].locale.as_str(), "es");
    let negative = the_mail_to_isabela(&app, "negative_balance").await;
    assert_eq!(negative["debt"], "20000.00");
    assert_eq!(negative["available"], "-20000.00");
}

#[tokio::test]
async fn a_partial_return_queues_reversal_alert_for_the_returned_share() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "post_tax", true, "12").await;
    let order = fixture_order();
    let (_, body) = ingest(&app, &order).await;
    confirm(&app, &fixture, &body["commission"]).await;
    // domain.md §5.9 example 1: one unit of line 0 returned after confirmation.
    let one = version(&order, 60, |o| o["lines"][0]["returnedQuantity"] = json!(1));
    let (status, after) = ingest(&app, &one).await;
    assert_eq!(status, 200, "{after}");
    let payload = the_mail_to_isabela(&app, "reversal_alert").await;
    assert_eq!(payload["reason"], "partial_return");
    assert_eq!(payload["amount"], "9261.41");
    assert_eq!(payload["remaining"], "20510.23");
    assert_eq!(payload["fullyReverted"], false);
    // Covered by the confirmed balance: no debt.
    assert!(mails(&app, "negative_balance").await.is_empty());
}

#[tokio::test]
async fn the_settlement_sweep_queues_reversal_alert() {
    let clock = afiliados_domain::ManualClock::new("2026-04-02T12:00:00Z".parse().unwrap());
    let app = spawn_app_at(&clock, |_| {}).await;
    catalogue(&app, "pre_tax", false, "10").await;
    ingest(&app, &fixture_order()).await;
    // A cancellation the ingestion never applied (the sweep's reason to exist).
    exec(
        &app,
        "UPDATE orders SET status = 'canceled', canceled_at = '2026-04-01T20:00:00Z'".into(),
    )
    .await;
    let (_, finance) = app.login_as("finance").await;
    let response = app
        .post("/api/v1/commissions/settlements/run", &finance, json!({}))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let payload = the_mail_to_isabela(&app, "reversal_alert").await;
    assert_eq!(payload["reason"], "order_canceled");
    assert_eq!(payload["amount"], "20223.00");
}

#[tokio::test]
async fn a_self_referral_hold_at_ingestion_alerts_the_finance_group() {
    let app = spawn_app().await;
    catalogue(&app, "pre_tax", false, "10").await;
    let (gestor, _) = app.login_as("gestor_afiliados").await;
    let (finance, _) = app.login_as("finance").await;
    let mut order = fixture_order();
    order["customerEmail"] = json!("Isabela@Example.com ");
    let (status, body) = ingest(&app, &order).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["commission"]["onHold"], true);
    let rows = mails(&app, "alert_commission_on_hold").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].recipient, TEST_FINANCE_ALERTS);
    assert_eq!(rows[0].alert_group, Some(AlertGroup::Finance));
    assert_eq!(rows[0].recipient_user_id, None);
    assert_queued_with_job(&app, &rows[0]).await;
    let payload = &rows[0].payload;
    assert_eq!(payload["influencerName"], "Isabela Gómez");
    assert_eq!(payload["brandName"], "cetaphil");
    assert_eq!(payload["vtexOrderId"], "1432120512345-01");
    assert_eq!(payload["amount"], "20223.00");
    assert_eq!(payload["reason"], "self_referral");
    // The customer's address is not in the alert.
    assert!(
        !payload
            .to_string()
            .to_lowercase()
            .contains("isabela@example.com")
    );
    assert_eq!(
        told(&app, "commission.on_hold").await,
        sorted(vec![gestor, finance])
    );
    // Not the influencer: nothing reverted, nothing e-mailed to her.
    assert!(mails(&app, "reversal_alert").await.is_empty());
}

#[tokio::test]
async fn a_staff_hold_alerts_the_finance_group_falling_back_to_the_global_list() {
    let app = spawn_app_with(|settings| {
        settings.alert_recipients.finance.clear();
        settings.alert_recipients.global = vec![
            "alertas@medipiel.test".to_owned(),
            "direccion@medipiel.test".to_owned(),
        ];
    })
    .await;
    catalogue(&app, "pre_tax", false, "10").await;
    let (_, body) = ingest(&app, &fixture_order()).await;
    let id = body["commission"]["id"].as_str().unwrap();
    let (_, finance) = app.login_as("finance").await;
    let response = app
        .post(
            &format!("/api/v1/commissions/{id}/hold"),
            &finance,
            json!({"reason": "fraud_review", "notes": "cliente repetido"}),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let rows = mails(&app, "alert_commission_on_hold").await;
    let mut to: Vec<&str> = rows.iter().map(|row| row.recipient.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["alertas@medipiel.test", "direccion@medipiel.test"]);
    assert!(
        rows.iter()
            .all(|row| row.payload["reason"] == "fraud_review")
    );
    assert!(
        rows.iter()
            .all(|row| row.alert_group == Some(AlertGroup::Finance))
    );
}

#[tokio::test]
async fn without_any_alert_address_a_hold_still_notifies_in_app_and_succeeds() {
    let app = spawn_app_with(|settings| {
        settings.alert_recipients = afiliados_api::alert_settings::AlertRecipients::default();
    })
    .await;
    catalogue(&app, "pre_tax", false, "10").await;
    let (finance, _) = app.login_as("finance").await;
    // A deleted finance user is not told (the fan-out reads the tenant's live, active users).
    let (gone, _) = app.login_as("finance").await;
    {
        use diesel_async::SimpleAsyncConnection;
        let mut conn = app.conn().await;
        conn.batch_execute(&format!(
            "UPDATE users SET deleted_at = now() WHERE id = '{gone}'"
        ))
        .await
        .unwrap();
    }
    let mut order = fixture_order();
    order["customerDocument"] = json!("1.020.304.050");
    let (status, body) = ingest(&app, &order).await;
    assert_eq!(status, 200, "{body}");
    assert!(mails(&app, "alert_commission_on_hold").await.is_empty());
    assert_eq!(told(&app, "commission.on_hold").await, vec![finance]);
}
