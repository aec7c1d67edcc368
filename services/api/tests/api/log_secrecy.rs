//! Secrets and personal data never reach the logs: every event and span of a registration with a
//! bank account, its reading and its change is captured at TRACE level and searched.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::helpers::*;
use crate::onboarding::{publish_policies, register_ok, registration};

/// A `MakeWriter` that appends everything to one shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut buffer) = self.0.lock() {
            buffer.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn bank_accounts_passwords_and_documents_never_reach_the_logs() {
    // nextest runs every test in its own process, so a global subscriber is this test's alone.
    let captured = Captured::default();
    tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_current_span(true)
        .with_span_list(true)
        .with_writer(captured.clone())
        .init();

    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = publish_policies(&app, &admin).await;
    let mut body = registration(&policies.ids);
    body["bankAccount"] = json!({
        "accountHolder": "Laura Gómez", "bankName": "Bancolombia",
        "accountType": "ahorros", "accountNumber": "98765432109"
    });
    let document = body["documentNumber"].as_str().unwrap().to_owned();
    let created = register_ok(&app, &body).await;
    let id = created["id"].as_str().unwrap();
    let pair = app.login(body["email"].as_str().unwrap()).await;
    let own = pair["accessToken"].as_str().unwrap();
    let read: Value = app
        .get(&format!("/api/v1/influencers/{id}"), own)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["bankAccount"]["last4"], "2109");
    let changed = app
        .patch(
            &format!("/api/v1/influencers/{id}"),
            own,
            json!({ "bankAccount": { "accountHolder": "Laura Gómez", "bankName": "Davivienda",
                                     "accountType": "corriente", "accountNumber": "55554444333" },
                    "currentPassword": PASSWORD }),
        )
        .await;
    assert_eq!(changed.status(), 200);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("/api/v1/public/influencers") && logs.lines().count() > 10,
        "the capture sees the requests (else this test proves nothing): {} lines",
        logs.lines().count()
    );
    for secret in ["98765432109", "55554444333", PASSWORD, document.as_str()] {
        assert!(!logs.contains(secret), "{secret:?} appears in the logs");
    }
}
