//! Helpers of the onboarding tests: the three policies published through the api, registration
//! bodies with unique emails and documents, and campaigns, memberships and codes written
//! straight to the database (their endpoints belong to another part of the api).

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// The active versions: terms, privacy, habeas_data.
pub(crate) struct Policies {
    pub(crate) ids: Vec<Uuid>,
}

/// Publishes one version of a type as admin; returns the PolicyVersion JSON.
pub(crate) async fn publish(app: &TestApp, admin: &str, kind: &str, version: &str) -> Value {
    let body = json!({
        "version": version,
        "title": format!("Política {kind} {version}"),
        "documentText": format!("Texto de {kind}, versión {version}.\n"),
    });
    let response = app
        .post(&format!("/api/v1/policies/{kind}/versions"), admin, body)
        .await;
    assert_eq!(response.status(), 201, "publishing {kind} {version}");
    response.json().await.unwrap()
}

/// Publishes version 1.0 of terms, privacy and habeas_data.
pub(crate) async fn publish_policies(app: &TestApp, admin: &str) -> Policies {
    let mut ids = Vec::new();
    for kind in ["terms", "privacy", "habeas_data"] {
        let version = publish(app, admin, kind, "1.0").await;
        ids.push(version["id"].as_str().unwrap().parse().unwrap());
    }
    Policies { ids }
}

/// A fresh, valid CC number (10 digits, not starting with 0).
pub(crate) fn unique_cc() -> String {
    let n = Uuid::new_v4().as_u128() % 1_000_000_000;
    format!("1{n:09}")
}

/// A valid registration body with a unique email and document, accepting `ids`.
pub(crate) fn registration(ids: &[Uuid]) -> Value {
    json!({
        "firstName": "Laura",
        "lastName": "Gómez",
        "documentType": "CC",
        "documentNumber": unique_cc(),
        "email": format!("laura.{}@example.co", Uuid::new_v4().simple()),
        "phone": "310 456 7890",
        "city": "Medellín",
        "department": "Antioquia",
        "address": "Calle 10 # 43-12",
        "socialLinks": ["https://instagram.com/laura"],
        "password": PASSWORD,
        "acceptedPolicyVersionIds": ids,
        "marketingOptIn": true,
    })
}

/// `POST /public/influencers`.
pub(crate) async fn register(app: &TestApp, body: &Value) -> Response {
    app.request(Method::POST, "/api/v1/public/influencers")
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Registers and returns the 201 body.
pub(crate) async fn register_ok(app: &TestApp, body: &Value) -> Value {
    let response = register(app, body).await;
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "registration failed: {json}");
    json
}

/// Registers with a password and signs in; returns (influencer JSON, access token).
pub(crate) async fn registered_influencer(app: &TestApp, policies: &Policies) -> (Value, String) {
    let body = registration(&policies.ids);
    let created = register_ok(app, &body).await;
    let pair = app.login(body["email"].as_str().unwrap()).await;
    (created, pair["accessToken"].as_str().unwrap().to_owned())
}

/// The id field of a JSON object.
pub(crate) fn id_of(value: &Value) -> Uuid {
    value["id"].as_str().unwrap().parse().unwrap()
}

/// An active campaign of `brand` that started yesterday.
pub(crate) async fn insert_campaign(app: &TestApp, brand: Uuid, name: &str) -> Uuid {
    use afiliados_db::schema::campaigns;
    let id = afiliados_db::new_id();
    let today = afiliados_domain::bogota_date(Utc::now());
    let mut conn = app.conn().await;
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::id.eq(id),
            campaigns::tenant_id.eq(app.state.tenant_id),
            campaigns::brand_id.eq(brand),
            campaigns::name.eq(name),
            campaigns::slug.eq(format!("c-{}", id.simple())),
            campaigns::start_date.eq(today.pred_opt().unwrap()),
            campaigns::status.eq("active"),
            campaigns::base_commission_percent.eq(rust_decimal::Decimal::new(1000, 2)),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    id
}

/// An active membership.
pub(crate) async fn insert_membership(app: &TestApp, campaign: Uuid, influencer: Uuid) {
    use afiliados_db::schema::campaign_influencers;
    let mut conn = app.conn().await;
    diesel::insert_into(campaign_influencers::table)
        .values((
            campaign_influencers::id.eq(afiliados_db::new_id()),
            campaign_influencers::tenant_id.eq(app.state.tenant_id),
            campaign_influencers::campaign_id.eq(campaign),
            campaign_influencers::influencer_id.eq(influencer),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
}

/// An enabled code of the membership, still `pending`.
pub(crate) async fn insert_code(
    app: &TestApp,
    campaign: Uuid,
    brand: Uuid,
    influencer: Uuid,
) -> Uuid {
    use afiliados_db::schema::discount_codes;
    let id = afiliados_db::new_id();
    let code = format!("TEST{}", &id.simple().to_string()[20..]).to_uppercase();
    let mut conn = app.conn().await;
    diesel::insert_into(discount_codes::table)
        .values((
            discount_codes::id.eq(id),
            discount_codes::tenant_id.eq(app.state.tenant_id),
            discount_codes::campaign_id.eq(campaign),
            discount_codes::influencer_id.eq(influencer),
            discount_codes::brand_id.eq(brand),
            discount_codes::code.eq(code),
            discount_codes::discount_percent.eq(rust_decimal::Decimal::new(1000, 2)),
            discount_codes::created_by.eq("test"),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    id
}

/// Queued e-mails of a template, newest first, with their payloads opened (ADR 0024).
pub(crate) async fn emails(
    app: &TestApp,
    template: &str,
) -> Vec<afiliados_db::email_outbox::OutboxEmailRow> {
    let mut conn = app.conn().await;
    let filter = afiliados_db::email_outbox::EmailFilter {
        template: Some(template.into()),
        ..Default::default()
    };
    let mut rows =
        afiliados_db::email_outbox::list(&mut conn, app.state.tenant_id, &filter, 0, 100)
            .await
            .unwrap()
            .0;
    for row in &mut rows {
        row.payload = app.open_payload(row);
    }
    rows
}

/// In-app notification types of a user, newest first.
pub(crate) async fn notice_types(app: &TestApp, user: Uuid) -> Vec<String> {
    let mut conn = app.conn().await;
    afiliados_db::notifications::list(&mut conn, user, false, 0, 100)
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|n| n.type_)
        .collect()
}

/// Every row of a table as JSON text (`row_to_json`), for "never in clear" checks.
pub(crate) async fn table_text(app: &TestApp, table: &str) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        json: String,
    }
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "SELECT row_to_json(t)::text AS json FROM {table} t"
    ))
    .load::<Row>(&mut conn)
    .await
    .unwrap()
    .into_iter()
    .map(|r| r.json)
    .collect()
}
