//! The onboarding story of issue 3 in headless Chromium, against the real api, web, worker, VTEX
//! sandbox, Redis, PostgreSQL and SMTP sink: a person registers with consent and an identity
//! document → the gestor approves and assigns a campaign → a code is generated → its coupon is
//! active in the VTEX sandbox → the approval e-mail arrives → the influencer signs in and sees
//! the code; then a suspension archives the coupon.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::Value;
use uuid::Uuid;

use crate::chrome::{browser, chromedriver, spawn_web};
use crate::program::{click, fill, prepare_program, sign_in, wait_for, wait_for_coupon};
use crate::stack::*;

/// Fills and submits the public registration form, with a PDF identity document.
async fn register_in_browser(client: &Client, web: &str, email: &str, document: &std::path::Path) {
    client
        .goto(&format!("{web}/registro"))
        .await
        .expect("registration page");
    fill(client, "reg-first-name", "Isabela").await;
    fill(client, "reg-last-name", "Gómez").await;
    fill(client, "reg-document-number", "1.020.304.050").await;
    fill(client, "reg-email", email).await;
    fill(client, "reg-phone", "310 456 7890").await;
    fill(client, "reg-city", "Medellín").await;
    fill(
        client,
        "reg-social-0",
        "https://www.instagram.com/isabela.gomez",
    )
    .await;
    fill(client, "reg-password", PASSWORD).await;
    fill(client, "reg-confirm-password", PASSWORD).await;
    fill(client, "reg-bank-holder", "Isabela Gómez").await;
    fill(client, "reg-bank-name", "Bancolombia").await;
    fill(client, "reg-bank-number", "00123456789").await;
    client
        .find(Locator::Id("reg-id-document"))
        .await
        .expect("file input")
        .send_keys(&document.display().to_string())
        .await
        .expect("attach");
    for kind in ["terms", "privacy", "habeas_data"] {
        click(client, &format!("policy-{kind}")).await;
    }
    click(client, "register-submit").await;
    wait_for(client, "register-done-title").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_influencer_is_approved_gets_an_active_coupon_and_sees_it() {
    require_smtp_sink().await;
    let namespace = namespace();
    let api = spawn_api(&redis_url(), &namespace).await;
    let sandbox = spawn_sandbox().await;
    let _worker = spawn_worker_with_vtex(&api.address, &redis_url(), &namespace, &sandbox).await;
    let web = spawn_web(&api.address).await;

    let unique = Uuid::new_v4().simple().to_string();
    let admin_email = format!("admin.{unique}@medipiel.co");
    let gestor_email = format!("gestor.{unique}@medipiel.co");
    let influencer_email = format!("isabela.{unique}@example.com");
    api.create_user(&admin_email, &["admin_dentsu"]).await;
    api.create_user(&gestor_email, &["gestor_afiliados"]).await;
    let admin = api.token(&admin_email).await;
    let (_, campaign_id) = prepare_program(&api, &admin).await;

    let document = std::env::temp_dir().join(format!("cedula-{unique}.pdf"));
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    std::fs::write(&document, pdf).expect("write the document");

    let driver = chromedriver().await;
    let visitor = browser(&driver).await;
    register_in_browser(&visitor, &web, &influencer_email, &document).await;
    visitor.close().await.expect("close");

    // The registration exists, pending, with its document stored and consent recorded.
    let http = reqwest::Client::new();
    let get = |path: String| {
        let request = http
            .get(format!("{}/api/v1{path}", api.address))
            .bearer_auth(&admin);
        async move {
            request
                .send()
                .await
                .expect("get")
                .json::<Value>()
                .await
                .expect("json")
        }
    };
    let found = get(format!("/influencers?q={influencer_email}")).await;
    let influencer = &found["items"][0];
    assert_eq!(influencer["status"], "pending", "{found}");
    let influencer_id = influencer["id"].as_str().expect("id").to_owned();
    let documents = get(format!("/influencers/{influencer_id}/documents")).await;
    assert_eq!(documents["items"][0]["kind"], "id_document", "{documents}");
    let consents = get(format!("/policies/consents/{influencer_id}")).await;
    assert_eq!(consents["items"].as_array().map(Vec::len), Some(3));

    // The gestor approves from the queue, then assigns the campaign from the influencer page.
    let gestor = browser(&driver).await;
    sign_in(&gestor, &web, &gestor_email).await;
    gestor.goto(&format!("{web}/gestor")).await.expect("queue");
    click(&gestor, &format!("approve-{influencer_id}")).await;
    wait_for(&gestor, "landing-title").await;
    gestor
        .goto(&format!("{web}/gestor/influencers/{influencer_id}"))
        .await
        .expect("detail");
    gestor
        .find(Locator::Css(&format!(
            "#assign-campaign option[value='{campaign_id}']"
        )))
        .await
        .expect("campaign option")
        .click()
        .await
        .expect("select");
    click(&gestor, "assign-submit").await;
    let codes = afiliados_testkit::eventually(Duration::from_secs(30), || async {
        Some(get(format!("/codes?influencerId={influencer_id}")).await)
            .filter(|page| page["total"] == 1)
    })
    .await
    .expect("the assignment's code is listed");
    let code = codes["items"][0]["code"].as_str().expect("code").to_owned();
    assert!(
        code.starts_with("CETAPHIL-ISABELA"),
        "generated per domain.md §5.5.1: {code}"
    );
    assert_eq!(codes["items"][0]["status"], "active");
    wait_for(&gestor, &format!("code-link-{code}")).await;

    // The worker created the coupon, unarchived, pointing at the campaign's promotion.
    wait_for_coupon(&sandbox, &code, "active", |c| !c.is_archived).await;
    let coupon = sandbox.coupon(&code).expect("coupon");
    assert_eq!(
        coupon.utm_campaign.as_deref(),
        Some("cetaphil-lanzamiento-15")
    );
    assert_eq!(coupon.utm_source.as_deref(), Some("afiliados"));

    // The approval e-mail reached the SMTP sink.
    let approval = wait_for_mail_with_subject(&influencer_email, "aprobada", 30).await;
    assert!(
        approval["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("aprobada")
    );

    // The influencer signs in and sees the code.
    let influencer_browser = browser(&driver).await;
    sign_in(&influencer_browser, &web, &influencer_email).await;
    influencer_browser
        .goto(&format!("{web}/influencer/codigos"))
        .await
        .expect("codes page");
    let shown = wait_for(&influencer_browser, &format!("code-{code}")).await;
    assert!(shown.text().await.expect("text").contains(&code));
    influencer_browser.close().await.expect("close");

    // A suspension archives the coupon.
    gestor
        .goto(&format!("{web}/gestor/influencers/{influencer_id}"))
        .await
        .expect("detail");
    fill(
        &gestor,
        &format!("suspend-reason-{influencer_id}"),
        "Contenido contrario a la marca",
    )
    .await;
    click(&gestor, &format!("suspend-{influencer_id}")).await;
    wait_for_coupon(&sandbox, &code, "archived", |c| c.is_archived).await;
    let after = get(format!("/influencers/{influencer_id}")).await;
    assert_eq!(after["status"], "suspended");
    gestor.close().await.expect("close");
    let _ = std::fs::remove_file(&document);
    drop(driver.child);
}
