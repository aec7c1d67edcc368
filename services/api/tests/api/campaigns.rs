//! Campaigns through the api: validation with field names, the state machine and its side
//! effects on codes and promotions, tier replacement by level, versioning, deletion and scoping.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{Value, json};

use crate::catalogue::*;
use crate::helpers::*;

fn tiers() -> Value {
    json!([
        {"name": "Bronce", "level": 1, "threshold": 0, "commissionPercent": 8, "isDefault": true},
        {"name": "Plata", "level": 2, "threshold": 1000000, "commissionPercent": 10},
        {"name": "Oro", "level": 3, "threshold": 5000000, "commissionPercent": 12.5},
    ])
}

#[tokio::test]
async fn invalid_campaigns_are_422_with_field_names() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("gestor_afiliados").await;
    let post = |extra: Value| {
        app.post(
            "/api/v1/campaigns",
            &admin,
            campaign_body(brand, "verano", extra),
        )
    };
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({"name": "ab"}), vec!["name:too_short"]),
        (json!({"slug": "Verano 2026"}), vec!["slug:invalid_format"]),
        (json!({"endDate": day(-40)}), vec!["endDate:date_order"]),
        (
            json!({"maxDiscountPercent": 0}),
            vec!["maxDiscountPercent:out_of_range"],
        ),
        (
            json!({"confirmationWindowDays": 121, "tierEvaluationPeriodDays": 0}),
            vec![
                "confirmationWindowDays:out_of_range",
                "tierEvaluationPeriodDays:out_of_range",
            ],
        ),
        (
            json!({"eligibleScopeType": "sku"}),
            vec!["eligibleScopeValues:required"],
        ),
        (
            json!({"eligibleScopeType": "category", "eligibleScopeValues": ["12", "x"]}),
            vec!["eligibleScopeValues[1]:invalid_format"],
        ),
        (
            json!({"eligibleScopeType": "brand"}),
            vec!["eligibleScopeType:invalid_enum"],
        ),
        (
            json!({"commissionBasis": "net"}),
            vec!["commissionBasis:invalid_enum"],
        ),
        (json!({"status": "paused"}), vec!["status:invalid_enum"]),
        (
            json!({"maxUsage": 0, "minOrderValue": -1}),
            vec!["maxUsage:out_of_range", "minOrderValue:out_of_range"],
        ),
        (
            json!({"tiers": [
                {"name": "A", "level": 1, "threshold": 0, "commissionPercent": 5, "isDefault": true},
                {"name": "B", "level": 2, "threshold": 0, "commissionPercent": 6},
            ]}),
            vec!["tiers[1].threshold:not_unique_in_list"],
        ),
        (
            json!({"tiers": [
                {"name": "A", "level": 1, "threshold": 10, "commissionPercent": 5},
            ]}),
            vec!["tiers[0].threshold:out_of_range", "tiers:required"],
        ),
    ];
    for (extra, expected) in cases {
        let (status, body) = error_of(post(extra.clone()).await).await;
        assert_eq!(status, 422, "{extra}: {body}");
        assert_eq!(fields(&body), expected, "{extra}");
    }
    let (status, body) = error_of(post(json!({"baseCommissionPercent": 101})).await).await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = error_of(post(json!({"startDate": "mañana"})).await).await;
    assert_eq!(status, 422);
    // Nothing was written by any of them.
    let listed: Value = app
        .get("/api/v1/campaigns", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 0);
    // Unknown or foreign brand is a field error; duplicates and inactive brands are 409.
    let (status, body) = error_of(
        app.post(
            "/api/v1/campaigns",
            &admin,
            campaign_body(uuid::Uuid::new_v4(), "x-1", json!({})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["brandId:unknown_reference".to_owned()])
    );
    create_campaign(&app, &admin, brand, "verano", json!({})).await;
    let (status, body) = error_of(post(json!({})).await).await;
    assert_eq!((status, body["error"].as_str()), (409, Some("slug_taken")));
    let (_, root) = app.login_as("admin_dentsu").await;
    let response = app
        .patch(
            &format!("/api/v1/brands/{brand}"),
            &root,
            json!({"status": "inactive"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let (status, body) = error_of(post(json!({"slug": "otra"})).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("brand_inactive"))
    );
}

#[tokio::test]
async fn the_state_machine_records_history_and_syncs_codes_and_promotions() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let campaign = create_campaign(
        &app,
        &admin,
        brand,
        "lanzamiento",
        json!({"tierEvaluationPeriodDays": 10}),
    )
    .await;
    let id = campaign["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/campaigns/{id}");
    assert_eq!(campaign["status"], "draft");
    assert_eq!(campaign["nextTierEvaluationOn"], Value::Null);
    let (status, body) =
        error_of(app.patch(&path, &admin, json!({"status": "paused"})).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("invalid_transition"))
    );
    let (status, body) =
        error_of(app.patch(&path, &admin, json!({"status": "frozen"})).await).await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["status:invalid_enum".to_owned()])
    );
    let mut codes = Vec::new();
    for (first, status) in [("Ana", "approved"), ("Eva", "pending"), ("Luz", "approved")] {
        let who = insert_influencer(&app, first, "Ruiz", status).await;
        let code: Value = app
            .post(
                "/api/v1/codes",
                &admin,
                json!({"campaignId": id, "influencerId": who}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(code["status"], "pending");
        codes.push(code["id"].as_str().unwrap().to_owned());
    }
    let (status, body) =
        error_of(app.patch(&path, &admin, json!({"status": "active"})).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["nextTierEvaluationOn"], day(-20));
    assert_eq!(body["version"], 1);
    assert_eq!(body["promotions"][0]["utmCampaign"], "lanzamiento-15");
    // Pausing archives every coupon: every code gets a new revision and a SyncCoupon job.
    let before: Vec<usize> = futures_counts(&app, &codes).await;
    let (status, body) =
        error_of(app.patch(&path, &admin, json!({"status": "paused"})).await).await;
    assert_eq!(status, 200, "{body}");
    let after: Vec<usize> = futures_counts(&app, &codes).await;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(*a, b + 1);
    }
    let listed: Value = app
        .get(&format!("/api/v1/codes?campaignId={id}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    for code in listed["items"].as_array().unwrap() {
        assert_eq!(code["status"], "inactive");
        assert_eq!(code["sync"]["state"], "pending");
        assert_eq!(code["sync"]["revision"], 3);
    }
    let promotions = jobs_of(&app, "SyncPromotion").await;
    assert_eq!(promotions.len(), 3, "created, activated, paused");
    assert!(
        promotions
            .iter()
            .all(|p| p["campaignId"] == id.as_str() && p["discountPercent"] == "15.00")
    );
    let (status, _) = error_of(app.patch(&path, &admin, json!({"status": "ended"})).await).await;
    assert_eq!(status, 200);
    let (status, body) =
        error_of(app.patch(&path, &admin, json!({"status": "active"})).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("invalid_transition"))
    );
    let history: Value = app
        .get(&format!("{path}/status-history"), &admin)
        .await
        .json()
        .await
        .unwrap();
    let steps: Vec<(Value, Value)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["fromStatus"].clone(), h["toStatus"].clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Value::Null, json!("draft")),
            (json!("draft"), json!("active")),
            (json!("active"), json!("paused")),
            (json!("paused"), json!("ended")),
        ]
    );
    assert_eq!(app.audit_actions("campaign.status_changed").await.len(), 3);
    // An ended campaign takes no new members.
    let who = insert_influencer(&app, "Sol", "Mar", "approved").await;
    let response = app
        .post(
            &format!("/api/v1/influencers/{who}/campaigns/{id}"),
            &admin,
            json!({}),
        )
        .await;
    let (status, body) = error_of(response).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("invalid_transition"))
    );
}

async fn futures_counts(app: &TestApp, codes: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    for code in codes {
        out.push(coupon_jobs(app, code).await);
    }
    out
}

#[tokio::test]
async fn tiers_are_replaced_by_level_and_rule_edits_bump_the_version() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let campaign = create_campaign(
        &app,
        &admin,
        brand,
        "niveles",
        json!({"status": "active", "tiers": tiers()}),
    )
    .await;
    let id = campaign["id"].as_str().unwrap();
    let path = format!("/api/v1/campaigns/{id}");
    let ids: Vec<Value> = campaign["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].clone())
        .collect();
    assert_eq!(
        campaign["tiers"][2]["commissionPercent"].to_string(),
        "12.50"
    );
    // A member on the default tier (level 1).
    let who = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    let assigned: Value = app
        .post(
            &format!("/api/v1/influencers/{who}/campaigns/{id}"),
            &admin,
            json!({"generateCode": false}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(assigned["membership"]["tier"]["level"], 1);
    assert_eq!(assigned["membership"]["tier"]["name"], "Bronce");
    // Renaming level 2 and swapping thresholds of levels 2 and 3 keeps every id.
    let edited = json!([
        {"name": "Bronce", "level": 1, "threshold": 0, "commissionPercent": 8, "isDefault": true},
        {"name": "Plata+", "level": 2, "threshold": 2000000, "commissionPercent": 10},
        {"name": "Oro", "level": 3, "threshold": 6000000, "commissionPercent": 13},
        {"name": "Diamante", "level": 4, "threshold": 9000000, "commissionPercent": 15},
    ]);
    let (status, body) = error_of(app.patch(&path, &admin, json!({"tiers": edited})).await).await;
    assert_eq!(status, 200, "{body}");
    let now: Vec<Value> = body["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].clone())
        .collect();
    assert_eq!(now[..3], ids[..]);
    assert_eq!(body["tiers"][1]["name"], "Plata+");
    assert_eq!(body["version"], 2);
    // Removing level 1, which has a current assignment, is refused while active.
    let shifted = json!([
        {"name": "Plata", "level": 1, "threshold": 0, "commissionPercent": 10, "isDefault": true},
    ]);
    let (status, body) = error_of(app.patch(&path, &admin, json!({"tiers": [
        {"name": "Bronce", "level": 1, "threshold": 0, "commissionPercent": 8, "isDefault": true},
    ]})).await)
    .await;
    assert_eq!(
        status, 200,
        "removing unassigned levels 2–4 is fine: {body}"
    );
    assert_eq!(body["tiers"].as_array().unwrap().len(), 1);
    let (status, body) = error_of(app.patch(&path, &admin, json!({"tiers": []})).await).await;
    assert_eq!((status, body["error"].as_str()), (409, Some("tier_in_use")));
    let (status, body) = error_of(app.patch(&path, &admin, json!({"tiers": shifted})).await).await;
    assert_eq!(status, 200, "level 1 stays, only its values change: {body}");
    assert_eq!(body["tiers"][0]["id"], ids[0]);
    // Only rule edits bump the version; names do not; slug is fixed outside draft.
    let (_, body) = error_of(
        app.patch(&path, &admin, json!({"name": "Niveles 2026"}))
            .await,
    )
    .await;
    let version = body["version"].as_i64().unwrap();
    let (_, body) = error_of(
        app.patch(&path, &admin, json!({"includeShipping": true}))
            .await,
    )
    .await;
    assert_eq!(body["version"].as_i64().unwrap(), version + 1);
    let (status, body) = error_of(app.patch(&path, &admin, json!({"slug": "otro"})).await).await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["slug:not_allowed".to_owned()])
    );
    // Tier history of the member: one initial row.
    let mut conn = app.conn().await;
    use afiliados_db::schema::tier_history;
    let reasons: Vec<String> = tier_history::table
        .filter(tier_history::influencer_id.eq(who))
        .select(tier_history::reason)
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(reasons, ["initial"]);
}

#[tokio::test]
async fn drafts_without_usage_can_be_deleted() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let draft = create_campaign(&app, &admin, brand, "borrador", json!({})).await;
    let active = create_campaign(&app, &admin, brand, "activa", json!({"status": "active"})).await;
    let who = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    app.post(
        "/api/v1/codes",
        &admin,
        json!({"campaignId": draft["id"], "influencerId": who}),
    )
    .await;
    let path = |c: &Value| format!("/api/v1/campaigns/{}", c["id"].as_str().unwrap());
    let (status, body) =
        error_of(send(&app, Method::DELETE, &path(&active), &admin, None).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("campaign_not_deletable"))
    );
    let response = send(&app, Method::DELETE, &path(&draft), &admin, None).await;
    assert_eq!(response.status(), 204);
    assert_eq!(app.get(&path(&draft), &admin).await.status(), 404);
    assert_eq!(app.audit_actions("campaign.deleted").await.len(), 1);
    // The slug is free again, and so is its promotion's utmCampaign.
    let again = create_campaign(&app, &admin, brand, "borrador", json!({})).await;
    let (status, body) = error_of(
        app.post(
            "/api/v1/codes",
            &admin,
            json!({"campaignId": again["id"], "influencerId": who}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn campaigns_are_scoped_by_brand_and_membership() {
    let app = spawn_app().await;
    let mine = app.create_brand("cetaphil").await;
    let other = app.create_brand("lrp").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, marca) = marca_login(&app, &[mine]).await;
    let ours = create_campaign(
        &app,
        &marca,
        mine,
        "cet",
        json!({"status": "active", "tiers": tiers()}),
    )
    .await;
    let theirs = create_campaign(&app, &admin, other, "lrp", json!({"status": "active"})).await;
    let (status, body) = error_of(
        app.post(
            "/api/v1/campaigns",
            &marca,
            campaign_body(other, "intruso", json!({})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["brandId:unknown_reference".to_owned()])
    );
    let theirs_path = format!("/api/v1/campaigns/{}", theirs["id"].as_str().unwrap());
    assert_eq!(app.get(&theirs_path, &marca).await.status(), 404);
    assert_eq!(
        app.patch(&theirs_path, &marca, json!({"name": "Mío"}))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("{theirs_path}/influencers"), &marca)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("{theirs_path}/status-history"), &marca)
            .await
            .status(),
        404
    );
    assert_eq!(
        send(&app, Method::DELETE, &theirs_path, &marca, None)
            .await
            .status(),
        404
    );
    let (own, influencer) = influencer_login(&app, "Isa").await;
    let response = app
        .post(
            &format!(
                "/api/v1/influencers/{own}/campaigns/{}",
                theirs["id"].as_str().unwrap()
            ),
            &marca,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), 404);
    let listed: Value = app
        .get("/api/v1/campaigns", &marca)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["id"], ours["id"]);
    // The influencer sees only campaigns it belongs to, reduced, with its tier and codes.
    // admin_marca cannot bring a new influencer into its brand (ADR 0019); staff does.
    let assign_ours = format!(
        "/api/v1/influencers/{own}/campaigns/{}",
        ours["id"].as_str().unwrap()
    );
    let response = app.post(&assign_ours, &marca, json!({})).await;
    assert_eq!(response.status(), 404);
    let response = app.post(&assign_ours, &admin, json!({})).await;
    assert_eq!(response.status(), 201);
    let listed: Value = app
        .get("/api/v1/campaigns", &influencer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    let item = &listed["items"][0];
    assert_eq!(item["myTier"]["name"], "Bronce");
    assert_eq!(item["myCodes"].as_array().unwrap().len(), 1);
    assert_eq!(item["tiers"], json!([]));
    assert_eq!(item["promotions"], json!([]));
    assert_eq!(app.get(&theirs_path, &influencer).await.status(), 404);
    assert_eq!(
        app.patch(&theirs_path, &influencer, json!({}))
            .await
            .status(),
        403
    );
    let (_, auditor) = app.login_as("auditor").await;
    assert_eq!(app.get("/api/v1/campaigns", &auditor).await.status(), 403);
    let (_, finance) = app.login_as("finance").await;
    let listed: Value = app
        .get("/api/v1/campaigns?sort=name", &finance)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 2);
    // Filters.
    let listed: Value = app
        .get(
            &format!("/api/v1/campaigns?brandId={other}&status=active,paused"),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    let listed: Value = app
        .get(&format!("/api/v1/campaigns?activeOn={}", day(90)), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 0);
    for query in ["status=open", "sort=price"] {
        assert_eq!(
            app.get(&format!("/api/v1/campaigns?{query}"), &admin)
                .await
                .status(),
            422
        );
    }
}
