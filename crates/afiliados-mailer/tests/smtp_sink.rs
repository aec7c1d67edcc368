//! Sends through the real SMTP sink (MailDev, `scripts/smtp-sink.sh`) and reads the message back
//! from its HTTP inbox.

use std::{
    net::TcpStream,
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

use afiliados_mailer::{MailConfig, Mailer, message_id, render};
use serde_json::{Value, json};
use uuid::Uuid;

type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

fn port(var: &str, default: u16) -> u16 {
    std::env::var(var)
        .ok()
        .and_then(|raw| raw.parse().ok())
        .unwrap_or(default)
}

/// Makes sure the sink runs: starts it when its port is closed. Returns `false` (skip) only
/// outside CI; under `CI=true` a missing sink fails the test.
fn ensure_sink(smtp_port: u16) -> bool {
    if TcpStream::connect(("127.0.0.1", smtp_port)).is_ok() {
        return true;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/smtp-sink.sh");
    let started = Command::new("bash")
        .arg(&script)
        .arg("start")
        .status()
        .is_ok_and(|status| status.success());
    if started {
        return true;
    }
    let message = format!(
        "the SMTP sink is not running on {smtp_port} and `{} start` failed",
        script.display()
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
    eprintln!("\n!!!!!!!!!! SKIPPED: {message} (this would fail under CI=true) !!!!!!!!!!\n");
    false
}

/// Polls the inbox until a message to `to` arrives.
async fn fetch_from_inbox(
    web_port: u16,
    to: &str,
) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let inbox: Vec<Value> = http
            .get(format!("http://127.0.0.1:{web_port}/email"))
            .send()
            .await?
            .json()
            .await?;
        let found = inbox.into_iter().find(|mail| {
            mail["to"]
                .as_array()
                .is_some_and(|list| list.iter().any(|rcpt| rcpt["address"] == to))
        });
        match found {
            Some(mail) => return Ok(mail),
            None if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await
            }
            None => return Err(format!("no message to {to} reached the inbox").into()),
        }
    }
}

#[tokio::test]
async fn a_rendered_message_reaches_the_sink_intact() -> TestResult {
    let (smtp_port, web_port) = (port("SMTP_PORT", 1025), port("SMTP_WEB_PORT", 8025));
    if !ensure_sink(smtp_port) {
        return Ok(());
    }
    let mailer = Mailer::new(&MailConfig::local_sink(smtp_port))?;
    assert!(mailer.check().await?, "the sink answers NOOP");

    let outbox_id = Uuid::now_v7();
    let to = format!("it-{outbox_id}@example.test");
    let link = format!("https://afiliados.example.test/reset?token={outbox_id}");
    let payload = json!({ "firstName": "Ana María", "link": link, "expiresInMinutes": 45 });
    let rendered = render("password_reset", "es", &payload)?;
    mailer.send(&to, &rendered, &message_id(outbox_id)).await?;

    let mail = fetch_from_inbox(web_port, &to).await?;
    assert_eq!(mail["subject"], rendered.subject);
    assert_eq!(mail["from"][0]["address"], "no-reply@medipiel.co");
    assert_eq!(mail["from"][0]["name"], "Marketing Afiliados");
    assert_eq!(
        mail["headers"]["message-id"],
        format!("<{outbox_id}@marketing-afiliados>")
    );
    let text = mail["text"].as_str().unwrap_or_default();
    let html = mail["html"].as_str().unwrap_or_default();
    assert!(
        text.contains("Hola Ana María") && text.contains(&link) && text.contains("45 minutos"),
        "{text}"
    );
    assert!(
        html.contains("Ana María") && html.contains("<a href="),
        "{html}"
    );
    let content_type = mail["headers"]["content-type"].as_str().unwrap_or_default();
    assert!(
        content_type.starts_with("multipart/alternative"),
        "{content_type}"
    );
    Ok(())
}
