//! Brands, withdrawal policies, logos and tax profiles through the api.

use reqwest::Method;
use serde_json::{Value, json};

use crate::catalogue::*;
use crate::helpers::*;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn upload(
    app: &TestApp,
    token: &str,
    brand: &str,
    bytes: Vec<u8>,
    name: &str,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().part("file", part);
    app.request(Method::PUT, &format!("/api/v1/brands/{brand}/logo"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn admins_create_brands_with_policy_and_owners() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let owner = app
        .create_user("owner@medipiel.co", &["admin_marca"], &[])
        .await;
    let gestor = app
        .create_user("g@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let body = json!({
        "name": "Avène", "slug": "avene", "couponPrefix": "AVENE", "vtexBrandId": "2000005",
        "description": "Dermocosmética", "ownerUserIds": [owner],
        "withdrawalPolicy": {"minimumAmount": "50000", "currency": "COP", "holdDays": 3},
    });
    let (status, created) = error_of(app.post("/api/v1/brands", &admin, body.clone()).await).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["ownerUserIds"], json!([owner]));
    assert_eq!(
        created["withdrawalPolicy"]["minimumAmount"].to_string(),
        "50000.00"
    );
    assert_eq!(created["withdrawalPolicy"]["holdDays"], 3);
    assert_eq!(created["status"], "active");
    assert_eq!(created["logoUrl"], Value::Null);
    assert_eq!(app.audit_actions("brand.created").await.len(), 1);
    // The owner now holds the brand.
    let (_, owner_token) = (
        owner,
        app.login("owner@medipiel.co").await["accessToken"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    let listed: Value = app
        .get("/api/v1/brands", &owner_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    assert!(listed["items"][0].get("ownerUserIds").is_none());
    for (change, code) in [
        (
            json!({"slug": "avene", "couponPrefix": "AV2", "vtexBrandId": null}),
            "slug_taken",
        ),
        (
            json!({"slug": "avene-2", "couponPrefix": "AVENE", "vtexBrandId": null}),
            "coupon_prefix_taken",
        ),
        (
            json!({"slug": "avene-2", "couponPrefix": "AV2"}),
            "vtex_brand_id_taken",
        ),
    ] {
        let mut next = body.clone();
        for (k, v) in change.as_object().unwrap() {
            next[k] = v.clone();
        }
        let (status, body) = error_of(app.post("/api/v1/brands", &admin, next).await).await;
        assert_eq!((status, body["error"].as_str()), (409, Some(code)));
    }
    let bad = json!({
        "name": "A", "slug": "Bad Slug", "couponPrefix": "av", "description": "x".repeat(1001),
        "withdrawalPolicy": {"minimumAmount": -1, "currency": "pesos", "holdDays": 91},
    });
    let (status, body) = error_of(app.post("/api/v1/brands", &admin, bad).await).await;
    assert_eq!(status, 422);
    assert_eq!(
        fields(&body),
        [
            "name:too_short",
            "slug:invalid_format",
            "couponPrefix:invalid_format",
            "description:too_long",
            "withdrawalPolicy.minimumAmount:out_of_range",
            "withdrawalPolicy.currency:invalid_format",
            "withdrawalPolicy.holdDays:out_of_range",
        ]
    );
    let mut not_owner = body_with(&body_base(), "ownerUserIds", json!([gestor]));
    not_owner["slug"] = json!("otra");
    let (status, body) = error_of(app.post("/api/v1/brands", &admin, not_owner).await).await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["ownerUserIds:unknown_reference".to_owned()])
    );
    let (_, gestor_token) = app.login_as("gestor_afiliados").await;
    assert_eq!(
        app.post("/api/v1/brands", &gestor_token, body_base())
            .await
            .status(),
        403
    );
}

fn body_base() -> Value {
    json!({"name": "Otra", "slug": "otra-marca", "couponPrefix": "OTRA"})
}

fn body_with(base: &Value, key: &str, value: Value) -> Value {
    let mut out = base.clone();
    out[key] = value;
    out
}

#[tokio::test]
async fn brand_reads_and_edits_are_scoped() {
    let app = spawn_app().await;
    let mine = app.create_brand("cetaphil").await;
    let other = app.create_brand("lrp").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, marca) = marca_login(&app, &[mine]).await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, auditor) = app.login_as("auditor").await;
    let all: Value = app
        .get("/api/v1/brands", &gestor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 2);
    assert!(all["items"][0]["ownerUserIds"].is_array());
    assert_eq!(app.get("/api/v1/brands", &auditor).await.status(), 403);
    assert_eq!(
        app.get(&format!("/api/v1/brands/{other}"), &marca)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/api/v1/brands/{other}/withdrawal-policy"), &marca)
            .await
            .status(),
        404
    );
    let searched: Value = app
        .get("/api/v1/brands?q=CETA&status=active", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(searched["total"], 1);
    assert_eq!(
        app.get("/api/v1/brands?status=gone", &admin).await.status(),
        422
    );
    // admin_marca edits only the description of its own brand.
    let path = format!("/api/v1/brands/{mine}");
    let (status, body) = error_of(
        app.patch(&path, &marca, json!({"description": "Piel sensible"}))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["description"], "Piel sensible");
    assert!(body.get("ownerUserIds").is_none());
    assert_eq!(
        app.patch(&path, &marca, json!({"name": "Otra"}))
            .await
            .status(),
        403
    );
    assert_eq!(
        app.patch(
            &format!("/api/v1/brands/{other}"),
            &marca,
            json!({"description": "x"})
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        app.patch(&path, &gestor, json!({"description": "x"}))
            .await
            .status(),
        403
    );
    let (_, body) = error_of(app.patch(&path, &admin, json!({"description": null})).await).await;
    assert_eq!(body["description"], Value::Null);
    // An influencer sees the brands of its campaigns only.
    let (own, influencer) = influencer_login(&app, "Isa").await;
    assert_eq!(
        app.get("/api/v1/brands", &influencer)
            .await
            .json::<Value>()
            .await
            .unwrap()["total"],
        0
    );
    let campaign = create_campaign(&app, &admin, mine, "verano", json!({})).await;
    let assigned = app
        .post(
            &format!(
                "/api/v1/influencers/{own}/campaigns/{}",
                campaign["id"].as_str().unwrap()
            ),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(assigned.status(), 201);
    let listed: Value = app
        .get("/api/v1/brands", &influencer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    assert_eq!(
        app.get(
            &format!("/api/v1/brands/{mine}/withdrawal-policy"),
            &influencer
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.get(&format!("/api/v1/brands/{other}"), &influencer)
            .await
            .status(),
        404
    );
    // The prefix is fixed once a code uses it.
    let (status, body) = error_of(
        app.patch(&path, &admin, json!({"couponPrefix": "CETA2"}))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("prefix_in_use"))
    );
    let (status, body) = error_of(
        app.patch(
            &format!("/api/v1/brands/{other}"),
            &admin,
            json!({"couponPrefix": "LAROCHE"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["couponPrefix"], "LAROCHE");
}

#[tokio::test]
async fn deactivating_a_brand_pauses_its_active_campaigns() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let active = create_campaign(&app, &admin, brand, "activa", json!({"status": "active"})).await;
    let draft = create_campaign(&app, &admin, brand, "borrador", json!({})).await;
    let who = insert_influencer(&app, "Ana", "Ruiz", "approved").await;
    let code: Value = app
        .post(
            "/api/v1/codes",
            &admin,
            json!({"campaignId": active["id"], "influencerId": who}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(code["status"], "active");
    let (status, body) = error_of(
        app.patch(
            &format!("/api/v1/brands/{brand}"),
            &admin,
            json!({"status": "inactive"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "inactive");
    for (campaign, status) in [(&active, "paused"), (&draft, "draft")] {
        let path = format!("/api/v1/campaigns/{}", campaign["id"].as_str().unwrap());
        let body: Value = app.get(&path, &admin).await.json().await.unwrap();
        assert_eq!(body["status"], status);
    }
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
    assert_eq!(coupon_jobs(&app, code["id"].as_str().unwrap()).await, 2);
    assert_eq!(jobs_of(&app, "SyncPromotion").await.len(), 2);
    assert_eq!(app.audit_actions("brand.status_changed").await.len(), 1);
    // Reactivating the campaign waits for the brand.
    let path = format!("/api/v1/campaigns/{}", active["id"].as_str().unwrap());
    let (status, body) =
        error_of(app.patch(&path, &admin, json!({"status": "active"})).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("brand_inactive"))
    );
}

#[tokio::test]
async fn logos_are_uploaded_and_served_publicly() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let other = app.create_brand("lrp").await;
    let (_, marca) = marca_login(&app, &[brand]).await;
    let public = format!("/api/v1/public/brands/{brand}/logo");
    assert_eq!(
        app.request(Method::GET, &public)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let (status, body) =
        error_of(upload(&app, &marca, &brand.to_string(), PNG.to_vec(), "logo.png").await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["logoUrl"], public);
    let response = app.request(Method::GET, &public).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=86400")
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>".to_vec();
    let (status, _) =
        error_of(upload(&app, &marca, &brand.to_string(), svg, "logo.svg").await).await;
    assert_eq!(status, 200);
    let response = app.request(Method::GET, &public).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    for (bytes, code) in [
        (b"%PDF-1.4 not an image".to_vec(), "file_type_not_allowed"),
        (
            b"<svg onload=\"alert(1)\"></svg>".to_vec(),
            "file_type_not_allowed",
        ),
        (
            [PNG.to_vec(), vec![0; 1024 * 1024]].concat(),
            "file_too_large",
        ),
    ] {
        let (status, body) =
            error_of(upload(&app, &marca, &brand.to_string(), bytes, "x.png").await).await;
        assert_eq!((status, fields(&body)), (422, vec![format!("file:{code}")]));
    }
    let (status, _) =
        error_of(upload(&app, &marca, &other.to_string(), PNG.to_vec(), "logo.png").await).await;
    assert_eq!(status, 404);
    let response = send(
        &app,
        Method::PUT,
        &format!("/api/v1/brands/{brand}/logo"),
        &marca,
        Some(json!({})),
    )
    .await;
    assert_eq!(response.status(), 415);
    assert_eq!(app.audit_actions("brand.updated").await.len(), 2);
}

/// ADR 0020: an SVG logo passes only an element and attribute allow-list. Each vector below
/// is a way to run script or load something when the public logo is opened; the first three
/// passed the old substring blocklist.
#[tokio::test]
async fn svg_logos_pass_only_the_allow_list() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, marca) = marca_login(&app, &[brand]).await;
    let ns = r#"xmlns="http://www.w3.org/2000/svg""#;
    let vectors = [
        "<svg/onload=alert(1)>".to_owned(),
        format!(
            r#"<svg {ns} xmlns:x="http://www.w3.org/1999/xlink"><use x:href="https://evil.example/a.svg#p"/></svg>"#
        ),
        format!(
            r#"<svg {ns}><rect width="1" height="1" style="fill:url(https://evil.example/t)"/></svg>"#
        ),
        format!("<svg {ns}><script>alert(1)</script></svg>"),
        format!(
            r#"<svg {ns} xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)"><rect/></a></svg>"#
        ),
        format!(
            r#"<svg {ns}><foreignObject><body xmlns="http://www.w3.org/1999/xhtml" onload="alert(1)"/></foreignObject></svg>"#
        ),
        format!(r#"<svg {ns}><rect width="1" height="1" onmouseover="alert(1)"/></svg>"#),
        format!(r#"<svg {ns}><use href="https://evil.example/a.svg#p"/></svg>"#),
    ];
    for vector in vectors {
        let (status, body) = error_of(
            upload(
                &app,
                &marca,
                &brand.to_string(),
                vector.clone().into_bytes(),
                "logo.svg",
            )
            .await,
        )
        .await;
        assert_eq!(
            (status, fields(&body)),
            (422, vec!["file:file_type_not_allowed".to_owned()]),
            "{vector}"
        );
    }
    let editor_export = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg {ns} viewBox=\"0 0 20 20\">\
         <defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#0a5\"/></linearGradient></defs>\
         <path d=\"M0 0h20v20z\" fill=\"url(#g)\" style=\"stroke:#000;stroke-width:0.5\"/></svg>\n"
    );
    let (status, body) = error_of(
        upload(
            &app,
            &marca,
            &brand.to_string(),
            editor_export.into_bytes(),
            "logo.svg",
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.audit_actions("brand.updated").await.len(), 1);
}

#[tokio::test]
async fn withdrawal_policies_are_edited_by_finance() {
    let app = spawn_app().await;
    let mine = app.create_brand("cetaphil").await;
    app.create_brand("lrp").await;
    let (_, finance) = app.login_as("finance").await;
    let (_, marca) = marca_login(&app, &[mine]).await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let path = format!("/api/v1/brands/{mine}/withdrawal-policy");
    let policy: Value = app.get(&path, &gestor).await.json().await.unwrap();
    assert_eq!(policy["minimumAmount"].to_string(), "0.00");
    assert_eq!(policy["currency"], "COP");
    let body = json!({"minimumAmount": 20000, "currency": "COP", "holdDays": 5});
    assert_eq!(
        send(&app, Method::PUT, &path, &marca, Some(body.clone()))
            .await
            .status(),
        403
    );
    let (status, body) = error_of(send(&app, Method::PUT, &path, &finance, Some(body)).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["minimumAmount"].to_string(), "20000.00");
    assert_eq!(body["holdDays"], 5);
    assert!(body["updatedBy"].is_string());
    let audit = app.audit_actions("brand.withdrawal_policy_updated").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].before.as_ref().unwrap()["holdDays"], 0);
    assert_eq!(audit[0].after.as_ref().unwrap()["holdDays"], 5);
    let bad = json!({"minimumAmount": "1.234", "currency": "COP", "holdDays": 1});
    assert_eq!(
        send(&app, Method::PUT, &path, &finance, Some(bad))
            .await
            .status(),
        422
    );
    let bad = json!({"minimumAmount": 1, "currency": "cop", "holdDays": 120});
    let (status, body) = error_of(send(&app, Method::PUT, &path, &finance, Some(bad)).await).await;
    assert_eq!(
        (status, fields(&body)),
        (
            422,
            vec![
                "currency:invalid_format".to_owned(),
                "holdDays:out_of_range".to_owned()
            ]
        )
    );
    let listed: Value = app
        .get("/api/v1/payments/policies", &finance)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    let listed: Value = app
        .get("/api/v1/payments/policies", &marca)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.get("/api/v1/payments/policies", &gestor).await.status(),
        403
    );
}

#[tokio::test]
async fn tax_profiles_are_managed_by_finance_and_listed_publicly() {
    let app = spawn_app().await;
    let (_, finance) = app.login_as("finance").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let body = json!({"code": "retefuente_11", "name": "Retención 11 %", "withholdingRate": 11, "thresholdAmount": 1000000});
    let (status, created) = error_of(
        app.post("/api/v1/tax-profiles", &finance, body.clone())
            .await,
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["withholdingRate"].to_string(), "11.00");
    let (status, error) = error_of(app.post("/api/v1/tax-profiles", &finance, body).await).await;
    assert_eq!((status, error["error"].as_str()), (409, Some("code_taken")));
    let (status, error) = error_of(
        app.post(
            "/api/v1/tax-profiles",
            &finance,
            json!({"code": "Bad", "name": "x", "withholdingRate": 120}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "{error}");
    let (status, error) = error_of(
        app.post(
            "/api/v1/tax-profiles",
            &finance,
            json!({"code": "Bad", "name": "x", "withholdingRate": 5}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, fields(&error)),
        (
            422,
            vec![
                "code:invalid_format".to_owned(),
                "name:too_short".to_owned()
            ]
        )
    );
    app.post(
        "/api/v1/tax-profiles",
        &finance,
        json!({"code": "exento", "name": "Exento", "withholdingRate": 0, "active": false}),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let (status, patched) = error_of(
        app.patch(
            &format!("/api/v1/tax-profiles/{id}"),
            &finance,
            json!({"name": "Retefuente"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(patched["name"], "Retefuente");
    assert_eq!(patched["code"], "retefuente_11");
    assert_eq!(
        app.patch(
            &format!("/api/v1/tax-profiles/{}", uuid::Uuid::new_v4()),
            &finance,
            json!({})
        )
        .await
        .status(),
        404
    );
    let listed: Value = app
        .get("/api/v1/tax-profiles", &finance)
        .await
        .json()
        .await
        .unwrap();
    let count_before = listed["items"].as_array().unwrap().len();
    assert!(count_before >= 2);
    assert_eq!(app.get("/api/v1/tax-profiles", &gestor).await.status(), 403);
    let public: Value = app
        .request(Method::GET, "/api/v1/public/tax-profiles")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = public["items"].as_array().unwrap();
    assert!(items.iter().any(|p| p["code"] == "retefuente_11"));
    assert!(items.iter().all(|p| p["code"] != "exento"));
    assert!(items.iter().all(|p| p.get("withholdingRate").is_none()));
    assert_eq!(app.audit_actions("tax_profile.created").await.len(), 2);
    assert_eq!(app.audit_actions("tax_profile.updated").await.len(), 1);
}
