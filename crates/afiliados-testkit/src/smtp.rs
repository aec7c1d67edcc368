//! The SMTP sink (MailDev, `scripts/smtp-sink.sh`): SMTP on 127.0.0.1:1025 for the worker, an HTTP
//! inbox on :8025 for the tests. It keeps every message, so a test reads only the messages to its
//! own unique recipient.

use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::wait::{TimedOut, eventually};

/// The sink's SMTP port.
pub const SMTP_PORT: u16 = 1025;
/// The sink's inbox (`GET /email` lists every message as JSON).
pub const INBOX: &str = "http://127.0.0.1:8025";

/// Starts the sink when its SMTP port is closed (`scripts/smtp-sink.sh start`, idempotent).
pub fn ensure_sink() -> std::io::Result<()> {
    if TcpStream::connect(("127.0.0.1", SMTP_PORT)).is_ok() {
        return Ok(());
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/smtp-sink.sh");
    let status = Command::new("bash").arg(&script).arg("start").status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "{} start failed",
            script.display()
        )))
    }
}

/// Messages in the inbox addressed to `recipient` (none when the inbox does not answer).
pub async fn inbox_for(recipient: &str) -> Vec<Value> {
    let Ok(response) = reqwest::get(format!("{INBOX}/email")).await else {
        return Vec::new();
    };
    let all: Vec<Value> = response.json().await.unwrap_or_default();
    all.into_iter()
        .filter(|message| {
            message["to"].as_array().is_some_and(|to| {
                to.iter()
                    .any(|address| address["address"].as_str() == Some(recipient))
            })
        })
        .collect()
}

/// Waits up to `within` for a message to `recipient` whose subject contains `subject` (any
/// subject when empty).
pub async fn wait_for_mail(
    recipient: &str,
    subject: &str,
    within: Duration,
) -> Result<Value, TimedOut> {
    eventually(within, || async {
        inbox_for(recipient).await.into_iter().find(|message| {
            message["subject"]
                .as_str()
                .is_some_and(|text| text.contains(subject))
        })
    })
    .await
}
