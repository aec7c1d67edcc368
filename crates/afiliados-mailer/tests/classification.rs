//! Which failures are permanent: SMTP ones against a scripted SMTP peer that answers `RCPT TO`
//! with a chosen reply (MailDev accepts everything, so it cannot produce a rejection), and
//! payloads the worker can never render.

use std::time::Duration;

use afiliados_mailer::{MailConfig, MailError, Mailer, RenderedEmail, TEMPLATES, render};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Serves SMTP sessions on a free port until dropped, replying `rcpt_reply` to `RCPT TO`.
async fn scripted_server(rcpt_reply: &'static str) -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 scripted ESMTP\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let reply = match verb.as_str() {
                        "EHLO" | "HELO" => "250 scripted\r\n",
                        "RCPT" => rcpt_reply,
                        "QUIT" => "221 bye\r\n",
                        _ => "250 ok\r\n",
                    };
                    if write.write_all(reply.as_bytes()).await.is_err() || verb == "QUIT" {
                        break;
                    }
                }
            });
        }
    });
    Ok(port)
}

fn message() -> RenderedEmail {
    RenderedEmail {
        subject: "s".into(),
        text: "t".into(),
        html: "<p>h</p>".into(),
    }
}

async fn send_to(port: u16) -> Result<(), MailError> {
    let mailer = Mailer::new(&MailConfig::local_sink(port))?;
    mailer
        .send(
            "someone@example.test",
            &message(),
            "<x@marketing-afiliados>",
        )
        .await
}

#[tokio::test]
async fn a_5xx_rejection_is_permanent() -> TestResult {
    let port = scripted_server("550 5.1.1 no such user\r\n").await?;
    let error = send_to(port).await.err().ok_or("expected a rejection")?;
    assert!(matches!(error, MailError::Smtp(_)), "{error}");
    assert!(error.is_permanent(), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_4xx_deferral_is_transient() -> TestResult {
    let port = scripted_server("451 4.3.0 try again later\r\n").await?;
    let error = send_to(port).await.err().ok_or("expected a deferral")?;
    assert!(!error.is_permanent(), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_closed_port_is_transient() -> TestResult {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let error = tokio::time::timeout(Duration::from_secs(40), send_to(port))
        .await?
        .err()
        .ok_or("expected failure")?;
    assert!(!error.is_permanent(), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_bad_recipient_is_permanent() -> TestResult {
    let mailer = Mailer::new(&MailConfig::local_sink(9))?;
    let error = mailer
        .send("not an address", &message(), "<x@marketing-afiliados>")
        .await
        .err()
        .ok_or("expected failure")?;
    assert!(
        matches!(error, MailError::InvalidAddress { field: "to", .. }) && error.is_permanent(),
        "{error}"
    );
    Ok(())
}

#[test]
fn an_incomplete_payload_is_permanent_for_every_template() {
    for template in TEMPLATES {
        for payload in [
            serde_json::json!({}),
            serde_json::json!({ "firstName": "Ana" }),
        ] {
            // `two_factor_enabled` needs nothing but the name.
            if *template == "two_factor_enabled" && payload.get("firstName").is_some() {
                continue;
            }
            let error = render(template, "es", &payload)
                .err()
                .unwrap_or_else(|| panic!("{template} rendered with {payload}"));
            assert!(
                matches!(&error, MailError::InvalidPayload { template: t, .. } if t == template),
                "{template}: {error}"
            );
            assert!(error.is_permanent(), "{template}: {error}");
        }
    }
}
