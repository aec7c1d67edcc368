//! Headless Chromium signs in through the web with 2FA and lands on the role's page; a form posted
//! without its CSRF token is refused.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::chrome::{browser, chromedriver, spawn_web};
use crate::stack::*;

fn totp(secret: &str, unix: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .expect("secret");
    totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 0, 30, bytes).generate(unix)
}

fn now() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).expect("time")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_signs_in_with_two_factor_and_lands_on_the_role_page() {
    let namespace = namespace();
    let api = spawn_api(&redis_url(), &namespace).await;
    let email = format!("finanzas.{}@medipiel.co", Uuid::new_v4().simple());
    api.create_user(&email, &["finance"]).await;
    let token = api.token(&email).await;
    let http = reqwest::Client::new();
    let enrol: Value = http
        .post(format!("{}/api/v1/auth/2fa/enroll", api.address))
        .bearer_auth(&token)
        .send()
        .await
        .expect("enroll")
        .json()
        .await
        .expect("json");
    let secret = enrol["secret"].as_str().expect("secret").to_owned();
    let confirm = http
        .post(format!("{}/api/v1/auth/2fa/confirm", api.address))
        .bearer_auth(&token)
        .json(&json!({ "code": totp(&secret, now() - 30) }))
        .send()
        .await
        .expect("confirm");
    assert_eq!(confirm.status(), 200);
    let web = spawn_web(&api.address).await;

    let driver = chromedriver().await;
    let client = browser(&driver).await;
    client
        .goto(&format!("{web}/login"))
        .await
        .expect("login page");
    client
        .find(Locator::Id("email"))
        .await
        .expect("email field")
        .send_keys(&email)
        .await
        .expect("type");
    client
        .find(Locator::Id("password"))
        .await
        .expect("password field")
        .send_keys(PASSWORD)
        .await
        .expect("type");
    client
        .find(Locator::Id("login-submit"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    let code_field = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("two-factor-code"))
        .await
        .expect("2FA step");
    code_field
        .send_keys(&totp(&secret, now()))
        .await
        .expect("type code");
    client
        .find(Locator::Id("two-factor-submit"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    let title = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("landing-title"))
        .await
        .expect("landing page");
    let url = client.current_url().await.expect("url");
    assert_eq!(
        url.path(),
        "/finance",
        "finance lands on the finance dashboard"
    );
    assert!(!title.text().await.expect("text").is_empty());
    let page = client.source().await.expect("html");
    assert!(
        page.contains(&email) || page.contains("Prueba"),
        "the page names the signed-in user"
    );
    client.close().await.expect("close");
    // The web forwarded the browser's facts: the api audited Chromium, not the BFF's own client.
    let mut conn = api.state.db.get().await.expect("connection");
    let filter = afiliados_db::audit::AuditFilter {
        actions: vec!["auth.login_succeeded".into()],
        ..Default::default()
    };
    let (rows, _) = afiliados_db::audit::list(&mut conn, api.state.tenant_id, &filter, 0, 10)
        .await
        .expect("audit");
    let browser_login = rows.first().expect("the browser sign-in is audited");
    assert!(
        browser_login
            .user_agent
            .as_deref()
            .unwrap_or_default()
            .contains("Chrome"),
        "{:?}",
        browser_login.user_agent
    );
    assert_eq!(
        browser_login.ip.map(|ip| ip.addr().to_string()).as_deref(),
        Some("127.0.0.1")
    );
    drop(driver.child);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_without_its_csrf_token_is_refused() {
    let namespace = namespace();
    let api = spawn_api(&redis_url(), &namespace).await;
    let web = spawn_web(&api.address).await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let page = http
        .get(format!("{web}/login"))
        .send()
        .await
        .expect("login page");
    assert_eq!(page.status(), 200);
    let refused = http
        .post(format!("{web}/login"))
        .form(&[("email", "x@medipiel.co"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), 403);
    let wrong = http
        .post(format!("{web}/login"))
        .form(&[
            ("email", "x@medipiel.co"),
            ("password", PASSWORD),
            ("csrf_token", "forged"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(wrong.status(), 403);
}
