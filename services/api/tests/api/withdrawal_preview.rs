//! `withholdingPreview` on `GET /payments/withdrawals/{id}` (ADR 0052): §5.14.6 example 4's
//! numbers (approved 20 000.00, 10 % profile → 2 000.00 withheld, 18 000.00 net) for the payers
//! while the request is approved; `null` for a pending request, for the influencer, and once
//! paid; the tenant default reported as a `null` profile code.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;
use crate::payments_fixtures::{
    approved_withdrawal, assign_profile, confirm, payee, paying_app, pending_withdrawal,
    tax_profile,
};

async fn withdrawal(app: &TestApp, token: &str, id: Uuid) -> Value {
    let response = app
        .get(&format!("/api/v1/payments/withdrawals/{id}"), token)
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn finance_reads_the_split_of_an_approved_request_before_paying() {
    let (app, _clock) = paying_app().await;
    let payee = payee(&app, "Isabela", "Gómez", "0012345678", "cetaphil").await;
    confirm(&app, &payee, "45000.00").await;
    let profile = tax_profile(&app, "honorarios_10", "10", "0").await;
    assign_profile(&app, &payee, profile).await;
    let (f1, f1_token) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let (_, admin_token) = app.login_as("admin_dentsu").await;
    let (_, gestor_token) = app.login_as("gestor_afiliados").await;
    let approved = approved_withdrawal(&app, &payee, "20000.00", f1, f2).await;
    let pending = pending_withdrawal(&app, &payee, "5000.00", f1).await;

    for token in [&f1_token, &admin_token] {
        let body = withdrawal(&app, token, approved).await;
        let preview = &body["withholdingPreview"];
        for (field, exact) in [
            ("gross", "20000.00"),
            ("rate", "10.00"),
            ("withheld", "2000.00"),
            ("net", "18000.00"),
        ] {
            assert_eq!(preview[field].to_string(), exact, "{field}: {body}");
        }
        assert_eq!(preview["taxProfileCode"], "honorarios_10", "{body}");
    }
    // Only the payers, and only what is theirs to pay.
    for token in [&payee.token, &gestor_token] {
        let body = withdrawal(&app, token, approved).await;
        assert_eq!(body["withholdingPreview"], Value::Null, "{body}");
    }
    let body = withdrawal(&app, &f1_token, pending).await;
    assert_eq!(body["withholdingPreview"], Value::Null, "{body}");

    // Paid: the payment carries the split; the preview is gone and matches what was stored.
    let response = app
        .post(
            &format!("/api/v1/payments/withdrawals/{approved}/pay"),
            &f1_token,
            json!({ "amount": "20000.00", "paymentDate": "2026-03-10", "method": "transferencia",
                    "reference": "TRX-0001" }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let payment: Value = response.json().await.unwrap();
    assert_eq!(payment["taxWithheld"].to_string(), "2000.00");
    assert_eq!(payment["netAmount"].to_string(), "18000.00");
    let body = withdrawal(&app, &f1_token, approved).await;
    assert_eq!(body["withholdingPreview"], Value::Null, "{body}");
}

#[tokio::test]
async fn without_a_profile_of_its_own_the_default_applies_with_a_null_code() {
    let (app, _clock) = paying_app().await;
    let payee = payee(&app, "Mariana", "Ruiz", "0098765432", "eucerin").await;
    confirm(&app, &payee, "30000.00").await;
    let (f1, f1_token) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let approved = approved_withdrawal(&app, &payee, "20000.00", f1, f2).await;
    let body = withdrawal(&app, &f1_token, approved).await;
    let preview = &body["withholdingPreview"];
    assert_eq!(preview["gross"].to_string(), "20000.00", "{body}");
    assert_eq!(preview["taxProfileCode"], Value::Null, "{body}");
    // Whatever the default withholds, the split adds up exactly.
    let withheld: rust_decimal::Decimal = preview["withheld"].to_string().parse().unwrap();
    let net: rust_decimal::Decimal = preview["net"].to_string().parse().unwrap();
    assert_eq!(
        withheld + net,
        rust_decimal::Decimal::new(2_000_000, 2),
        "{body}"
    );
}
