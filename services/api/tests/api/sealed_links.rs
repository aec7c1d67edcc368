//! Live reset and invitation links never rest in the database (ADR 0024): the outbox holds them
//! sealed with the data key ring, only the worker's lease opens them, and a sent or cancelled
//! row is scrubbed. The e-mail still carries a working link.

use afiliados_api_client::{InternalApi, Transport};
use afiliados_api_types::internal::EmailDeliveryReport;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Dump {
    #[diesel(sql_type = Text)]
    text: String,
}

/// Every row of every table as text, as `pg_dump` would write it (read as the owner).
async fn dump(app: &TestApp) -> String {
    let mut conn = app.owner_conn().await;
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert!(tables.iter().any(|t| t.name == "email_outbox"));
    let mut text = String::new();
    for table in tables {
        let rows: Dump = diesel::sql_query(format!(
            "SELECT coalesce(string_agg(t::text, E'\\n'), '') AS text FROM \"{}\" t",
            table.name
        ))
        .get_result(&mut conn)
        .await
        .unwrap();
        text.push_str(&rows.text);
        text.push('\n');
    }
    text
}

fn worker(app: &TestApp) -> InternalApi {
    let transport = Transport::new(&app.address, std::time::Duration::from_secs(5)).unwrap();
    InternalApi::new(
        transport,
        afiliados_config::SecretString::from(INTERNAL_TOKEN.to_owned()),
    )
}

/// The id of the only e-mail of `template`.
async fn email_id(app: &TestApp, admin: &str, template: &str) -> Uuid {
    let page: Value = app
        .get(
            &format!("/api/v1/notifications/emails?template={template}"),
            admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{page}");
    page["items"][0]["id"].as_str().unwrap().parse().unwrap()
}

fn token_of(payload: &Value) -> String {
    payload["link"]
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_owned()
}

async fn stored_payload(app: &TestApp, id: Uuid) -> Value {
    let mut conn = app.conn().await;
    afiliados_db::email_outbox::find(&mut conn, id)
        .await
        .unwrap()
        .unwrap()
        .payload
}

#[tokio::test]
async fn no_row_holds_a_live_reset_or_invitation_token_and_both_links_still_work() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let invited = app
        .post(
            "/api/v1/users",
            &admin,
            json!({ "email": "sellada@medipiel.co", "firstName": "Sellada", "lastName": "Nueva", "roles": ["finance"] }),
        )
        .await;
    assert_eq!(invited.status(), 201);
    app.create_user("olvido@medipiel.co", &["auditor"], &[])
        .await;
    let forgot = app
        .request(reqwest::Method::POST, "/api/v1/auth/password/forgot")
        .json(&json!({ "email": "olvido@medipiel.co" }))
        .send()
        .await
        .unwrap();
    assert_eq!(forgot.status(), 202);

    // The worker gets each link with its lease, as it does before sending.
    let worker = worker(&app);
    let invitation_id = email_id(&app, &admin, "user_invitation").await;
    let reset_id = email_id(&app, &admin, "password_reset").await;
    let invitation = worker.claim_email(invitation_id, 120).await.unwrap();
    let reset = worker.claim_email(reset_id, 120).await.unwrap();
    let invitation_token = token_of(&invitation.payload);
    let reset_token = token_of(&reset.payload);
    assert!(invitation_token.len() >= 20 && reset_token.len() >= 20);

    // Nowhere in the database, in any column of any table.
    let text = dump(&app).await;
    for token in [&invitation_token, &reset_token] {
        assert!(
            !text.contains(token.as_str()),
            "a live token is stored in clear"
        );
    }
    assert!(
        !text.contains("restablecer-clave"),
        "no link is stored in clear"
    );

    // Delivered: the row keeps nothing, not even the sealed form.
    let delivered = EmailDeliveryReport {
        delivered: true,
        message_id: Some(format!("<{reset_id}@marketing-afiliados>")),
        error: None,
        permanent: false,
        retry_at: None,
    };
    worker
        .report_email_delivery(reset_id, &delivered)
        .await
        .unwrap();
    assert_eq!(
        stored_payload(&app, reset_id).await,
        json!({ "scrubbed": true })
    );
    // Cancelled (as an ARCO deletion does): likewise, whatever statement cancels it.
    assert!(
        stored_payload(&app, invitation_id).await["sealed"].is_string(),
        "sealed until then"
    );
    diesel::sql_query("UPDATE email_outbox SET status = 'cancelled' WHERE id = $1")
        .bind::<diesel::sql_types::Uuid, _>(invitation_id)
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(
        stored_payload(&app, invitation_id).await,
        json!({ "scrubbed": true })
    );

    // Both links work.
    for (token, email, password) in [
        (&invitation_token, "sellada@medipiel.co", "Bienvenida!2025"),
        (&reset_token, "olvido@medipiel.co", "Recuperada!2025"),
    ] {
        let response = app
            .request(reqwest::Method::POST, "/api/v1/auth/password/reset")
            .json(&json!({ "token": token, "newPassword": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204, "{email}");
        assert_eq!(app.login_raw(email, password, None).await.status(), 200);
    }
}

#[tokio::test]
async fn a_failed_sealed_email_keeps_its_link_for_an_administrators_retry() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    app.create_user("reintento@medipiel.co", &["auditor"], &[])
        .await;
    let forgot = app
        .request(reqwest::Method::POST, "/api/v1/auth/password/forgot")
        .json(&json!({ "email": "reintento@medipiel.co" }))
        .send()
        .await
        .unwrap();
    assert_eq!(forgot.status(), 202);
    let worker = worker(&app);
    let id = email_id(&app, &admin, "password_reset").await;
    let first = worker.claim_email(id, 120).await.unwrap();
    let failure = EmailDeliveryReport {
        delivered: false,
        message_id: None,
        error: Some("mailbox unavailable".into()),
        permanent: true,
        retry_at: None,
    };
    worker.report_email_delivery(id, &failure).await.unwrap();
    assert!(stored_payload(&app, id).await["sealed"].is_string());
    let retried = app
        .post(
            &format!("/api/v1/notifications/emails/{id}/retry"),
            &admin,
            json!({}),
        )
        .await;
    assert!(retried.status().is_success(), "{}", retried.status());
    let again = worker.claim_email(id, 120).await.unwrap();
    assert_eq!(again.payload, first.payload);
}
