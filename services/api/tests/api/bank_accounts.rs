//! The bank account number is never in clear: not in the influencers row, not in any response,
//! not in audit rows or outboxes; it is sealed and only its last four digits are kept.

use serde_json::{Value, json};

use crate::helpers::*;
use crate::onboarding::*;

const FIRST: &str = "00123456789";
const SECOND: &str = "99887766554433";

fn assert_clean(text: &str, what: &str) {
    for number in [FIRST, SECOND] {
        assert!(!text.contains(number), "{what} shows {number}: {text}");
    }
}

#[tokio::test]
async fn the_account_number_never_appears_in_clear() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, finance) = app.login_as("finance").await;
    let policies = publish_policies(&app, &admin).await;
    let mut body = registration(&policies.ids);
    body["bankAccount"] = json!({
        "accountHolder": "Laura Gómez", "bankName": "Bancolombia",
        "accountType": "ahorros", "accountNumber": FIRST
    });
    let response = register(&app, &body).await;
    assert_eq!(response.status(), 201);
    let text = response.text().await.unwrap();
    assert_clean(&text, "the registration response");
    let created: Value = serde_json::from_str(&text).unwrap();
    let id = id_of(&created);
    let own = app.login(body["email"].as_str().unwrap()).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();

    let path = format!("/api/v1/influencers/{id}");
    for token in [&admin, &gestor, &finance, &own] {
        let response = app.get(&path, token).await;
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        assert_clean(&text, "GET /influencers/{id}");
        let view: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(view["bankAccount"]["accountNumberMasked"], "*******6789");
        assert_eq!(view["bankAccount"]["accountHolder"], "Laura Gómez");
    }

    // A change by the influencer (its password re-entered, ADR 0018): re-sealed, audited
    // masked, confirmed by e-mail.
    let change = json!({ "bankAccount": {
        "accountHolder": "Laura Gómez", "bankName": "Nequi",
        "accountType": "corriente", "accountNumber": SECOND
    }, "currentPassword": PASSWORD });
    let response = app.patch(&path, &own, change).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert_clean(&text, "the PATCH response");
    let updated: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(updated["bankAccount"]["last4"], "4433");
    assert_eq!(updated["bankAccount"]["bankName"], "Nequi");
    let audit = app.audit_actions("influencer.bank_account_changed").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(
        audit[0].after.as_ref().unwrap()["bankAccount"]["last4"],
        "4433"
    );
    assert_eq!(
        audit[0].before.as_ref().unwrap()["bankAccount"]["last4"],
        "6789"
    );
    assert!(app.audit_actions("influencer.updated").await.is_empty());
    let mails = emails(&app, "bank_account_changed").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].payload["accountNumberMasked"], "**********4433");

    // The row keeps ciphertext and the last four digits only.
    let conn = app.conn().await;
    let row = afiliados_db::influencers::find(&conn, app.state.tenant_id, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.bank_account_last4.as_deref(), Some("4433"));
    assert_eq!(row.bank_name.as_deref(), Some("Nequi"));
    let sealed = row.bank_account_ciphertext.clone().unwrap();
    assert!(!sealed.windows(SECOND.len()).any(|w| w == SECOND.as_bytes()));
    let opened = app.state.data_keys.decrypt(&sealed, id.as_bytes()).unwrap();
    let opened: Value = serde_json::from_slice(&opened).unwrap();
    assert_eq!(
        opened["accountNumber"], SECOND,
        "the ciphertext is the real account"
    );
    assert!(
        app.state
            .data_keys
            .decrypt(&sealed, uuid::Uuid::new_v4().as_bytes())
            .is_err(),
        "bound to the influencer id"
    );
    for table in [
        "influencers",
        "bank_account_changes",
        "audit_log",
        "email_outbox",
        "job_outbox",
        "notifications",
        "status_history",
        "consents",
    ] {
        for text in table_text(&app, table).await {
            assert_clean(&text, table);
        }
    }
    // Removing it by staff waits for a second user (ADR 0018); once finance confirms, every
    // column is cleared.
    let response = app
        .patch(&path, &gestor, json!({ "bankAccount": null }))
        .await;
    assert_eq!(response.status(), 200);
    let pending = response.json::<Value>().await.unwrap();
    assert_eq!(pending["bankAccount"]["last4"], "4433", "not applied yet");
    assert_eq!(
        pending["pendingBankAccountChange"]["bankAccount"],
        Value::Null
    );
    let response = app
        .post(
            &format!("{path}/bank-account-change/confirm"),
            &finance,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap()["bankAccount"],
        Value::Null
    );
    let row = afiliados_db::influencers::find(&conn, app.state.tenant_id, id)
        .await
        .unwrap()
        .unwrap();
    assert!(row.bank_account_ciphertext.is_none() && row.bank_account_last4.is_none());
}
