//! `withholdingPreview` of pending and approved withdrawals (ADR 0053): the payment's own split
//! (`domain.md` §5.14.3, §5.14.6 example 4) shown before paying — to FI, AD and the influencer
//! itself, never to GA or AM — on the request, decision, detail and list answers, and gone once
//! the request is paid or rejected. Everything through HTTP.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::marca_login;
use crate::helpers::TestApp;
use crate::orders_ingest::exec;
use crate::payments::{pay, pay_body};
use crate::payments_fixtures::{Payee, assign_profile, confirm, payee, paying_app, tax_profile};
use crate::withdrawals::{WITHDRAWALS, decide, request};

/// A payee of `brand_slug` with `confirmed` available and no minimum or hold on the brand.
async fn payee_with(app: &TestApp, brand_slug: &str, confirmed: &str) -> Payee {
    let payee = payee(app, "Isabela", "Gómez", "0012345678", brand_slug).await;
    exec(
        app,
        format!(
            "INSERT INTO brand_withdrawal_policies (id, brand_id, minimum_amount, hold_days)
             VALUES ('{}', '{}', 0, 0)
             ON CONFLICT (brand_id) DO UPDATE SET minimum_amount = 0, hold_days = 0",
            Uuid::new_v4(),
            payee.brand
        ),
    )
    .await;
    confirm(app, &payee, confirmed).await;
    payee
}

/// `(gross, rate, withheld, net, taxProfileCode)` of a withdrawal's preview.
fn split(withdrawal: &Value) -> (String, String, String, String, Value) {
    let p = &withdrawal["withholdingPreview"];
    assert!(p.is_object(), "no preview in {withdrawal}");
    (
        p["gross"].to_string(),
        p["rate"].to_string(),
        p["withheld"].to_string(),
        p["net"].to_string(),
        p["taxProfileCode"].clone(),
    )
}

async fn detail(app: &TestApp, token: &str, id: &str) -> Value {
    let response = app.get(&format!("{WITHDRAWALS}/{id}"), token).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn listed(app: &TestApp, token: &str, id: &str) -> Value {
    let response = app.get(WITHDRAWALS, token).await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} not listed in {page}"))
}

/// §5.14.6 example 4: a 10 % profile on 20 000.00 previews 2 000.00 withheld and 18 000.00 net,
/// and the payment then records exactly that.
#[tokio::test]
async fn ten_percent_of_twenty_thousand_is_previewed_then_paid() {
    let (app, _clock) = paying_app().await;
    let payee = payee_with(&app, "cetaphil", "45000.00").await;
    let profile = tax_profile(&app, "honorarios_10", "10", "0").await;
    assign_profile(&app, &payee, profile).await;
    let (_, f1) = app.login_as("finance").await;
    let (_, f2) = app.login_as("finance").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, marca) = marca_login(&app, &[payee.brand]).await;
    let expected = (
        "20000.00".to_owned(),
        "10.00".to_owned(),
        "2000.00".to_owned(),
        "18000.00".to_owned(),
        json!("honorarios_10"),
    );

    let (status, created) = request(
        &app,
        &payee.token,
        json!({"brandId": payee.brand, "amount": "20000.00"}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "pending");
    assert_eq!(split(&created), expected, "the influencer's own, pending");
    let id = created["id"].as_str().unwrap().to_owned();
    for token in [&f1, &admin] {
        assert_eq!(split(&detail(&app, token, &id).await), expected);
        assert_eq!(split(&listed(&app, token, &id).await), expected);
    }
    // GA and AM read the request but not the influencer's tax split.
    for token in [&gestor, &marca] {
        assert!(
            detail(&app, token, &id)
                .await
                .get("withholdingPreview")
                .is_none()
        );
        assert!(
            listed(&app, token, &id)
                .await
                .get("withholdingPreview")
                .is_none()
        );
    }

    let (status, approved) = decide(&app, &f2, &id, json!({"status": "approved"})).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(split(&approved), expected, "approved");
    assert_eq!(split(&listed(&app, &payee.token, &id).await), expected);

    let (status, payment) = pay(&app, &f1, id.parse().unwrap(), pay_body("20000.00")).await;
    assert_eq!(status, 201, "{payment}");
    assert_eq!(payment["withholdingRate"].to_string(), expected.1);
    assert_eq!(payment["taxWithheld"].to_string(), expected.2);
    assert_eq!(payment["netAmount"].to_string(), expected.3);
    // Paid: the payment holds the split now, not a preview.
    let paid = detail(&app, &f1, &id).await;
    assert_eq!(paid["status"], "paid");
    assert!(paid.get("withholdingPreview").is_none(), "{paid}");
}

/// §5.14.6 example 4: under the tenant default whose threshold (100 000.00) is above the gross
/// (80 000.00) nothing is withheld; a rejected request has no preview.
#[tokio::test]
async fn a_threshold_above_the_gross_previews_nothing_withheld() {
    let (app, _clock) = paying_app().await;
    let payee = payee_with(&app, "eucerin", "200000.00").await;
    let profile = tax_profile(&app, "por_defecto", "10", "100000.00").await;
    exec(
        &app,
        format!(
            "UPDATE tenants SET default_tax_profile_id = '{profile}' WHERE id = '{}'",
            app.state.tenant_id
        ),
    )
    .await;
    let (_, finance) = app.login_as("finance").await;
    let (status, created) = request(
        &app,
        &payee.token,
        json!({"brandId": payee.brand, "amount": "80000.00"}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        split(&detail(&app, &finance, &id).await),
        (
            "80000.00".to_owned(),
            "0.00".to_owned(),
            "0.00".to_owned(),
            "80000.00".to_owned(),
            json!("por_defecto"),
        )
    );
    let (status, rejected) = decide(
        &app,
        &finance,
        &id,
        json!({"status": "rejected", "rejectionReason": "Factura ilegible"}),
    )
    .await;
    assert_eq!(status, 200, "{rejected}");
    assert!(rejected.get("withholdingPreview").is_none(), "{rejected}");
}
