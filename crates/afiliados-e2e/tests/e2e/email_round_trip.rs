//! An e-mail triggered through the api travels api → outbox → Redis → worker → SMTP and is
//! reported back; with Redis stopped during the api call it is still delivered once Redis returns.
//! The invitation's link works, and no row of the database holds its token (ADR 0024).

use std::time::Duration;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::stack::*;

async fn outbox(api: &ApiUnderTest, token: &str, query: &str) -> Value {
    reqwest::Client::new()
        .get(format!(
            "{}/api/v1/notifications/emails?{query}",
            api.address
        ))
        .bearer_auth(token)
        .send()
        .await
        .expect("outbox")
        .json()
        .await
        .expect("json")
}

/// `(attempts, last_error)` of every job the relay has not pushed yet.
async fn pending_jobs(api: &ApiUnderTest) -> Vec<(i32, Option<String>)> {
    use afiliados_db::schema::job_outbox;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = api.state.db.get().await.expect("connection");
    job_outbox::table
        .filter(job_outbox::dispatched_at.is_null())
        .select((job_outbox::attempts, job_outbox::last_error))
        .load(&mut conn)
        .await
        .expect("job_outbox")
}

/// Every row of every table as text, as a dump would hold it (through the api's own role, which
/// reads every table).
async fn database_text(api: &ApiUnderTest) -> String {
    use diesel::prelude::*;
    use diesel::sql_types::Text;
    use diesel_async::RunQueryDsl;
    #[derive(QueryableByName)]
    struct One {
        #[diesel(sql_type = Text)]
        text: String,
    }
    let mut conn = api.state.db.get().await.expect("connection");
    let tables: Vec<One> = diesel::sql_query(
        "SELECT table_name::text AS text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .load(&mut conn)
    .await
    .expect("tables");
    let mut all = String::new();
    for table in tables {
        let rows: One = diesel::sql_query(format!(
            "SELECT coalesce(string_agg(t::text, E'\\n'), '') AS text FROM \"{}\" t",
            table.text
        ))
        .get_result(&mut conn)
        .await
        .expect("rows");
        all.push_str(&rows.text);
    }
    all
}

async fn wait_delivered(api: &ApiUnderTest, token: &str, recipient: &str) -> Value {
    afiliados_testkit::eventually(Duration::from_secs(20), || async {
        let page = outbox(api, token, &format!("recipient={recipient}")).await;
        (page["items"][0]["delivered"] == true).then(|| page["items"][0].clone())
    })
    .await
    .unwrap_or_else(|_| panic!("the worker never reported {recipient}'s e-mail as delivered"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_reaches_the_smtp_server_through_the_worker() {
    require_smtp_sink().await;
    let namespace = namespace();
    let redis = &redis_url();
    let api = spawn_api(redis, &namespace).await;
    let _worker = spawn_worker(&api.address, redis, &namespace).await;
    api.create_user("admin.e2e@medipiel.co", &["admin_dentsu"])
        .await;
    let token = api.token("admin.e2e@medipiel.co").await;
    let recipient = format!("invitada.{}@medipiel.co", Uuid::new_v4().simple());
    let created = reqwest::Client::new()
        .post(format!("{}/api/v1/users", api.address))
        .bearer_auth(&token)
        .json(&json!({ "email": recipient, "firstName": "Invitada", "lastName": "Nueva", "roles": ["finance"] }))
        .send()
        .await
        .expect("create user");
    assert_eq!(created.status(), 201);

    let message = wait_for_mail(&recipient, 30).await;
    assert!(
        message["subject"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
            .contains("invit"),
        "{message}"
    );
    let text = message["text"].as_str().unwrap_or_default();
    assert!(text.contains("Invitada"));
    assert!(
        text.contains("/restablecer-clave?token="),
        "the link is in the body"
    );
    let reported = wait_delivered(&api, &token, &recipient).await;
    assert_eq!(reported["status"], "sent");
    assert_eq!(reported["attempts"], 1);
    // The token travelled in the e-mail only: no row holds it, and the link works.
    let invitation_token: String = text
        .split("token=")
        .nth(1)
        .expect("a token in the link")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert!(invitation_token.len() >= 20, "{text}");
    assert!(
        !database_text(&api).await.contains(&invitation_token),
        "the invitation token is stored in clear"
    );
    let set = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/password/reset", api.address))
        .json(&json!({ "token": invitation_token, "newPassword": "Bienvenida!2025" }))
        .send()
        .await
        .expect("reset");
    assert_eq!(set.status(), 204, "the link in the e-mail works");
    let message_id = reported["messageId"].as_str().expect("message id");
    assert!(
        message_id.contains(reported["id"].as_str().expect("id")),
        "Message-ID carries the outbox id"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_committed_while_redis_is_down_is_delivered_after_it_returns() {
    require_smtp_sink().await;
    let namespace = namespace();
    let mut redis = PrivateRedis::start().expect("a private redis-server");
    let api = spawn_api(&redis.url(), &namespace).await;
    api.create_user("admin.down@medipiel.co", &["admin_dentsu"])
        .await;
    let token = api.token("admin.down@medipiel.co").await;

    redis.stop();
    let recipient = format!("sin.redis.{}@medipiel.co", Uuid::new_v4().simple());
    api.create_user(&recipient, &["auditor"]).await;
    let forgot = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/password/forgot", api.address))
        .json(&json!({ "email": recipient }))
        .send()
        .await
        .expect("forgot");
    assert_eq!(forgot.status(), 202, "the api answers while Redis is down");
    // The deterministic signal that the relay met the outage: it recorded a failed push on the
    // row, and the row is still pending in PostgreSQL.
    afiliados_testkit::eventually(Duration::from_secs(30), || async {
        pending_jobs(&api)
            .await
            .into_iter()
            .find(|(attempts, error)| *attempts >= 1 && error.is_some())
    })
    .await
    .expect("the relay tries to push while Redis is down and records the failure");
    let waiting = outbox(&api, &token, &format!("recipient={recipient}")).await;
    assert_eq!(waiting["items"][0]["delivered"], false);
    assert!(inbox_for(&recipient).await.is_empty());

    redis.restart().expect("redis-server restarts");
    let _worker = spawn_worker(&api.address, &redis.url(), &namespace).await;
    let message = wait_for_mail(&recipient, 40).await;
    assert!(
        message["text"]
            .as_str()
            .unwrap_or_default()
            .contains("/restablecer-clave?token=")
    );
    wait_delivered(&api, &token, &recipient).await;
}
