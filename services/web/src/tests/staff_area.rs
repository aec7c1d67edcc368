//! The staff areas against the stub api: approval, code sync, assignment, campaigns with
//! tiers and policy publication.

use actix_web::http::StatusCode;

use super::browser::open;
use super::stub::{self, fixtures as f};

#[actix_web::test]
async fn the_gestor_approves_from_the_queue() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser
        .sign_in("gestor_afiliados")
        .await
        .assert_redirect("/gestor");
    let queue = browser.get("/gestor").await;
    assert_eq!(queue.status, StatusCode::OK);
    let html = queue.html();
    let approve = format!("id=\"approve-{}\"", f::INFLUENCER_ID);
    assert!(
        html.contains(&approve) && html.contains(&format!("id=\"reject-{}\"", f::INFLUENCER_ID))
    );
    let listed = stub.received("GET", "/api/v1/influencers");
    assert!(listed.iter().any(|r| r.path == "/api/v1/influencers"));

    let path = format!("/gestor/influencers/{}/estado", f::INFLUENCER_ID);
    browser
        .post(&path, &[("action", "approve"), ("back", "/gestor")])
        .await
        .assert_redirect("/gestor");
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/influencers/{}/status", f::INFLUENCER_ID),
    );
    assert_eq!(sent[0].json(), serde_json::json!({"status": "approved"}));
    assert!(
        browser
            .get("/gestor")
            .await
            .html()
            .contains("Afiliado aprobado.")
    );

    // Rejecting needs a reason; without one nothing is sent.
    browser
        .post(
            &path,
            &[
                ("action", "reject"),
                ("reason", ""),
                ("back", "//evil.example"),
            ],
        )
        .await
        .assert_redirect(&format!("/gestor/influencers/{}", f::INFLUENCER_ID));
    assert_eq!(
        stub.received(
            "PATCH",
            &format!("/api/v1/influencers/{}/status", f::INFLUENCER_ID)
        )
        .len(),
        1
    );
    browser
        .post(
            &path,
            &[
                ("action", "reject"),
                ("reason", "Perfil incompleto"),
                ("back", "/gestor"),
            ],
        )
        .await
        .assert_redirect("/gestor");
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/influencers/{}/status", f::INFLUENCER_ID),
    );
    assert_eq!(
        sent[1].json(),
        serde_json::json!({"status": "rejected", "reason": "Perfil incompleto"})
    );
}

#[actix_web::test]
async fn a_failed_sync_shows_its_error_and_sync_now_posts() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let page = browser
        .get(&format!("/gestor/codigos/{}", f::CODE_ID))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(html.contains("id=\"sync-error\""), "{html}");
    assert!(html.contains(f::SYNC_ERROR));
    assert!(html.contains("Falló la sincronización"));
    assert!(html.contains(&format!("id=\"sync-now-{}\"", f::CODE_ID)));

    let back = format!("/gestor/codigos/{}", f::CODE_ID);
    browser
        .post(
            &format!("/gestor/codigos/{}/sincronizar", f::CODE_ID),
            &[("back", &back)],
        )
        .await
        .assert_redirect(&back);
    let sent = stub.received("POST", &format!("/api/v1/codes/{}/sync", f::CODE_ID));
    assert_eq!(sent.len(), 1);
    assert!(
        browser
            .get(&back)
            .await
            .html()
            .contains("Sincronización en cola.")
    );

    // The influencer's record offers the same button next to each code.
    let record = browser
        .get(&format!("/gestor/influencers/{}", f::INFLUENCER_ID))
        .await;
    let html = record.html();
    assert!(html.contains(&format!("id=\"sync-now-{}\"", f::CODE_ID)));
    assert!(html.contains(&format!("id=\"code-{}\"", f::CODE)));
    assert!(html.contains("id=\"assign-submit\"") && html.contains("id=\"bank-masked\""));
}

#[actix_web::test]
async fn assigning_with_a_too_high_discount_comes_back_with_422() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let detail = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    browser.get(&detail).await;
    let res = browser
        .post(
            &format!("{detail}/campanas"),
            &[
                ("campaign_id", f::CAMPAIGN_ID),
                ("discount_percent", "99"),
                ("generate_code", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.html();
    assert!(html.contains("Supera el descuento máximo de la campaña."));
    assert!(html.contains("value=\"99\""));
    browser
        .post(
            &format!("{detail}/campanas"),
            &[
                ("campaign_id", f::CAMPAIGN_ID),
                ("discount_percent", "15"),
                ("generate_code", "on"),
            ],
        )
        .await
        .assert_redirect(&detail);
    let sent = stub.received(
        "POST",
        &format!(
            "/api/v1/influencers/{}/campaigns/{}",
            f::INFLUENCER_ID,
            f::CAMPAIGN_ID
        ),
    );
    let body = sent.last().unwrap().json();
    assert_eq!(body["generateCode"], true);
    assert_eq!(body["discountPercent"].to_string(), "15.00");
    assert!(browser.get(&detail).await.html().contains(f::CODE));
}

#[actix_web::test]
async fn admin_publishes_a_long_policy_and_a_stale_version_is_explained() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser
        .sign_in("admin_dentsu")
        .await
        .assert_redirect("/admin");
    let page = browser.get("/admin/politicas").await;
    assert!(page.html().contains("id=\"publish-policy-submit\""));
    // Longer than actix's default form limits, with accents and Windows line ends.
    let text = "Términos y condiciones del programa.\r\n".repeat(3000);
    browser
        .post(
            "/admin/politicas",
            &[
                ("policy_type", "terms"),
                ("version", "2.0"),
                ("title", "Términos 2.0"),
                ("document_text", &text),
                ("notes", ""),
            ],
        )
        .await
        .assert_redirect("/admin/politicas");
    let sent = stub.received("POST", "/api/v1/policies/terms/versions");
    let body = sent[0].json();
    assert_eq!(body["version"], "2.0");
    assert_eq!(body["documentText"], text.replace("\r\n", "\n"));
    assert_eq!(body["notes"], serde_json::Value::Null);

    let res = browser
        .post(
            "/admin/politicas",
            &[
                ("policy_type", "terms"),
                ("version", "1.0"),
                ("title", "Términos"),
                ("document_text", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.html();
    let version = html.find("id=\"publish-version\"").unwrap();
    assert!(html[version..].contains("La versión debe ser mayor que la versión vigente."));
    assert!(html.contains("value=\"Términos\""));
}

#[actix_web::test]
async fn a_new_campaign_sends_its_rules_and_tiers() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let form = browser.get("/gestor/campanas/nueva").await.html();
    assert!(form.contains("id=\"tier-name-2\"") && form.contains("id=\"campaign-submit\""));
    let fields = [
        ("brand_id", f::BRAND_ID),
        ("name", "Verano"),
        ("slug", "verano"),
        ("start_date", "2026-02-01"),
        ("end_date", ""),
        ("status", "draft"),
        ("base_commission_percent", "10"),
        ("commission_basis", "post_tax"),
        ("max_discount_percent", "20"),
        ("confirmation_window_days", "15"),
        ("tier_evaluation_period_days", "30"),
        ("eligible_scope_type", "category"),
        ("eligible_scope_values", "12\n13"),
        ("cumulative_with_other_promotions", "on"),
        ("tier_name_0", "Bronce"),
        ("tier_level_0", "1"),
        ("tier_threshold_0", "0"),
        ("tier_percent_0", "10"),
        ("tier_name_1", "Plata"),
        ("tier_level_1", "2"),
        ("tier_threshold_1", "1000000"),
        ("tier_percent_1", "12.5"),
        ("tier_default", "0"),
    ];
    browser
        .post("/gestor/campanas/nueva", &fields)
        .await
        .assert_redirect(&format!("/gestor/campanas/{}", f::CAMPAIGN_ID));
    let body = stub.received("POST", "/api/v1/campaigns")[0].json();
    assert_eq!(body["brandId"], f::BRAND_ID);
    assert_eq!(body["startDate"], "2026-02-01");
    assert_eq!(body["endDate"], serde_json::Value::Null);
    assert_eq!(body["commissionBasis"], "post_tax");
    assert_eq!(body["eligibleScopeValues"], serde_json::json!(["12", "13"]));
    assert_eq!(
        body["stackingRules"],
        serde_json::json!({"cumulativeWithOtherPromotions": true, "excludeLinesWithOtherDiscounts": false})
    );
    let tiers = body["tiers"].as_array().unwrap();
    assert_eq!(tiers.len(), 2);
    assert_eq!(tiers[1]["name"], "Plata");
    assert_eq!(tiers[1]["commissionPercent"].to_string(), "12.50");
    assert_eq!(
        (tiers[0]["isDefault"].clone(), tiers[1]["isDefault"].clone()),
        (true.into(), false.into())
    );

    // A bad number stays on the form with its error, and nothing is sent.
    let mut bad = fields.to_vec();
    bad.retain(|(name, _)| *name != "tier_percent_1");
    bad.push(("tier_percent_1", "doce"));
    let res = browser.post("/gestor/campanas/nueva", &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.html();
    let cell = html.find("id=\"tier-percent-1\"").unwrap();
    assert!(html[cell..].starts_with("id=\"tier-percent-1\" value=\"doce\""));
    assert!(html[cell..cell + 400].contains("Escribe un número con máximo dos decimales."));
    assert_eq!(stub.received("POST", "/api/v1/campaigns").len(), 1);

    // Status buttons follow the state machine and post the target status.
    let detail = browser
        .get(&format!("/gestor/campanas/{}", f::CAMPAIGN_ID))
        .await
        .html();
    assert!(detail.contains("id=\"campaign-pause\"") && detail.contains("id=\"campaign-end\""));
    assert!(!detail.contains("id=\"campaign-delete\""));
    browser
        .post(
            &format!("/gestor/campanas/{}/estado", f::CAMPAIGN_ID),
            &[("status", "paused")],
        )
        .await
        .assert_redirect(&format!("/gestor/campanas/{}", f::CAMPAIGN_ID));
    let sent = stub.received("PATCH", &format!("/api/v1/campaigns/{}", f::CAMPAIGN_ID));
    assert_eq!(sent[0].json(), serde_json::json!({"status": "paused"}));
}
