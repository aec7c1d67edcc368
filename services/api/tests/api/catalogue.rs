//! Shared set-up of the catalogue tests (brands, campaigns, memberships, codes): influencer
//! rows written through the database (registration is another stream's endpoint), signed-in
//! staff, campaigns created through the api, and outbox/row inspection.

use chrono::{Days, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// An influencer row (no user) with `status`.
pub(crate) async fn insert_influencer(
    app: &TestApp,
    first: &str,
    last: &str,
    status: &str,
) -> Uuid {
    insert_influencer_for(app, first, last, status, None).await
}

/// An influencer row linked to `user_id` when given.
pub(crate) async fn insert_influencer_for(
    app: &TestApp,
    first: &str,
    last: &str,
    status: &str,
    user_id: Option<Uuid>,
) -> Uuid {
    use afiliados_db::schema::influencers;
    let id = afiliados_db::new_id();
    let mut conn = app.conn().await;
    diesel::insert_into(influencers::table)
        .values((
            influencers::id.eq(id),
            influencers::tenant_id.eq(app.state.tenant_id),
            influencers::user_id.eq(user_id),
            influencers::first_name.eq(first),
            influencers::last_name.eq(last),
            influencers::document_type.eq("CC"),
            influencers::document_number
                .eq(format!("{}", 10_000_000 + (id.as_u128() % 89_999_999))),
            influencers::email.eq(format!("{}@influencer.co", id.simple())),
            influencers::status.eq(status),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    id
}

/// An influencer that can sign in: (influencer id, token).
pub(crate) async fn influencer_login(app: &TestApp, first: &str) -> (Uuid, String) {
    let email = format!("in.{}@influencer.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["influencer"], &[]).await;
    let id = insert_influencer_for(app, first, "Prueba", "approved", Some(user)).await;
    let pair = app.login(&email).await;
    (id, pair["accessToken"].as_str().unwrap().to_owned())
}

/// admin_marca of `brands`, signed in.
pub(crate) async fn marca_login(app: &TestApp, brands: &[Uuid]) -> (Uuid, String) {
    let email = format!("am.{}@medipiel.co", Uuid::new_v4().simple());
    let id = app.create_user(&email, &["admin_marca"], brands).await;
    let pair = app.login(&email).await;
    (id, pair["accessToken"].as_str().unwrap().to_owned())
}

/// Today's date shifted by `days` (UTC; tests keep margins of weeks around Bogota's today).
pub(crate) fn day(days: i64) -> String {
    let today = Utc::now().date_naive();
    let date = if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    date.unwrap().to_string()
}

/// A valid create body for `brand`, merged with `extra`.
pub(crate) fn campaign_body(brand: Uuid, slug: &str, extra: Value) -> Value {
    let mut body = json!({
        "brandId": brand, "name": format!("Campaña {slug}"), "slug": slug,
        "startDate": day(-30), "endDate": day(60), "baseCommissionPercent": 10,
        "maxDiscountPercent": 15,
    });
    if let (Some(target), Some(source)) = (body.as_object_mut(), extra.as_object()) {
        for (key, value) in source {
            target.insert(key.clone(), value.clone());
        }
    }
    body
}

/// Creates a campaign through the api; panics unless 201.
pub(crate) async fn create_campaign(
    app: &TestApp,
    token: &str,
    brand: Uuid,
    slug: &str,
    extra: Value,
) -> Value {
    let response = app
        .post(
            "/api/v1/campaigns",
            token,
            campaign_body(brand, slug, extra),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

/// PUT/DELETE helpers the shared helpers do not have.
pub(crate) async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.request(method, path).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// Outbox payloads of one job type.
pub(crate) async fn jobs_of(app: &TestApp, job_type: &str) -> Vec<Value> {
    app.outbox_jobs()
        .await
        .into_iter()
        .filter(|(kind, _)| kind == job_type)
        .map(|(_, payload)| payload)
        .collect()
}

/// `SyncCoupon` jobs queued for one code.
pub(crate) async fn coupon_jobs(app: &TestApp, code_id: &str) -> usize {
    jobs_of(app, "SyncCoupon")
        .await
        .iter()
        .filter(|p| p["codeId"] == code_id)
        .count()
}

/// The error code of a response body.
pub(crate) async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Field names of a 422 body.
pub(crate) fn fields(body: &Value) -> Vec<String> {
    body["details"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}",
                        d["field"].as_str().unwrap_or(""),
                        d["code"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
