//! Browser and api steps the end-to-end stories share: typing, clicking and waiting in Chromium,
//! signing in through the web, and the program (policies, brand, active campaign) the staff side
//! prepares through the api.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::stack::*;

/// Types into the field with this id.
pub(crate) async fn fill(client: &Client, id: &str, value: &str) {
    let field = client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("field #{id}: {e}"));
    field.clear().await.expect("clear");
    field.send_keys(value).await.expect("type");
}

/// Clicks the element with this id.
pub(crate) async fn click(client: &Client, id: &str) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("element #{id}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click #{id}: {e}"));
}

/// Waits for the element with this id to appear.
pub(crate) async fn wait_for(client: &Client, id: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("waiting for #{id}: {e}"))
}

pub(crate) async fn sign_in(client: &Client, web: &str, email: &str) {
    client
        .goto(&format!("{web}/login"))
        .await
        .expect("login page");
    fill(client, "email", email).await;
    fill(client, "password", PASSWORD).await;
    click(client, "login-submit").await;
    wait_for(client, "landing-title").await;
}

/// What the staff side prepares through the api: policies, a brand and an active campaign.
pub(crate) async fn prepare_program(api: &ApiUnderTest, admin: &str) -> (String, String) {
    let http = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        http.post(format!("{}/api/v1{path}", api.address))
            .bearer_auth(admin)
            .json(&body)
            .send()
    };
    for kind in ["terms", "privacy", "habeas_data"] {
        let body = json!({ "version": "1.0", "title": format!("Política {kind}"),
                           "documentText": format!("Texto vigente de {kind}.\n") });
        let published = post(&format!("/policies/{kind}/versions"), body)
            .await
            .expect("publish");
        assert_eq!(published.status(), 201);
    }
    let brand: Value = post(
        "/brands",
        json!({ "name": "Cetaphil", "slug": "cetaphil", "couponPrefix": "CETAPHIL", "vtexBrandId": "2000050",
                "withdrawalPolicy": { "minimumAmount": "20000.00", "currency": "COP", "holdDays": 0 } }),
    )
    .await
    .expect("brand")
    .json()
    .await
    .expect("json");
    let brand_id = brand["id"].as_str().expect("brand id").to_owned();
    let campaign: Value = post(
        "/campaigns",
        json!({ "brandId": brand_id, "name": "Cetaphil Lanzamiento", "slug": "cetaphil-lanzamiento",
                "startDate": "2026-02-01", "status": "active", "baseCommissionPercent": "10.00",
                "maxDiscountPercent": "15.00", "eligibleScopeType": "category", "eligibleScopeValues": ["3"],
                "tiers": [
                    { "name": "Base", "level": 1, "threshold": "0.00", "commissionPercent": "10.00", "isDefault": true },
                    { "name": "Avanzado", "level": 2, "threshold": "500000.00", "commissionPercent": "12.00" },
                    { "name": "Elite", "level": 3, "threshold": "2000000.00", "commissionPercent": "15.00" }
                ] }),
    )
    .await
    .expect("campaign")
    .json()
    .await
    .expect("json");
    assert_eq!(campaign["status"], "active", "{campaign}");
    (
        brand_id,
        campaign["id"].as_str().expect("campaign id").to_owned(),
    )
}

/// Waits until `check` holds for the sandbox's coupon of `code`.
pub(crate) async fn wait_for_coupon(
    sandbox: &afiliados_vtex_sandbox::RunningSandbox,
    code: &str,
    what: &str,
    check: impl Fn(&afiliados_vtex_sandbox::Coupon) -> bool,
) {
    let became = afiliados_testkit::eventually(Duration::from_secs(30), || async {
        sandbox.coupon(code).filter(|coupon| check(coupon))
    })
    .await;
    assert!(
        became.is_ok(),
        "the coupon {code} never became {what}: {:?}",
        sandbox.coupon(code)
    );
}
