//! An e-mail triggered through the api travels api → outbox → Redis → worker → SMTP and is
//! reported back; with Redis stopped during the api call it is still delivered once Redis returns.

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

async fn wait_delivered(api: &ApiUnderTest, token: &str, recipient: &str) -> Value {
    for _ in 0..80 {
        let page = outbox(api, token, &format!("recipient={recipient}")).await;
        if page["items"][0]["delivered"] == true {
            return page["items"][0].clone();
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("the worker never reported {recipient}'s e-mail as delivered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_reaches_the_smtp_server_through_the_worker() {
    require_smtp_sink().await;
    let namespace = format!("e2e-{}:", Uuid::new_v4().simple());
    let redis = "redis://127.0.0.1:6379";
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
    let message_id = reported["messageId"].as_str().expect("message id");
    assert!(
        message_id.contains(reported["id"].as_str().expect("id")),
        "Message-ID carries the outbox id"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_committed_while_redis_is_down_is_delivered_after_it_returns() {
    require_smtp_sink().await;
    let namespace = format!("e2e-{}:", Uuid::new_v4().simple());
    let mut redis = PrivateRedis::start().await;
    let api = spawn_api(&redis.url(), &namespace).await;
    api.create_user("admin.down@medipiel.co", &["admin_dentsu"])
        .await;
    let token = api.token("admin.down@medipiel.co").await;

    redis.stop().await;
    let recipient = format!("sin.redis.{}@medipiel.co", Uuid::new_v4().simple());
    api.create_user(&recipient, &["auditor"]).await;
    let forgot = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/password/forgot", api.address))
        .json(&json!({ "email": recipient }))
        .send()
        .await
        .expect("forgot");
    assert_eq!(forgot.status(), 202, "the api answers while Redis is down");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let waiting = outbox(&api, &token, &format!("recipient={recipient}")).await;
    assert_eq!(waiting["items"][0]["delivered"], false);
    let backlog = {
        let mut conn = api.state.db.get().await.expect("connection");
        afiliados_db::job_outbox::backlog(&mut conn)
            .await
            .expect("backlog")
    };
    assert!(backlog >= 1, "the job waits in PostgreSQL");
    assert!(inbox_for(&recipient).await.is_empty());

    redis.resume().await;
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
