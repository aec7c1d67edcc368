//! Client identity across the real chain browser → reverse proxy → web → api (issue 9, finding 1):
//! two browsers behind the proxy fall into two rate-limit buckets, a forged `X-Forwarded-For` is
//! ignored, and a registration records the browser's address in its consent rows (the Habeas Data
//! evidence), its audit row and the session of its first sign-in.
//!
//! The check was run in headless Chromium; here the browsers are HTTP clients posting the
//! same sign-in form (with its CSRF token) from distinct loopback addresses, because Chromium
//! cannot choose its source address and so could not be two clients to a real proxy.

use serde_json::Value;
use uuid::Uuid;

use crate::proxy::{browser_at, csrf_of, spawn_proxy, spawn_web_behind_proxy};
use crate::stack::*;

/// Opens the sign-in page and posts the form; answers the status and the page.
async fn sign_in_through(
    browser: &reqwest::Client,
    site: &str,
    email: &str,
    password: &str,
) -> (u16, String) {
    sign_in_with(browser, site, email, password, &[]).await
}

async fn sign_in_with(
    browser: &reqwest::Client,
    site: &str,
    email: &str,
    password: &str,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let page = browser
        .get(format!("{site}/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("html");
    let mut request = browser.post(format!("{site}/login")).form(&[
        ("csrf_token", csrf_of(&page).as_str()),
        ("email", email),
        ("password", password),
    ]);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("sign-in");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsers_behind_the_proxy_have_their_own_sign_in_buckets() {
    let namespace = namespace();
    let api = spawn_api_with(&redis_url(), &namespace, |settings| {
        settings.rate_limits.login = 5;
    })
    .await;
    let web = spawn_web_behind_proxy(&api.address).await;
    let site = spawn_proxy(&web);
    let email = format!("gestora.{}@medipiel.co", Uuid::new_v4().simple());
    api.create_user(&email, &["gestor_afiliados"]).await;

    // Browser A fails until the api's per-IP limit answers (a window boundary may restart the
    // count once, hence up to twelve attempts). Unknown e-mails: no account gets locked.
    let a = browser_at("127.0.0.2");
    let mut limited = false;
    for attempt in 0..12 {
        let probe = format!("nadie{attempt}@medipiel.co");
        let (status, _) = sign_in_through(&a, &site, &probe, "Incorrecta!2024").await;
        if status == 429 {
            limited = true;
            break;
        }
        assert_eq!(
            status, 401,
            "a wrong password is a 401 page until the limit"
        );
    }
    assert!(limited, "browser A reached its sign-in limit");

    // Another browser, another user: its bucket is its own.
    let b = browser_at("127.0.0.3");
    let (status, page) = sign_in_through(&b, &site, &email, PASSWORD).await;
    assert_eq!(status, 303, "browser B signs in: {page}");

    // A browser forging A's address in X-Forwarded-For is still itself: through the proxy (whose
    // appended hop is the truth) and straight to the web (an untrusted peer).
    for (target, address) in [(&site, "127.0.0.4"), (&web, "127.0.0.6")] {
        let (status, page) = sign_in_with(
            &browser_at(address),
            target,
            &email,
            PASSWORD,
            &[("x-forwarded-for", "127.0.0.2")],
        )
        .await;
        assert_eq!(
            status, 303,
            "the forged header is ignored ({target}): {page}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_through_the_proxy_records_the_browser_address() {
    let namespace = namespace();
    let api = spawn_api(&redis_url(), &namespace).await;
    let admin_email = format!("admin.{}@medipiel.co", Uuid::new_v4().simple());
    api.create_user(&admin_email, &["admin_dentsu"]).await;
    let admin = api.token(&admin_email).await;
    let http = reqwest::Client::new();
    for kind in ["terms", "privacy", "habeas_data"] {
        let published = http
            .post(format!("{}/api/v1/policies/{kind}/versions", api.address))
            .bearer_auth(&admin)
            .json(
                &serde_json::json!({ "version": "1.0", "title": format!("Política {kind}"),
                                       "documentText": format!("Texto vigente de {kind}.\n") }),
            )
            .send()
            .await
            .expect("publish");
        assert_eq!(published.status(), 201);
    }
    let web = spawn_web_behind_proxy(&api.address).await;
    let site = spawn_proxy(&web);

    let browser = browser_at("127.0.0.5");
    let page = browser
        .get(format!("{site}/registro"))
        .send()
        .await
        .expect("registration page")
        .text()
        .await
        .expect("html");
    let marker = "name=\"accepted_policy_version_ids\" value=\"";
    let versions: Vec<String> = page
        .match_indices(marker)
        .map(|(at, _)| {
            page[at + marker.len()..]
                .split('"')
                .next()
                .expect("id")
                .to_owned()
        })
        .collect();
    assert_eq!(versions.len(), 3, "the three active policies are offered");
    let email = format!("isabela.{}@example.com", Uuid::new_v4().simple());
    let document_number = format!("10{}", &Uuid::new_v4().as_u128().to_string()[..8]);
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf_of(&page));
    for (name, value) in [
        ("first_name", "Isabela"),
        ("last_name", "Gómez"),
        ("document_type", "CC"),
        ("document_number", document_number.as_str()),
        ("email", email.as_str()),
        ("phone", "310 456 7890"),
        ("city", "Medellín"),
        ("social_links", "https://www.instagram.com/isabela.gomez"),
        ("password", PASSWORD),
        ("confirm_password", PASSWORD),
        ("bank_account_holder", "Isabela Gómez"),
        ("bank_name", "Bancolombia"),
        ("bank_account_type", "ahorros"),
        ("bank_account_number", "00123456789"),
    ] {
        form = form.text(name, value.to_owned());
    }
    for version in &versions {
        form = form.text("accepted_policy_version_ids", version.clone());
    }
    let registered = browser
        .post(format!("{site}/registro"))
        .multipart(form)
        .send()
        .await
        .expect("registration");
    let status = registered.status().as_u16();
    assert_eq!(
        status,
        303,
        "{}",
        registered.text().await.unwrap_or_default()
    );
    let (status, page) = sign_in_through(&browser, &site, &email, PASSWORD).await;
    assert_eq!(status, 303, "the new influencer signs in: {page}");

    let get = |path: String| {
        let request = http
            .get(format!("{}/api/v1{path}", api.address))
            .bearer_auth(&admin);
        async move {
            request
                .send()
                .await
                .expect("api")
                .json::<Value>()
                .await
                .expect("json")
        }
    };
    let influencers = get(format!("/influencers?q={email}")).await;
    let influencer_id = influencers["items"][0]["id"]
        .as_str()
        .expect("influencer")
        .to_owned();
    let consents = get(format!("/policies/consents/{influencer_id}")).await;
    let consents = consents["items"].as_array().expect("consents");
    assert_eq!(consents.len(), 3);
    for consent in consents {
        assert_eq!(
            consent["ipAddress"], "127.0.0.5",
            "the Habeas Data evidence: {consent}"
        );
    }
    let audit = get(format!("/audit/logs?entityId={influencer_id}")).await;
    let registered_row = audit["items"]
        .as_array()
        .expect("audit")
        .iter()
        .find(|row| row["action"] == "influencer.registered")
        .expect("the registration's audit row")
        .clone();
    assert_eq!(registered_row["ip"], "127.0.0.5", "{registered_row}");
    let users = get(format!("/users?q={email}")).await;
    let user_id = users["items"][0]["id"].as_str().expect("user").to_owned();
    let user = get(format!("/users/{user_id}")).await;
    let sessions = user["sessions"].as_array().expect("sessions");
    assert!(!sessions.is_empty());
    for session in sessions {
        assert_eq!(session["ip"], "127.0.0.5", "{session}");
    }
}
