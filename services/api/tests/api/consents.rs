//! Consents: scoping of the consent list, accepting active versions (idempotent), `acceptedCount`,
//! and the re-acceptance gate after a new terms version is published. Also the fixtures the
//! certificate and ARCO tests share: policies, influencers (user + influencer rows inserted
//! directly, there is no registration endpoint on this branch) and a campaign with a code.

use afiliados_db::schema::{campaign_influencers, campaigns, discount_codes, influencers};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// An influencer with a user account, signed in.
pub(crate) struct Person {
    pub(crate) user_id: Uuid,
    pub(crate) influencer_id: Uuid,
    pub(crate) email: String,
    pub(crate) token: String,
}

/// Publishes version `version` of the three policy types; answers their ids by type order.
pub(crate) async fn publish_policies(app: &TestApp, admin: &str, version: &str) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for (kind, title) in [
        ("habeas_data", "Autorización de tratamiento de datos"),
        ("privacy", "Política de privacidad"),
        ("terms", "Términos y condiciones"),
    ] {
        let text = format!(
            "{title}, versión {version}.\n\nTexto íntegro de la política: el titular autoriza el tratamiento.\n"
        );
        let response = app
            .post(
                &format!("/api/v1/policies/{kind}/versions"),
                admin,
                json!({ "version": version, "title": title, "documentText": text }),
            )
            .await;
        assert_eq!(response.status(), 201, "publishing {kind} {version}");
        let body: Value = response.json().await.unwrap();
        ids.push(body["id"].as_str().unwrap().parse().unwrap());
    }
    ids
}

fn document_number() -> String {
    let digits: String = Uuid::new_v4()
        .as_u128()
        .to_string()
        .chars()
        .take(9)
        .collect();
    format!("1{digits}")
}

/// Inserts an influencer user and its influencer row (status `status`); answers (user, influencer,
/// email).
pub(crate) async fn insert_influencer(app: &TestApp, status: &str) -> (Uuid, Uuid, String) {
    let email = format!("laura.{}@example.com", Uuid::new_v4().simple());
    let user_id = app.create_user(&email, &["influencer"], &[]).await;
    let id = afiliados_db::new_id();
    let mut conn = app.conn().await;
    diesel::insert_into(influencers::table)
        .values((
            influencers::id.eq(id),
            influencers::tenant_id.eq(app.state.tenant_id),
            influencers::user_id.eq(Some(user_id)),
            influencers::first_name.eq("Laura"),
            influencers::last_name.eq("Gómez Peña"),
            influencers::document_type.eq("CC"),
            influencers::document_number.eq(document_number()),
            influencers::email.eq(&email),
            influencers::phone.eq(Some("+573104567890")),
            influencers::address.eq(Some("Calle 1 # 2-3")),
            influencers::city.eq(Some("Bogotá")),
            influencers::department.eq(Some("Cundinamarca")),
            influencers::social_links.eq(vec!["https://instagram.com/laura".to_owned()]),
            influencers::bank_account_ciphertext.eq(Some(vec![1u8, 2, 3])),
            influencers::bank_account_last4.eq(Some("6789")),
            influencers::bank_account_type.eq(Some("ahorros")),
            influencers::bank_name.eq(Some("Bancolombia")),
            influencers::status.eq(status),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    (user_id, id, email)
}

/// An approved influencer, signed in, that accepted every active version.
pub(crate) async fn consenting_influencer(app: &TestApp) -> Person {
    let (user_id, influencer_id, email) = insert_influencer(app, "approved").await;
    let token = app.login(&email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let profile: Value = app
        .get("/api/v1/auth/profile", &token)
        .await
        .json()
        .await
        .unwrap();
    let pending: Vec<Value> = profile["pendingConsents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["policyVersionId"].clone())
        .collect();
    let accepted = app
        .post(
            "/api/v1/policies/consents",
            &token,
            json!({ "policyVersionIds": pending }),
        )
        .await;
    assert_eq!(accepted.status(), 201);
    Person {
        user_id,
        influencer_id,
        email,
        token,
    }
}

/// An active campaign of a new brand with the influencer as member and one active code; answers
/// the code id.
pub(crate) async fn code_for(app: &TestApp, influencer_id: Uuid) -> Uuid {
    let slug = format!("marca-{}", &Uuid::new_v4().simple().to_string()[..8]);
    let brand_id = app.create_brand(&slug).await;
    let campaign_id = afiliados_db::new_id();
    let code_id = afiliados_db::new_id();
    let mut conn = app.conn().await;
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::id.eq(campaign_id),
            campaigns::tenant_id.eq(app.state.tenant_id),
            campaigns::brand_id.eq(brand_id),
            campaigns::name.eq("Lanzamiento"),
            campaigns::slug.eq(&slug),
            campaigns::start_date.eq(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
            campaigns::status.eq("active"),
            campaigns::base_commission_percent.eq(rust_decimal::Decimal::new(10, 0)),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    diesel::insert_into(campaign_influencers::table)
        .values((
            campaign_influencers::id.eq(afiliados_db::new_id()),
            campaign_influencers::tenant_id.eq(app.state.tenant_id),
            campaign_influencers::campaign_id.eq(campaign_id),
            campaign_influencers::influencer_id.eq(influencer_id),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    let code = format!("LAURA{}", &Uuid::new_v4().simple().to_string()[..6]).to_uppercase();
    diesel::insert_into(discount_codes::table)
        .values((
            discount_codes::id.eq(code_id),
            discount_codes::tenant_id.eq(app.state.tenant_id),
            discount_codes::campaign_id.eq(campaign_id),
            discount_codes::influencer_id.eq(influencer_id),
            discount_codes::brand_id.eq(brand_id),
            discount_codes::code.eq(code),
            discount_codes::discount_percent.eq(rust_decimal::Decimal::new(10, 0)),
            discount_codes::status.eq("active"),
            discount_codes::created_by.eq("test"),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    code_id
}

async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_consent_list_is_scoped_and_accepting_is_idempotent() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let versions = publish_policies(&app, &admin, "1.0").await;
    let laura = consenting_influencer(&app).await;
    let other = consenting_influencer(&app).await;

    let own = app
        .get(
            &format!("/api/v1/policies/consents/{}", laura.influencer_id),
            &laura.token,
        )
        .await;
    assert_eq!(own.status(), 200);
    let own: Value = own.json().await.unwrap();
    let items = own["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["influencerId"], json!(laura.influencer_id));
    assert_eq!(items[0]["channel"], "web");
    assert_eq!(items[0]["userAgent"], "afiliados-api-tests");
    assert_eq!(items[0]["ipAddress"], json!(app.client_ip));
    assert!(items[0]["certificateId"].is_null());
    assert_eq!(items[0]["consentHash"].as_str().unwrap().len(), 64);

    let path = format!("/api/v1/policies/consents/{}", other.influencer_id);
    let (status, body) = error_of(app.get(&path, &laura.token).await).await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
    for role in ["auditor", "gestor_afiliados"] {
        let (_, token) = app.login_as(role).await;
        assert_eq!(app.get(&path, &token).await.status(), 200, "{role}");
    }
    for role in ["finance", "admin_marca"] {
        let (_, token) = app.login_as(role).await;
        assert_eq!(app.get(&path, &token).await.status(), 403, "{role}");
    }
    let unknown = format!("/api/v1/policies/consents/{}", Uuid::new_v4());
    assert_eq!(app.get(&unknown, &admin).await.status(), 404);

    // Accepting again skips what is accepted; an id that is not an active version is refused.
    let again = app
        .post(
            "/api/v1/policies/consents",
            &laura.token,
            json!({ "policyVersionIds": versions }),
        )
        .await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["items"], json!([]));
    assert_eq!(again["pendingConsents"], json!([]));
    let (status, body) = error_of(
        app.post(
            "/api/v1/policies/consents",
            &laura.token,
            json!({ "policyVersionIds": [versions[0], Uuid::new_v4()] }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["details"][0]["field"], "policyVersionIds[1]");
    assert_eq!(body["details"][0]["code"], "policy_version_not_active");
    assert_eq!(
        app.post(
            "/api/v1/policies/consents",
            &admin,
            json!({ "policyVersionIds": versions })
        )
        .await
        .status(),
        403,
        "staff do not consent"
    );
    assert_eq!(app.audit_actions("consent.accepted").await.len(), 6);

    let listed: Value = app
        .get("/api/v1/policies/versions", &admin)
        .await
        .json()
        .await
        .unwrap();
    for item in listed["items"].as_array().unwrap() {
        assert_eq!(item["acceptedCount"], 2, "{item}");
    }
    let public: Value = app
        .get("/api/v1/public/policies", "")
        .await
        .json()
        .await
        .unwrap();
    assert!(public["items"][0].get("acceptedCount").is_none());
}

#[tokio::test]
async fn a_new_terms_version_sends_the_influencer_through_re_acceptance() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    publish_policies(&app, &admin, "1.0").await;
    let laura = consenting_influencer(&app).await;
    assert_eq!(
        app.get("/api/v1/arco/requests", &laura.token)
            .await
            .status(),
        200,
        "nothing pending yet"
    );

    let published = app
        .post(
            "/api/v1/policies/terms/versions",
            &admin,
            json!({ "version": "2.0", "title": "Términos y condiciones",
                    "documentText": "Términos y condiciones del programa de afiliados Medipiel, versión 2.0.\n" }),
        )
        .await;
    assert_eq!(published.status(), 201);
    let terms_2: Value = published.json().await.unwrap();
    let terms_2_id = terms_2["id"].as_str().unwrap().to_owned();

    // The next sign-in works and the profile lists what to accept.
    let token = app.login(&laura.email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let profile: Value = app
        .get("/api/v1/auth/profile", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["influencerId"], json!(laura.influencer_id));
    assert_eq!(profile["influencerStatus"], "approved");
    let pending = profile["pendingConsents"].as_array().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["policyType"], "terms");
    assert_eq!(pending[0]["version"], "2.0");
    assert_eq!(pending[0]["policyVersionId"], terms_2_id);

    // Everything else is refused with the missing version ids.
    for response in [
        app.get("/api/v1/arco/requests", &token).await,
        app.patch("/api/v1/auth/profile", &token, json!({ "locale": "en" }))
            .await,
        app.get(
            &format!(
                "/api/v1/policies/consents/{}/{terms_2_id}/certificate",
                laura.influencer_id
            ),
            &token,
        )
        .await,
    ] {
        let (status, body) = error_of(response).await;
        assert_eq!(status, 403);
        assert_eq!(body["error"], "consent_required");
        assert_eq!(
            body["details"],
            json!([{ "policyVersionIds": [terms_2_id] }])
        );
    }
    // What the gate leaves open.
    let own = format!("/api/v1/policies/consents/{}", laura.influencer_id);
    assert_eq!(app.get(&own, &token).await.status(), 200);
    assert_eq!(app.get("/api/v1/notifications", &token).await.status(), 200);
    assert_eq!(
        app.get("/api/v1/public/policies", &token).await.status(),
        200
    );
    // Staff are never gated.
    assert_eq!(app.get("/api/v1/arco/requests", &admin).await.status(), 200);

    let accepted = app
        .post(
            "/api/v1/policies/consents",
            &token,
            json!({ "policyVersionIds": [terms_2_id] }),
        )
        .await;
    assert_eq!(accepted.status(), 201);
    let accepted: Value = accepted.json().await.unwrap();
    assert_eq!(accepted["items"].as_array().unwrap().len(), 1);
    assert_eq!(accepted["items"][0]["version"], "2.0");
    assert_eq!(accepted["pendingConsents"], json!([]));
    assert_eq!(app.get("/api/v1/arco/requests", &token).await.status(), 200);
    let profile: Value = app
        .get("/api/v1/auth/profile", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["pendingConsents"], json!([]));
    assert_eq!(
        app.post("/api/v1/auth/logout", &token, json!({}))
            .await
            .status(),
        204
    );
}
