//! Memberships through the api: assignment creates the balance row, the tier assignment with
//! its `initial` history row and the first code; re-assignment and status edits.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::catalogue::*;
use crate::helpers::*;

#[tokio::test]
async fn assignment_creates_balance_tier_history_and_code() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("gestor_afiliados").await;
    let campaign =
        create_campaign(&app, &admin, brand, "verano", json!({"status": "active"})).await;
    let id = campaign["id"].as_str().unwrap();
    let who = insert_influencer(&app, "Isabela", "Gómez", "pending").await;
    let path = format!("/api/v1/influencers/{who}/campaigns/{id}");
    let response = app
        .request(reqwest::Method::POST, &path)
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let (status, body) = error_of(response).await;
    assert_eq!(status, 201, "{body}");
    let membership = &body["membership"];
    assert_eq!(membership["status"], "active");
    assert_eq!(membership["influencerName"], "Isabela Gómez");
    assert_eq!(membership["tier"]["level"], 0);
    assert_eq!(membership["tier"]["name"], "Base");
    assert_eq!(membership["tier"]["commissionPercent"].to_string(), "10.00");
    let code = &body["code"];
    assert!(
        code["code"]
            .as_str()
            .unwrap()
            .starts_with("CETAPHIL-ISABELA")
    );
    assert_eq!(
        code["status"], "pending",
        "a pending influencer gets a pending code"
    );
    assert_eq!(code["discountPercent"].to_string(), "15.00");
    assert_eq!(membership["codes"][0], code["code"]);
    let mut conn = app.conn().await;
    {
        use afiliados_db::schema::{influencer_balance, tier_assignments, tier_history};
        let balances: Vec<(uuid::Uuid, String)> = influencer_balance::table
            .filter(influencer_balance::influencer_id.eq(who))
            .select((influencer_balance::brand_id, influencer_balance::currency))
            .load(&mut conn)
            .await
            .unwrap();
        assert_eq!(balances, [(brand, "COP".to_owned())]);
        let levels: Vec<(Option<uuid::Uuid>, i32)> = tier_assignments::table
            .filter(tier_assignments::influencer_id.eq(who))
            .select((tier_assignments::tier_id, tier_assignments::tier_level))
            .load(&mut conn)
            .await
            .unwrap();
        assert_eq!(levels, [(None, 0)]);
        let history: Vec<(String, String, Option<chrono::DateTime<chrono::Utc>>)> =
            tier_history::table
                .filter(tier_history::influencer_id.eq(who))
                .select((
                    tier_history::reason,
                    tier_history::tier_name,
                    tier_history::effective_to,
                ))
                .load(&mut conn)
                .await
                .unwrap();
        assert_eq!(history, [("initial".to_owned(), "Base".to_owned(), None)]);
    }
    assert_eq!(app.audit_actions("membership.created").await.len(), 1);
    assert_eq!(app.audit_actions("code.created").await.len(), 1);
    assert_eq!(coupon_jobs(&app, code["id"].as_str().unwrap()).await, 1);
    // Again: 200, no second code.
    let (status, body) = error_of(app.post(&path, &admin, json!({})).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["code"], Value::Null);
    assert_eq!(body["membership"]["codes"].as_array().unwrap().len(), 1);
    // Deactivating makes its codes inactive and re-syncs them; re-assigning re-activates.
    let (status, body) = error_of(
        app.patch(
            &path,
            &admin,
            json!({"status": "inactive", "notes": "Pausa"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "inactive");
    assert_eq!(body["notes"], "Pausa");
    let now: Value = app
        .get(
            &format!("/api/v1/codes/{}", code["id"].as_str().unwrap()),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["status"], "inactive");
    assert_eq!(now["sync"]["revision"], 2);
    let (status, body) = error_of(app.post(&path, &admin, json!({})).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["membership"]["status"], "active");
    let now: Value = app
        .get(
            &format!("/api/v1/codes/{}", code["id"].as_str().unwrap()),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["status"], "pending");
    assert_eq!(app.audit_actions("membership.updated").await.len(), 2);
}

#[tokio::test]
async fn assignment_options_and_refusals() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let campaign =
        create_campaign(&app, &admin, brand, "verano", json!({"status": "active"})).await;
    let id = campaign["id"].as_str().unwrap();
    let who = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    let path = format!("/api/v1/influencers/{who}/campaigns/{id}");
    let (status, body) = error_of(
        app.post(&path, &admin, json!({"discountPercent": 50}))
            .await,
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["discountPercent:exceeds_campaign_max".to_owned()])
    );
    let (status, body) = error_of(
        app.post(&path, &admin, json!({"notes": "x".repeat(501)}))
            .await,
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["notes:too_long".to_owned()])
    );
    let (status, _) = error_of(
        app.post(&path, &admin, json!({"generateCode": "yes"}))
            .await,
    )
    .await;
    assert_eq!(status, 422);
    let response = app
        .request(reqwest::Method::POST, &path)
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let (status, body) = error_of(
        app.post(
            &path,
            &admin,
            json!({"generateCode": false, "discountPercent": 12}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["code"], Value::Null);
    assert_eq!(body["membership"]["codes"], json!([]));
    // Unknown influencer or campaign: 404; bad membership edits: 422 or 404.
    let missing = uuid::Uuid::new_v4();
    assert_eq!(
        app.post(
            &format!("/api/v1/influencers/{missing}/campaigns/{id}"),
            &admin,
            json!({})
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/influencers/{who}/campaigns/{missing}"),
            &admin,
            json!({})
        )
        .await
        .status(),
        404
    );
    let (status, body) = error_of(app.patch(&path, &admin, json!({"status": "gone"})).await).await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["status:invalid_enum".to_owned()])
    );
    let other = insert_influencer(&app, "Eva", "Paz", "approved").await;
    let response = app
        .patch(
            &format!("/api/v1/influencers/{other}/campaigns/{id}"),
            &admin,
            json!({"status": "inactive"}),
        )
        .await;
    assert_eq!(response.status(), 404);
    // Finance and influencers may not assign.
    let (_, finance) = app.login_as("finance").await;
    assert_eq!(app.post(&path, &finance, json!({})).await.status(), 403);
    // An inactive brand takes no new members.
    let response = app
        .patch(
            &format!("/api/v1/brands/{brand}"),
            &admin,
            json!({"status": "inactive"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let paused = create_campaign_raw_status(&app, id).await;
    assert_eq!(paused, "paused");
    let (status, body) = error_of(
        app.post(
            &format!("/api/v1/influencers/{other}/campaigns/{id}"),
            &admin,
            json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("brand_inactive"))
    );
}

async fn create_campaign_raw_status(app: &TestApp, id: &str) -> String {
    let (_, admin) = app.login_as("admin_dentsu").await;
    let body: Value = app
        .get(&format!("/api/v1/campaigns/{id}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    body["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn campaigns_with_tiers_start_members_on_the_default_tier() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, marca) = marca_login(&app, &[brand]).await;
    let campaign = create_campaign(&app, &marca, brand, "niveles", json!({"tiers": [
        {"name": "Inicial", "level": 1, "threshold": 0, "commissionPercent": 7},
        {"name": "Pro", "level": 2, "threshold": 500000, "commissionPercent": 9, "isDefault": true},
    ]}))
    .await;
    let id = campaign["id"].as_str().unwrap();
    let who = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    // admin_marca reaches only influencers already in its brands (ADR 0019): a gestor brings
    // Ana in through another campaign of the brand first.
    let (_, admin) = app.login_as("admin_dentsu").await;
    let entry = create_campaign(&app, &admin, brand, "entrada", json!({})).await;
    let entry_id = entry["id"].as_str().unwrap();
    let response = app
        .post(
            &format!("/api/v1/influencers/{who}/campaigns/{entry_id}"),
            &admin,
            json!({"generateCode": false}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let (status, body) = error_of(
        app.post(
            &format!("/api/v1/influencers/{who}/campaigns/{id}"),
            &marca,
            json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["membership"]["tier"]["level"], 2);
    assert_eq!(body["membership"]["tier"]["name"], "Pro");
    assert_eq!(body["code"]["status"], "pending", "draft campaign");
    let members: Value = app
        .get(
            &format!("/api/v1/campaigns/{id}/influencers?status=active&q=ana"),
            &marca,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["total"], 1);
    assert_eq!(
        members["items"][0]["tier"]["commissionPercent"].to_string(),
        "9.00"
    );
}

#[tokio::test]
async fn admin_marca_cannot_pull_an_outside_influencer_into_its_brands() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let other = app.create_brand("lrp").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, marca) = marca_login(&app, &[brand]).await;
    let ours = create_campaign(
        &app,
        &marca,
        brand,
        "cet-marca",
        json!({"status": "active"}),
    )
    .await;
    let ours = ours["id"].as_str().unwrap();
    let theirs =
        create_campaign(&app, &admin, other, "lrp-otra", json!({"status": "active"})).await;
    let theirs = theirs["id"].as_str().unwrap();
    let outsider = insert_influencer(&app, "Eva", "Paz", "approved").await;
    let elsewhere = insert_influencer(&app, "Leo", "Gil", "approved").await;
    let response = app
        .post(
            &format!("/api/v1/influencers/{elsewhere}/campaigns/{theirs}"),
            &admin,
            json!({"generateCode": false}),
        )
        .await;
    assert_eq!(response.status(), 201);

    // Neither an influencer of no brand nor one of another brand can be assigned or coded:
    // "not found", as the record itself is for admin_marca (ADR 0019).
    for who in [outsider, elsewhere] {
        let assign = format!("/api/v1/influencers/{who}/campaigns/{ours}");
        assert_eq!(app.post(&assign, &marca, json!({})).await.status(), 404);
        let code = json!({"campaignId": ours, "influencerId": who});
        assert_eq!(app.post("/api/v1/codes", &marca, code).await.status(), 404);
        assert_eq!(
            app.get(&format!("/api/v1/influencers/{who}"), &marca)
                .await
                .status(),
            404
        );
    }
    let members: Value = app
        .get(&format!("/api/v1/campaigns/{ours}/influencers"), &marca)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["total"], 0, "nothing was written");

    // Once staff brings the influencer into the brand, admin_marca works with it.
    let entry = create_campaign(&app, &admin, brand, "cet-entrada", json!({})).await;
    let entry = entry["id"].as_str().unwrap();
    let response = app
        .post(
            &format!("/api/v1/influencers/{outsider}/campaigns/{entry}"),
            &admin,
            json!({"generateCode": false}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let response = app
        .post(
            &format!("/api/v1/influencers/{outsider}/campaigns/{ours}"),
            &marca,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), 201);
}
