//! Discount codes through the api: generation format and uniqueness, custom code rules, derived
//! status, conditions, edits and forced syncs, promotions per discount percent, and scoping.

use reqwest::Method;
use serde_json::{Value, json};

use crate::catalogue::*;
use crate::helpers::*;

fn generated_format(code: &str, prefix: &str, handle: &str) -> bool {
    let Some(rest) = code.strip_prefix(&format!("{prefix}-{handle}")) else {
        return false;
    };
    rest.len() == 4
        && rest
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
}

#[tokio::test]
async fn generated_codes_follow_the_format_and_never_collide() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let campaign = create_campaign(
        &app,
        &admin,
        brand,
        "cetaphil-lanzamiento",
        json!({"status": "active"}),
    )
    .await;
    let isabela = insert_influencer(&app, "Isabela", "Gómez", "approved").await;
    let mut seen = std::collections::HashSet::new();
    for index in 0..12 {
        let response = app
            .post(
                "/api/v1/codes",
                &admin,
                json!({
                    "campaignId": campaign["id"], "influencerId": isabela, "additional": index > 0,
                }),
            )
            .await;
        let (status, body) = error_of(response).await;
        assert_eq!(status, 201, "{body}");
        let code = body["code"].as_str().unwrap().to_owned();
        assert!(generated_format(&code, "CETAPHIL", "ISABELA"), "{code}");
        assert!(code.len() <= 30);
        assert!(!body["custom"].as_bool().unwrap());
        assert!(seen.insert(code), "two generations collided");
        assert_eq!(body["status"], "active");
        assert_eq!(body["sync"]["state"], "pending");
        assert_eq!(body["sync"]["revision"], 1);
        assert_eq!(coupon_jobs(&app, body["id"].as_str().unwrap()).await, 1);
    }
    // Accents folded, short names padded from the surname.
    let maria = insert_influencer(&app, "María José", "Ñúñez", "approved").await;
    let li = insert_influencer(&app, "Li", "Wu", "approved").await;
    for (who, handle) in [(maria, "MARIA"), (li, "LIW")] {
        let body: Value = app
            .post(
                "/api/v1/codes",
                &admin,
                json!({"campaignId": campaign["id"], "influencerId": who}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert!(
            generated_format(body["code"].as_str().unwrap(), "CETAPHIL", handle),
            "{body}"
        );
    }
    // The audit trail names every code.
    assert_eq!(app.audit_actions("code.created").await.len(), 14);
}

#[tokio::test]
async fn custom_codes_follow_the_rules() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    app.create_brand("lrp").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let campaign =
        create_campaign(&app, &admin, brand, "verano", json!({"status": "active"})).await;
    let first = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    let second = insert_influencer(&app, "Eva", "Paz", "approved").await;
    let post = |who, code: &str, additional: bool| {
        app.post("/api/v1/codes", &admin, json!({
            "campaignId": campaign["id"], "influencerId": who, "code": code, "additional": additional,
        }))
    };
    let (status, body) = error_of(post(first, " ana-verano26 ", false).await).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["code"], "ANA-VERANO26");
    assert!(body["custom"].as_bool().unwrap());
    for bad in ["AB", "-ABCD", "AB--CD", "AB_CD", "ÁBCD"] {
        let (status, body) = error_of(post(second, bad, false).await).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(fields(&body)[0].split(':').next(), Some("code"));
    }
    let (status, body) = error_of(post(second, "LRP-PROMO", false).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("code_prefix_reserved"))
    );
    // Its own brand's prefix is fine.
    let (status, _) = error_of(post(second, "CETAPHIL-EVA", false).await).await;
    assert_eq!(status, 201);
    let (status, body) = error_of(post(second, "ana-verano26", true).await).await;
    assert_eq!((status, body["error"].as_str()), (409, Some("code_taken")));
    let (status, body) = error_of(post(first, "ANA-OTRO", false).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("code_exists_for_pair"))
    );
    let (status, _) = error_of(post(first, "ANA-OTRO", true).await).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn conditions_are_checked_against_the_campaign() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let campaign = create_campaign(&app, &admin, brand, "verano", json!({})).await;
    let who = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    let post = |extra: Value| {
        let mut body = json!({"campaignId": campaign["id"], "influencerId": who});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        app.post("/api/v1/codes", &admin, body)
    };
    let (status, body) = error_of(post(json!({"discountPercent": 20})).await).await;
    assert_eq!(status, 422);
    assert_eq!(fields(&body), ["discountPercent:exceeds_campaign_max"]);
    let (_, body) = error_of(post(json!({"startsOn": day(-60)})).await).await;
    assert_eq!(fields(&body), ["startsOn:out_of_range"]);
    let (_, body) = error_of(post(json!({"startsOn": day(10), "endsOn": day(5)})).await).await;
    assert_eq!(fields(&body), ["endsOn:date_order"]);
    let (_, body) = error_of(post(json!({"maxUses": 0, "maxUsesPerCustomer": 0})).await).await;
    assert_eq!(
        fields(&body),
        ["maxUses:out_of_range", "maxUsesPerCustomer:out_of_range"]
    );
    let (status, body) = error_of(post(json!({"discountPercent": "12.345"})).await).await;
    assert_eq!(status, 422, "{body}");
    // Unknown campaign or influencer: 404, nothing written.
    let response = app
        .post(
            "/api/v1/codes",
            &admin,
            json!({"campaignId": uuid::Uuid::new_v4(), "influencerId": who}),
        )
        .await;
    assert_eq!(response.status(), 404);
    assert!(jobs_of(&app, "SyncCoupon").await.is_empty());
    // Default discount: the campaign's maximum; the membership is created on the way.
    let (status, body) = error_of(post(json!({})).await).await;
    assert_eq!(status, 201);
    assert_eq!(body["discountPercent"].to_string(), "15.00");
    let members: Value = app
        .get(
            &format!(
                "/api/v1/campaigns/{}/influencers",
                campaign["id"].as_str().unwrap()
            ),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["total"], 1);
    assert_eq!(members["items"][0]["codes"][0], body["code"]);
}

async fn code_status(app: &TestApp, token: &str, campaign: &Value, who: uuid::Uuid) -> String {
    let body = json!({"campaignId": campaign["id"], "influencerId": who});
    let body: Value = app
        .post("/api/v1/codes", token, body)
        .await
        .json()
        .await
        .unwrap();
    body["status"].as_str().unwrap_or("?").to_owned()
}

#[tokio::test]
async fn status_is_derived_from_influencer_and_campaign() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let active = create_campaign(&app, &admin, brand, "activa", json!({"status": "active"})).await;
    let draft = create_campaign(&app, &admin, brand, "borrador", json!({})).await;
    let future = create_campaign(
        &app,
        &admin,
        brand,
        "futura",
        json!({
            "status": "active", "startDate": day(20), "endDate": day(40),
        }),
    )
    .await;
    let approved = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    let pending = insert_influencer(&app, "Eva", "Paz", "pending").await;
    let suspended = insert_influencer(&app, "Luz", "Gil", "suspended").await;
    assert_eq!(code_status(&app, &admin, &active, approved).await, "active");
    assert_eq!(code_status(&app, &admin, &active, pending).await, "pending");
    assert_eq!(
        code_status(&app, &admin, &active, suspended).await,
        "inactive"
    );
    assert_eq!(code_status(&app, &admin, &draft, approved).await, "pending");
    assert_eq!(
        code_status(&app, &admin, &future, approved).await,
        "pending"
    );
    // Pausing the campaign makes its code inactive.
    let id = active["id"].as_str().unwrap();
    let response = app
        .patch(
            &format!("/api/v1/campaigns/{id}"),
            &admin,
            json!({"status": "paused"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let codes: Value = app
        .get(&format!("/api/v1/codes?campaignId={id}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(codes["total"], 3);
    assert!(
        codes["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "inactive")
    );
}

#[tokio::test]
async fn edits_and_forced_syncs_bump_the_revision() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let campaign =
        create_campaign(&app, &admin, brand, "verano", json!({"status": "active"})).await;
    let who = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    let code: Value = app
        .post(
            "/api/v1/codes",
            &admin,
            json!({"campaignId": campaign["id"], "influencerId": who}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = code["id"].as_str().unwrap();
    let path = format!("/api/v1/codes/{id}");
    let (status, body) = error_of(app.patch(&path, &admin, json!({"enabled": false})).await).await;
    assert_eq!(status, 422);
    assert_eq!(fields(&body), ["disabledReason:required"]);
    let (status, body) = error_of(app.patch(&path, &admin, json!({"maxUses": 0})).await).await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["maxUses:out_of_range".to_owned()])
    );
    let (status, body) = error_of(
        app.patch(
            &path,
            &admin,
            json!({"enabled": false, "disabledReason": "Fin del contrato"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "inactive");
    assert_eq!(body["enabled"], false);
    assert_eq!(body["disabledReason"], "Fin del contrato");
    assert_eq!(body["sync"]["revision"], 2);
    assert_eq!(body["sync"]["state"], "pending");
    assert_eq!(body["code"], code["code"]);
    let (status, body) = error_of(
        app.patch(
            &path,
            &admin,
            json!({"enabled": true, "discountPercent": 12.5}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "active");
    assert_eq!(body["sync"]["revision"], 3);
    assert_eq!(body["disabledReason"], Value::Null);
    for sync_path in [
        format!("/api/v1/codes/{id}/sync"),
        format!("/api/v1/vtex/codes/{id}/sync"),
    ] {
        let (status, body) = error_of(app.post(&sync_path, &admin, json!({})).await).await;
        assert_eq!(status, 202);
        assert_eq!(body["sync"]["state"], "pending");
    }
    let now: Value = app.get(&path, &admin).await.json().await.unwrap();
    assert_eq!(now["sync"]["revision"], 5);
    assert_eq!(coupon_jobs(&app, id).await, 5);
    assert_eq!(app.audit_actions("code.updated").await.len(), 2);
    assert_eq!(app.audit_actions("code.sync_requested").await.len(), 2);
    // One promotion per percent: 15 at creation, 12.5 after the edit.
    let detail: Value = app
        .get(
            &format!("/api/v1/campaigns/{}", campaign["id"].as_str().unwrap()),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let utms: Vec<&str> = detail["promotions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["utmCampaign"].as_str().unwrap())
        .collect();
    assert_eq!(utms, ["verano-12p5", "verano-15"]);
    let percents: Vec<Value> = jobs_of(&app, "SyncPromotion")
        .await
        .iter()
        .map(|p| p["discountPercent"].clone())
        .collect();
    assert_eq!(percents, [json!("15.00"), json!("12.50")]);
}

#[tokio::test]
async fn codes_are_scoped_by_brand_and_owner() {
    let app = spawn_app().await;
    let mine = app.create_brand("cetaphil").await;
    let other = app.create_brand("lrp").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, marca) = marca_login(&app, &[mine]).await;
    let (own, influencer) = influencer_login(&app, "Isa").await;
    let theirs = create_campaign(
        &app,
        &admin,
        other,
        "lrp-verano",
        json!({"status": "active"}),
    )
    .await;
    let ours = create_campaign(
        &app,
        &marca,
        mine,
        "cet-verano",
        json!({"status": "active"}),
    )
    .await;
    let stranger = insert_influencer(&app, "Eva", "Paz", "approved").await;
    // admin_marca reaches only influencers already in its brands (ADR 0019): staff brings Isa
    // into the brand first, without a code.
    let response = app
        .post(
            &format!(
                "/api/v1/influencers/{own}/campaigns/{}",
                ours["id"].as_str().unwrap()
            ),
            &admin,
            json!({"generateCode": false}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let foreign: Value = app
        .post(
            "/api/v1/codes",
            &admin,
            json!({"campaignId": theirs["id"], "influencerId": stranger}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (status, mine_code) = error_of(
        app.post(
            "/api/v1/codes",
            &marca,
            json!({"campaignId": ours["id"], "influencerId": own}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{mine_code}");
    let foreign_id = foreign["id"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/codes/{foreign_id}"), &marca)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.patch(
            &format!("/api/v1/codes/{foreign_id}"),
            &marca,
            json!({"maxUses": 5})
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/codes/{foreign_id}/sync"),
            &marca,
            json!({})
        )
        .await
        .status(),
        404
    );
    let response = app
        .post(
            "/api/v1/codes",
            &marca,
            json!({"campaignId": theirs["id"], "influencerId": own}),
        )
        .await;
    assert_eq!(response.status(), 404);
    let listed: Value = app.get("/api/v1/codes", &marca).await.json().await.unwrap();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["id"], mine_code["id"]);
    // The influencer sees only its own codes, whatever it filters by.
    let listed: Value = app
        .get(
            &format!("/api/v1/codes?influencerId={stranger}"),
            &influencer,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["id"], mine_code["id"]);
    assert_eq!(
        app.get(&format!("/api/v1/codes/{foreign_id}"), &influencer)
            .await
            .status(),
        404
    );
    let response = app
        .post(
            "/api/v1/codes",
            &influencer,
            json!({"campaignId": ours["id"], "influencerId": own}),
        )
        .await;
    assert_eq!(response.status(), 403);
    let (_, finance) = app.login_as("finance").await;
    assert_eq!(app.get("/api/v1/codes", &finance).await.status(), 403);
    // Bad filters are 422, never 500.
    for query in ["status=bogus", "syncState=x", "sort=price", "pageSize=500"] {
        let response = app.get(&format!("/api/v1/codes?{query}"), &admin).await;
        assert_eq!(response.status(), 422, "{query}");
    }
    let response = send(
        &app,
        Method::GET,
        "/api/v1/codes?campaignId=nope",
        &admin,
        None,
    )
    .await;
    assert_eq!(response.status(), 400);
}
