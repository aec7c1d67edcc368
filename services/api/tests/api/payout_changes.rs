//! Who may redirect an influencer's payouts, and who hears of it (ADR 0018, issue 9 finding 7):
//! staff bank changes wait for a second user, the influencer's own needs its password, an e-mail
//! change is told to the previous address and ends reset links and sessions, and both in one
//! request are refused. Also the admin 2FA reset that ends sessions.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::{error_of, influencer_login};
use crate::helpers::*;
use crate::onboarding::emails;

fn account(number: &str) -> Value {
    json!({
        "accountHolder": "Isa Prueba", "bankName": "Nequi",
        "accountType": "ahorros", "accountNumber": number
    })
}

/// Refreshes: the status, and the new refresh token when it worked.
async fn refresh(app: &TestApp, token: &str) -> (u16, Option<String>) {
    let response = app
        .request(reqwest::Method::POST, "/api/v1/auth/refresh")
        .json(&json!({ "refreshToken": token }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    (status, body["refreshToken"].as_str().map(str::to_owned))
}

/// The session behind `token` is alive: a refresh works; returns the rotated token.
async fn alive(app: &TestApp, token: &str) -> String {
    let (status, rotated) = refresh(app, token).await;
    assert_eq!(status, 200, "the session works before");
    rotated.unwrap()
}

async fn stored_last4(app: &TestApp, id: Uuid) -> Option<String> {
    let conn = app.conn().await;
    afiliados_db::influencers::find(&conn, app.state.tenant_id, id)
        .await
        .unwrap()
        .unwrap()
        .bank_account_last4
}

#[tokio::test]
async fn a_staff_bank_change_applies_only_when_a_second_user_confirms_it() {
    let app = spawn_app().await;
    let (id, _) = influencer_login(&app, "Isa").await;
    let (gestor_id, gestor) = app.login_as("gestor_afiliados").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (finance_id, finance) = app.login_as("finance").await;
    let path = format!("/api/v1/influencers/{id}");

    let (status, body) = error_of(
        app.patch(
            &path,
            &gestor,
            json!({ "bankAccount": account("11122233344") }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["bankAccount"],
        Value::Null,
        "not applied by one person"
    );
    let pending = &body["pendingBankAccountChange"];
    assert_eq!(pending["requestedBy"], json!(gestor_id));
    assert_eq!(pending["bankAccount"]["last4"], "3344");
    assert_eq!(stored_last4(&app, id).await, None);
    assert!(
        emails(&app, "bank_account_changed").await.is_empty(),
        "nothing to tell yet"
    );
    assert!(
        crate::onboarding::notice_types(&app, finance_id)
            .await
            .contains(&"influencer.bank_account_change_pending".to_owned()),
        "the confirmers hear of it"
    );
    for text in crate::onboarding::table_text(&app, "bank_account_changes").await {
        assert!(!text.contains("11122233344"), "sealed: {text}");
    }

    // A gestor cannot confirm (not a confirming role); nor can the requester, whatever its role.
    let confirm = format!("{path}/bank-account-change/confirm");
    let (status, _) = error_of(app.post(&confirm, &gestor, json!({})).await).await;
    assert_eq!(status, 403);
    let (status, body) = error_of(
        app.patch(
            &path,
            &admin,
            json!({ "bankAccount": account("55566677788") }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["pendingBankAccountChange"]["bankAccount"]["last4"], "7788",
        "a newer request supersedes the older one"
    );
    let (status, body) = error_of(app.post(&confirm, &admin, json!({})).await).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"], "second_approver_required");
    assert_eq!(stored_last4(&app, id).await, None);

    // Finance, a second person, confirms: applied, audited, told to the influencer.
    let (status, body) = error_of(app.post(&confirm, &finance, json!({})).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["bankAccount"]["last4"], "7788");
    assert_eq!(body["pendingBankAccountChange"], Value::Null);
    assert_eq!(stored_last4(&app, id).await.as_deref(), Some("7788"));
    assert_eq!(emails(&app, "bank_account_changed").await.len(), 1);
    assert_eq!(
        app.audit_actions("influencer.bank_account_change_confirmed")
            .await
            .len(),
        1
    );
    let (status, _) = error_of(app.post(&confirm, &finance, json!({})).await).await;
    assert_eq!(status, 404, "nothing left to confirm");

    // A rejected change never applies.
    app.patch(&path, &gestor, json!({ "bankAccount": null }))
        .await;
    let (status, body) = error_of(
        app.post(
            &format!("{path}/bank-account-change/reject"),
            &gestor,
            json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["pendingBankAccountChange"], Value::Null);
    assert_eq!(stored_last4(&app, id).await.as_deref(), Some("7788"));
}

#[tokio::test]
async fn an_influencers_own_bank_change_needs_its_password() {
    let app = spawn_app().await;
    let (id, own) = influencer_login(&app, "Isa").await;
    let path = format!("/api/v1/influencers/{id}");

    let (status, body) = error_of(
        app.patch(
            &path,
            &own,
            json!({ "bankAccount": account("11122233344") }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["details"][0]["field"], "currentPassword");
    let (status, body) = error_of(
        app.patch(
            &path,
            &own,
            json!({ "bankAccount": account("11122233344"), "currentPassword": "Otra-Clave-2026" }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"], "invalid_credentials");
    assert_eq!(stored_last4(&app, id).await, None);

    let (status, body) = error_of(
        app.patch(
            &path,
            &own,
            json!({ "bankAccount": account("11122233344"), "currentPassword": PASSWORD }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(stored_last4(&app, id).await.as_deref(), Some("3344"));
}

#[tokio::test]
async fn an_email_and_a_bank_account_in_one_request_are_refused() {
    let app = spawn_app().await;
    let (id, _) = influencer_login(&app, "Isa").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let path = format!("/api/v1/influencers/{id}");
    let (status, body) = error_of(
        app.patch(
            &path,
            &gestor,
            json!({ "email": "otra.persona@example.com", "bankAccount": account("11122233344") }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["details"][0]["field"], "bankAccount");
    assert_eq!(body["details"][0]["code"], "not_with_email_change");
    let (_, view) = error_of(app.get(&path, &gestor).await).await;
    assert_ne!(view["email"], "otra.persona@example.com");
    assert_eq!(view["pendingBankAccountChange"], Value::Null);
}

#[tokio::test]
async fn an_email_change_tells_the_previous_address_and_ends_links_and_sessions() {
    use afiliados_db::schema::{influencers, password_tokens};
    let app = spawn_app().await;
    let email = format!("in.{}@influencer.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["influencer"], &[]).await;
    let id = crate::catalogue::insert_influencer_for(&app, "Isa", "Prueba", "approved", Some(user))
        .await;
    let mut conn = app.conn().await;
    // The record's address is the account's, as registration leaves it.
    diesel::update(influencers::table.find(id))
        .set(influencers::email.eq(&email))
        .execute(&mut conn)
        .await
        .unwrap();
    let pair = app.login(&email).await;
    let refresh_token = alive(&app, pair["refreshToken"].as_str().unwrap()).await;
    let forgot = app
        .request(reqwest::Method::POST, "/api/v1/auth/password/forgot")
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap();
    assert!(forgot.status().is_success());
    let open_links = || {
        password_tokens::table
            .filter(password_tokens::user_id.eq(user))
            .filter(password_tokens::used_at.is_null())
            .count()
    };
    assert_eq!(open_links().get_result::<i64>(&mut conn).await.unwrap(), 1);

    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (status, body) = error_of(
        app.patch(
            &format!("/api/v1/influencers/{id}"),
            &gestor,
            json!({ "email": "nueva.direccion@example.com" }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let notices = emails(&app, "email_changed").await;
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].recipient, email, "the previous address");
    assert_eq!(notices[0].payload["newEmailMasked"], "n•••@example.com");
    assert_eq!(
        open_links().get_result::<i64>(&mut conn).await.unwrap(),
        0,
        "the reset link sent to the old address no longer works"
    );
    assert_eq!(refresh(&app, &refresh_token).await.0, 401, "sessions ended");
}

#[tokio::test]
async fn an_admin_two_factor_reset_ends_the_users_sessions() {
    let app = spawn_app().await;
    let email = format!("gestor.{}@medipiel.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["gestor_afiliados"], &[]).await;
    let pair = app.login(&email).await;
    let access = pair["accessToken"].as_str().unwrap().to_owned();
    enable_two_factor(&app, &access).await;
    let refresh_token = alive(&app, pair["refreshToken"].as_str().unwrap()).await;
    let (_, admin) = app.login_as("admin_dentsu").await;

    let response = app
        .post(
            &format!("/api/v1/users/{user}/2fa/disable"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), 204);
    let (_, view) = error_of(app.get(&format!("/api/v1/users/{user}"), &admin).await).await;
    assert_eq!(view["twoFactorEnabled"], false);
    assert!(
        view["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| !s["revokedAt"].is_null()),
        "{view}"
    );
    assert_eq!(refresh(&app, &refresh_token).await.0, 401);
}
