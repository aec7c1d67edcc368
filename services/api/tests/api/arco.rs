//! ARCO requests: permissions and scoping, business-day deadlines, and the lifecycle of each type
//! — access export, rectification, revocation (account blocked, coupons re-synced) and deletion
//! (the person anonymised while its audit rows stay untouched).

use afiliados_db::schema::{
    audit_log, bank_account_changes, discount_codes, documents, email_outbox, influencer_balance,
    influencers, job_outbox, status_history, users,
};
use afiliados_domain::ManualClock;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::consents::{Person, code_for, consenting_influencer, publish_policies};
use crate::helpers::*;

async fn file(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let response = app.post("/api/v1/arco/requests", token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn resolve(app: &TestApp, token: &str, id: &Value, body: Value) -> (u16, Value) {
    let path = format!("/api/v1/arco/requests/{}/resolve", id.as_str().unwrap());
    let response = app.post(&path, token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn setup() -> (TestApp, String, Person) {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    publish_policies(&app, &admin, "1.0").await;
    let laura = consenting_influencer(&app).await;
    (app, admin, laura)
}

async fn emails_to(app: &TestApp, template: &str) -> Vec<(String, String, Value)> {
    let mut conn = app.conn().await;
    email_outbox::table
        .filter(email_outbox::template.eq(template))
        .select((
            email_outbox::recipient,
            email_outbox::status,
            email_outbox::payload,
        ))
        .load(&mut conn)
        .await
        .unwrap()
}

/// Colombian public holidays around the dates these tests file on (`BUSINESS_HOLIDAYS`).
const HOLIDAYS: [&str; 8] = [
    "2026-03-23", // San José (moved to Monday)
    "2026-04-02", // Jueves Santo
    "2026-04-03", // Viernes Santo
    "2026-12-08", // Inmaculada Concepción
    "2026-12-25", // Navidad
    "2027-01-01", // Año Nuevo
    "2027-01-11", // Reyes Magos (moved to Monday)
    "2027-03-22", // San José (moved to Monday)
];

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

/// An api whose clock stands at `now`, with the Colombian holidays configured, and the three
/// policies published.
async fn app_at(now: &str) -> (TestApp, ManualClock) {
    let clock = ManualClock::new(at(now));
    let app = spawn_app_at(&clock, |settings| {
        settings.onboarding.business_holidays =
            HOLIDAYS.iter().map(|d| d.parse().unwrap()).collect();
    })
    .await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    publish_policies(&app, &admin, "1.0").await;
    (app, clock)
}

/// Files a request of `kind` as a new influencer (signed in at the clock's instant) and answers
/// its `createdAt` and `dueAt`.
async fn file_now(app: &TestApp, kind: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    let person = consenting_influencer(app).await;
    let (status, body) = file(app, &person.token, json!({ "type": kind })).await;
    assert_eq!(status, 201, "{body}");
    let created = body["createdAt"].as_str().unwrap().parse().unwrap();
    let due = body["dueAt"].as_str().unwrap().parse().unwrap();
    (created, due)
}

#[tokio::test]
async fn filing_is_scoped_and_due_dates_count_business_days() {
    // Monday 2026-03-02, 10:00 in Bogota: ten business days later is Monday 2026-03-16, 10:00.
    let clock = ManualClock::new(at("2026-03-02T15:00:00Z"));
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    publish_policies(&app, &admin, "1.0").await;
    let laura = consenting_influencer(&app).await;
    let other = consenting_influencer(&app).await;
    let (status, body) = file(&app, &laura.token, json!({ "type": "access" })).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "received");
    assert_eq!(body["channel"], "web");
    assert_eq!(body["influencerId"], json!(laura.influencer_id));
    assert_eq!(body["exportAvailable"], false);
    let created: DateTime<Utc> = body["createdAt"].as_str().unwrap().parse().unwrap();
    let due: DateTime<Utc> = body["dueAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(created, at("2026-03-02T15:00:00Z"), "the injected clock");
    assert_eq!(due, at("2026-03-16T15:00:00Z"));

    let (status, body) = file(&app, &laura.token, json!({ "type": "access" })).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("arco_request_open"))
    );
    let (status, _) = file(
        &app,
        &laura.token,
        json!({ "type": "access", "influencerId": other.influencer_id }),
    )
    .await;
    assert_eq!(status, 404, "a body naming another influencer");
    let (status, body) = file(
        &app,
        &laura.token,
        json!({ "type": "delete", "channel": "phone" }),
    )
    .await;
    assert_eq!(
        (status, body["details"][0]["field"].as_str()),
        (422, Some("channel"))
    );
    let (status, body) = file(&app, &laura.token, json!({ "type": "forget" })).await;
    assert_eq!(
        (status, body["details"][0]["field"].as_str()),
        (422, Some("type"))
    );
    let (status, body) = file(&app, &admin, json!({ "type": "revoke" })).await;
    assert_eq!(
        (status, body["details"][0]["field"].as_str()),
        (422, Some("influencerId"))
    );
    let (status, body) = file(
        &app,
        &admin,
        json!({ "type": "revoke", "influencerId": Uuid::new_v4() }),
    )
    .await;
    assert_eq!(
        (status, body["details"][0]["code"].as_str()),
        (422, Some("unknown_reference"))
    );
    let (status, body) = file(
        &app,
        &admin,
        json!({ "type": "revoke", "influencerId": other.influencer_id, "channel": "in_person" }),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(body["channel"], "in_person");
    assert!(body["requestedBy"].is_string());
    for role in ["admin_marca", "finance", "auditor"] {
        let (_, token) = app.login_as(role).await;
        let (status, _) = file(
            &app,
            &token,
            json!({ "type": "access", "influencerId": laura.influencer_id }),
        )
        .await;
        assert_eq!(status, 403, "{role} files nothing");
    }

    // Lists: staff see all, an influencer only its own whatever the filter says.
    let all: Value = app
        .get("/api/v1/arco/requests", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 2);
    let own: Value = app
        .get(
            &format!("/api/v1/arco/requests?influencerId={}", other.influencer_id),
            &laura.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["total"], 1);
    assert_eq!(own["items"][0]["influencerId"], json!(laura.influencer_id));
    let filtered: Value = app
        .get(
            "/api/v1/arco/requests?type=revoke&status=received&overdue=false",
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["total"], 1);
    let overdue: Value = app
        .get("/api/v1/arco/requests?overdue=true", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(overdue["total"], 0);
    assert_eq!(
        app.get("/api/v1/arco/requests?status=lost", &admin)
            .await
            .status(),
        422
    );
    let (_, finance) = app.login_as("finance").await;
    assert_eq!(
        app.get("/api/v1/arco/requests", &finance).await.status(),
        403
    );
    let foreign = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["influencerId"] == json!(other.influencer_id))
        .unwrap();
    let path = format!("/api/v1/arco/requests/{}", foreign["id"].as_str().unwrap());
    assert_eq!(app.get(&path, &laura.token).await.status(), 404);
    assert_eq!(app.get(&path, &other.token).await.status(), 200);

    // Side effects of filing.
    assert_eq!(app.audit_actions("arco.created").await.len(), 2);
    let received = emails_to(&app, "arco_request_received").await;
    assert_eq!(received.len(), 2);
    assert!(
        received
            .iter()
            .any(|(to, _, payload)| *to == laura.email && payload["requestType"] == "access")
    );
    let feed: Value = app
        .get("/api/v1/notifications", &admin)
        .await
        .json()
        .await
        .unwrap();
    let types: Vec<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["type"].as_str())
        .collect();
    assert_eq!(types.iter().filter(|t| **t == "arco.received").count(), 2);
}

#[tokio::test]
async fn filing_on_each_day_of_the_week_counts_ten_business_days() {
    let (app, clock) = app_at("2026-03-02T15:00:00Z").await;
    // (filed at, due at), computed by hand: 10:00 Bogota (15:00Z) on each day of the week of
    // Monday 2026-03-02; a weekend filing counts from Monday, so Friday, Saturday and Sunday share
    // a due date. Last, Friday 23:30 Bogota, which is already Saturday in UTC: the business date
    // is the Friday and the deadline keeps the Bogota time of day.
    let cases = [
        ("2026-03-02T15:00:00Z", "2026-03-16T15:00:00Z"), // Monday → Monday
        ("2026-03-03T15:00:00Z", "2026-03-17T15:00:00Z"), // Tuesday → Tuesday
        ("2026-03-04T15:00:00Z", "2026-03-18T15:00:00Z"), // Wednesday → Wednesday
        ("2026-03-05T15:00:00Z", "2026-03-19T15:00:00Z"), // Thursday → Thursday
        ("2026-03-06T15:00:00Z", "2026-03-20T15:00:00Z"), // Friday → Friday
        ("2026-03-07T15:00:00Z", "2026-03-20T15:00:00Z"), // Saturday → Friday
        ("2026-03-08T15:00:00Z", "2026-03-20T15:00:00Z"), // Sunday → Friday
        ("2026-03-07T04:30:00Z", "2026-03-21T04:30:00Z"), // Friday 23:30 → Friday 23:30
    ];
    for (filed, expected) in cases {
        clock.set(at(filed));
        let (created, due) = file_now(&app, "access").await;
        assert_eq!(created, at(filed));
        assert_eq!(due, at(expected), "filed {filed}");
    }
}

#[tokio::test]
async fn filing_on_a_colombian_holiday_skips_the_holidays_of_the_period() {
    // Monday 2026-03-23 (San José) 10:00 Bogota. Counting from the Tuesday and skipping Jueves
    // and Viernes Santo (2 and 3 April): ten business days end on Wednesday 8 April, fifteen on
    // Wednesday 15 April (without the holidays they would be 6 and 13 April).
    let (app, _clock) = app_at("2026-03-23T15:00:00Z").await;
    let (_, due) = file_now(&app, "access").await;
    assert_eq!(due, at("2026-04-08T15:00:00Z"));
    let (_, due) = file_now(&app, "revoke").await;
    assert_eq!(due, at("2026-04-15T15:00:00Z"));
}

#[tokio::test]
async fn filing_across_the_year_end_skips_new_year_and_reyes() {
    // Monday 2026-12-28 10:00 Bogota. Business days: 29, 30, 31 December, (1 January is a
    // holiday) 4–8 January, (11 January, Reyes, is a holiday) 12, 13 → due Wednesday 2027-01-13;
    // fifteen continue 14, 15, 18, 19, 20 → Wednesday 2027-01-20.
    let (app, _clock) = app_at("2026-12-28T15:00:00Z").await;
    let (_, due) = file_now(&app, "access").await;
    assert_eq!(due, at("2027-01-13T15:00:00Z"));
    let (_, due) = file_now(&app, "delete").await;
    assert_eq!(due, at("2027-01-20T15:00:00Z"));
}

#[tokio::test]
async fn an_access_request_produces_an_encrypted_export() {
    let (app, admin, laura) = setup().await;
    let (_, body) = file(&app, &laura.token, json!({ "type": "access" })).await;
    let id = body["id"].clone();
    let start = format!("/api/v1/arco/requests/{}/start", id.as_str().unwrap());
    assert_eq!(
        app.post(&start, &laura.token, json!({})).await.status(),
        403
    );
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let started = app.post(&start, &gestor, json!({})).await;
    assert_eq!(started.status(), 200);
    assert_eq!(
        started.json::<Value>().await.unwrap()["status"],
        "in_progress"
    );
    let again = app.post(&start, &gestor, json!({})).await;
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<Value>().await.unwrap()["error"],
        "invalid_transition"
    );
    let export = format!("/api/v1/arco/requests/{}/export", id.as_str().unwrap());
    assert_eq!(
        app.get(&export, &admin).await.status(),
        404,
        "no export before completion"
    );

    let (status, body) = resolve(
        &app,
        &gestor,
        &id,
        json!({ "decision": "completed", "notes": "ok" }),
    )
    .await;
    assert_eq!(
        (status, body["details"][0]["field"].as_str()),
        (422, Some("notes"))
    );
    let (status, body) = resolve(
        &app,
        &gestor,
        &id,
        json!({ "decision": "done", "notes": "Entregado" }),
    )
    .await;
    assert_eq!(
        (status, body["details"][0]["field"].as_str()),
        (422, Some("decision"))
    );
    let (status, body) = resolve(
        &app,
        &gestor,
        &id,
        json!({ "decision": "completed", "notes": "Exportación generada" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "completed");
    assert_eq!(body["exportAvailable"], true);
    assert_eq!(body["resolutionNotes"], "Exportación generada");
    let (status, body) = resolve(
        &app,
        &gestor,
        &id,
        json!({ "decision": "rejected", "notes": "Otra vez" }),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("arco_not_open"))
    );

    let download = app.get(&export, &laura.token).await;
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let sha = download.headers()["x-content-sha256"]
        .to_str()
        .unwrap()
        .to_owned();
    let bytes = download.bytes().await.unwrap();
    assert_eq!(afiliados_crypto::sha256_hex(&bytes), sha);
    let data: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(data["profile"]["email"], laura.email);
    assert_eq!(data["profile"]["phone"], "+573104567890");
    assert_eq!(
        data["profile"]["bankAccount"],
        json!({ "bankName": "Bancolombia", "accountType": "ahorros", "last4": "6789" })
    );
    assert_eq!(data["consents"].as_array().unwrap().len(), 3);
    assert_eq!(data["arcoRequests"].as_array().unwrap().len(), 1);
    assert_eq!(data["account"]["userId"], json!(laura.user_id));
    for section in ["orders", "commissions", "ledger", "withdrawals", "payments"] {
        assert_eq!(data[section]["items"], json!([]), "{section}");
        assert!(data[section]["note"].is_string());
    }
    // The stored object is sealed: the plaintext is nowhere on disk.
    let mut conn = app.conn().await;
    let key: String = documents::table
        .filter(documents::owner_type.eq("arco_request"))
        .select(documents::storage_key)
        .first(&mut conn)
        .await
        .unwrap();
    let sealed = app.state.storage.get(&key).await.unwrap();
    assert!(find(&sealed, laura.email.as_bytes()).is_none());

    let (_, auditor) = app.login_as("auditor").await;
    assert_eq!(app.get(&export, &auditor).await.status(), 200);
    let other = consenting_influencer(&app).await;
    assert_eq!(app.get(&export, &other.token).await.status(), 404);
    assert_eq!(app.audit_actions("arco.export_downloaded").await.len(), 2);
    assert_eq!(app.audit_actions("arco.started").await.len(), 1);
    assert_eq!(app.audit_actions("arco.resolved").await.len(), 1);
    let resolved = emails_to(&app, "arco_request_resolved").await;
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0].2["decision"], "completed");
    let feed: Value = app
        .get("/api/v1/notifications", &laura.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["type"] == "arco.resolved")
    );
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn a_rectification_applies_validated_fields() {
    let (app, admin, laura) = setup().await;
    let (status, body) = file(
        &app,
        &laura.token,
        json!({ "type": "rectify", "details": { "phone": "2345678", "iban": "x" } }),
    )
    .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"details.phone") && fields.contains(&"details.iban"),
        "{fields:?}"
    );
    let (status, body) = file(
        &app,
        &laura.token,
        json!({ "type": "rectify", "details": { "phone": "310 456 0000", "city": "Medellín" } }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].clone();

    // Staff correct the values before applying them; invalid corrections are refused whole.
    let (status, _) = resolve(
        &app,
        &admin,
        &id,
        json!({ "decision": "completed", "notes": "Corregido",
        "details": { "documentNumber": "0123456" } }),
    )
    .await;
    assert_eq!(status, 422);
    let new_email = format!("laura.nueva.{}@example.com", Uuid::new_v4().simple());
    let (status, body) = resolve(&app, &admin, &id, json!({ "decision": "completed", "notes": "Datos corregidos",
        "details": { "phone": "+57 601 234 5678", "city": "Medellín", "email": new_email.to_uppercase(),
                     "socialLinks": ["https://tiktok.com/@laura"] } })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["details"]["phone"], "+57 601 234 5678");
    let conn = app.conn().await;
    let row = afiliados_db::influencers::find(&conn, app.state.tenant_id, laura.influencer_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.phone.as_deref(), Some("+576012345678"));
    assert_eq!(row.city.as_deref(), Some("Medellín"));
    assert_eq!(row.email, new_email);
    assert_eq!(
        row.social_links,
        vec!["https://tiktok.com/@laura".to_owned()]
    );
    drop(conn);
    assert_eq!(
        app.login_raw(&new_email, PASSWORD, None).await.status(),
        200,
        "the user's e-mail follows"
    );
    let updated = app.audit_actions("influencer.updated").await;
    assert_eq!(updated.len(), 1);
    assert!(
        !updated[0]
            .after
            .as_ref()
            .unwrap()
            .to_string()
            .contains("601"),
        "values stay out of the audit"
    );

    // A rejected rectification changes nothing.
    let (_, body) = file(
        &app,
        &laura.token,
        json!({ "type": "rectify", "details": { "lastName": "Gómez" } }),
    )
    .await;
    let (status, body) = resolve(
        &app,
        &admin,
        &body["id"],
        json!({ "decision": "rejected", "notes": "Sin soporte documental" }),
    )
    .await;
    assert_eq!((status, body["status"].as_str()), (200, Some("rejected")));
    let conn = app.conn().await;
    let row = afiliados_db::influencers::find(&conn, app.state.tenant_id, laura.influencer_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.last_name, "Gómez Peña");
}

#[tokio::test]
async fn a_revocation_blocks_the_account_and_archives_its_coupons() {
    let (app, admin, laura) = setup().await;
    let code_id = code_for(&app, laura.influencer_id).await;
    let (_, body) = file(&app, &laura.token, json!({ "type": "revoke" })).await;
    let (status, body) = resolve(
        &app,
        &admin,
        &body["id"],
        json!({ "decision": "completed", "notes": "Consentimiento revocado" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let consents: Value = app
        .get(
            &format!("/api/v1/policies/consents/{}", laura.influencer_id),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let items = consents["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|c| c["revokedAt"].is_string()));
    assert_eq!(app.audit_actions("consent.revoked").await.len(), 3);
    assert_eq!(
        app.get("/api/v1/auth/profile", &laura.token).await.status(),
        401,
        "sessions revoked"
    );
    let login = app.login_raw(&laura.email, PASSWORD, None).await;
    assert_eq!(login.status(), 403);
    assert_eq!(
        login.json::<Value>().await.unwrap()["error"],
        "account_suspended"
    );

    let mut conn = app.conn().await;
    let influencer =
        afiliados_db::influencers::find(&conn, app.state.tenant_id, laura.influencer_id)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(influencer.status.as_str(), "suspended");
    assert_eq!(influencer.status_reason.as_deref(), Some("consent_revoked"));
    let user_status: String = users::table
        .find(laura.user_id)
        .select(users::status)
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(user_status, "suspended");
    let history: Vec<(String, Option<String>)> = status_history::table
        .filter(status_history::entity_id.eq(laura.influencer_id))
        .select((status_history::to_status, status_history::reason))
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        history,
        vec![("suspended".to_owned(), Some("consent_revoked".to_owned()))]
    );
    let code_status: String = discount_codes::table
        .find(code_id)
        .select(discount_codes::status)
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(code_status, "inactive");
    let jobs: Vec<Value> = job_outbox::table
        .filter(job_outbox::job_type.eq("SyncCoupon"))
        .select(job_outbox::payload)
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(jobs, vec![json!({ "codeId": code_id })]);
}

#[tokio::test]
async fn a_deletion_anonymises_the_person_while_its_audit_entries_remain() {
    let (app, admin, laura) = setup().await;
    let code_id = code_for(&app, laura.influencer_id).await;
    // A stored KYC document, a pending e-mail and a positive balance.
    let document_id = afiliados_db::new_id();
    let key = format!("influencer/{}/{document_id}", laura.influencer_id);
    let key_id = app
        .state
        .storage
        .put_sealed(&key, b"%PDF-1.4 cedula", &app.state.data_keys, b"kyc")
        .await
        .unwrap();
    let mut conn = app.conn().await;
    diesel::insert_into(documents::table)
        .values((
            documents::id.eq(document_id),
            documents::tenant_id.eq(app.state.tenant_id),
            documents::owner_type.eq("influencer"),
            documents::owner_id.eq(laura.influencer_id),
            documents::kind.eq("id_document"),
            documents::filename.eq("cedula.pdf"),
            documents::content_type.eq("application/pdf"),
            documents::size_bytes.eq(15i64),
            documents::sha256.eq(afiliados_crypto::sha256_hex(b"%PDF-1.4 cedula")),
            documents::storage_key.eq(&key),
            documents::encryption_key_id.eq(Some(key_id)),
            documents::uploaded_by.eq(laura.user_id.to_string()),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    let brand_id: Uuid = discount_codes::table
        .find(code_id)
        .select(discount_codes::brand_id)
        .first(&mut conn)
        .await
        .unwrap();
    diesel::insert_into(influencer_balance::table)
        .values((
            influencer_balance::id.eq(afiliados_db::new_id()),
            influencer_balance::tenant_id.eq(app.state.tenant_id),
            influencer_balance::influencer_id.eq(laura.influencer_id),
            influencer_balance::brand_id.eq(brand_id),
            influencer_balance::confirmed.eq(rust_decimal::Decimal::new(500_000, 2)),
            influencer_balance::available.eq(rust_decimal::Decimal::new(500_000, 2)),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    // An access export first, so the deletion must purge it too.
    let (_, access) = file(&app, &laura.token, json!({ "type": "access" })).await;
    resolve(
        &app,
        &admin,
        &access["id"],
        json!({ "decision": "completed", "notes": "Exportación" }),
    )
    .await;
    // A staff bank change waiting for its second person (her fixture account is re-sealed for
    // real first: the change reads the current one).
    let current: afiliados_domain::BankAccount = serde_json::from_value(json!({
        "accountHolder": "Laura", "bankName": "Bancolombia",
        "accountType": "ahorros", "accountNumber": "123456789" }))
    .unwrap();
    let sealed = afiliados_api::usecases::influencers::bank::seal(
        &app.state.data_keys,
        laura.influencer_id,
        &current,
    )
    .unwrap();
    diesel::update(influencers::table.find(laura.influencer_id))
        .set(influencers::bank_account_ciphertext.eq(Some(sealed.ciphertext)))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let account = json!({ "accountHolder": "Laura", "bankName": "Bancolombia",
        "accountType": "ahorros", "accountNumber": "99988877766" });
    let pending = app
        .patch(
            &format!("/api/v1/influencers/{}", laura.influencer_id),
            &gestor,
            json!({ "bankAccount": account }),
        )
        .await;
    assert_eq!(pending.status(), 200, "{:?}", pending.text().await);
    let (_, body) = file(&app, &laura.token, json!({ "type": "delete" })).await;
    let id = body["id"].clone();
    afiliados_db::email_outbox::insert(
        &mut *app.conn().await,
        app.state.tenant_id,
        &laura.email,
        Some(laura.user_id),
        "policy_updated",
        "es",
        &json!({ "firstName": "Laura" }),
    )
    .await
    .unwrap();
    let certificate = app
        .get(
            &format!(
                "/api/v1/policies/consents/{}/{}/certificate",
                laura.influencer_id,
                publish_ids(&app).await[0]
            ),
            &laura.token,
        )
        .await;
    assert_eq!(certificate.status(), 200);

    let audit_before = audit_rows(&app).await;
    let about_her: Vec<&AuditSnapshot> = audit_before
        .iter()
        .filter(|row| {
            row.entity_id.as_deref() == Some(&laura.influencer_id.to_string())
                || row.actor_user_id == Some(laura.user_id)
        })
        .collect();
    assert!(
        about_her.len() >= 3,
        "her own acts and acts on her record are audited"
    );

    let (status, body) = resolve(
        &app,
        &admin,
        &id,
        json!({ "decision": "completed", "notes": "Datos suprimidos" }),
    )
    .await;
    assert_eq!(
        (status, body["details"][0]["field"].as_str()),
        (422, Some("acknowledgePositiveBalance"))
    );
    let (status, body) = resolve(
        &app,
        &admin,
        &id,
        json!({ "decision": "completed", "notes": "Datos suprimidos",
        "acknowledgePositiveBalance": true }),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let mut conn = app.conn().await;
    let row = influencers::table
        .find(laura.influencer_id)
        .select(afiliados_db::influencers::Influencer::as_select())
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        (row.first_name.as_str(), row.last_name.as_str()),
        ("Anonimizado", "Anonimizado")
    );
    assert_eq!(
        row.email,
        format!("anon-{}@invalid.local", laura.influencer_id)
    );
    assert_eq!(
        row.document_number,
        format!("ANON-{}", &laura.influencer_id.to_string()[..8])
    );
    assert!(
        row.phone.is_none()
            && row.address.is_none()
            && row.city.is_none()
            && row.department.is_none()
    );
    assert!(
        row.social_links.is_empty()
            && row.bank_account_ciphertext.is_none()
            && row.bank_account_last4.is_none()
    );
    assert!(row.bank_name.is_none() && row.tax_profile_id.is_none() && row.anonymized_at.is_some());
    let changes: Vec<(String, Option<Vec<u8>>)> = bank_account_changes::table
        .filter(bank_account_changes::influencer_id.eq(laura.influencer_id))
        .select((
            bank_account_changes::status,
            bank_account_changes::bank_account_ciphertext,
        ))
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        changes,
        [("superseded".to_owned(), None)],
        "the waiting bank change is closed and its sealed account dropped"
    );
    let user = users::table
        .find(laura.user_id)
        .select(afiliados_db::users::User::as_select())
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(user.status.as_str(), "deleted");
    assert_eq!(user.email, row.email);
    assert_eq!(user.first_name, "Anonimizado");
    assert!(user.password_hash.is_none());
    assert!(
        !app.state.storage.exists(&key).await.unwrap(),
        "KYC object purged"
    );
    let purged: Vec<(Uuid, Option<DateTime<Utc>>)> = documents::table
        .select((documents::id, documents::purged_at))
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(purged.len(), 2, "the KYC file and the earlier export");
    assert!(purged.iter().all(|(_, at)| at.is_some()));
    let statuses: Vec<(String, String)> = email_outbox::table
        .filter(email_outbox::template.eq("policy_updated"))
        .filter(email_outbox::recipient.eq(&laura.email))
        .select((email_outbox::template, email_outbox::status))
        .load(&mut conn)
        .await
        .unwrap();
    assert!(
        statuses.iter().all(|(_, status)| status == "cancelled"),
        "{statuses:?}"
    );
    let resolved = emails_to(&app, "arco_request_resolved").await;
    let last = resolved
        .iter()
        .find(|(_, _, p)| p["requestType"] == "delete")
        .unwrap();
    assert_eq!(last.0, laura.email, "told at the address it had");
    assert_eq!(last.2["firstName"], "Laura");
    assert_eq!(last.2["notes"], "Datos suprimidos");
    let code: (bool, String) = discount_codes::table
        .find(code_id)
        .select((discount_codes::enabled, discount_codes::status))
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(code, (false, "inactive".to_owned()));
    drop(conn);
    let login = app.login_raw(&laura.email, PASSWORD, None).await;
    assert_eq!(login.status(), 401);
    let consents: Value = app
        .get(
            &format!("/api/v1/policies/consents/{}", laura.influencer_id),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        consents["items"].as_array().unwrap().len(),
        3,
        "consents are kept, by hash"
    );
    assert!(
        consents["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["certificateId"].is_null()),
        "certificates dropped"
    );

    // Every audit row written before is still there, unchanged, and the table refuses rewrites.
    let audit_after = audit_rows(&app).await;
    for row in &audit_before {
        assert!(
            audit_after.contains(row),
            "audit row {} changed or vanished",
            row.id
        );
    }
    assert!(audit_after.len() > audit_before.len());
    let mut conn = app.conn().await;
    let rewrite =
        diesel::update(audit_log::table.filter(audit_log::actor_user_id.eq(laura.user_id)))
            .set(audit_log::actor_label.eq("Anonimizado"))
            .execute(&mut conn)
            .await;
    assert!(rewrite.is_err(), "audit_log is append-only");
}

async fn publish_ids(app: &TestApp) -> Vec<Uuid> {
    let mut conn = app.conn().await;
    afiliados_db::policy_versions::active(&mut conn, app.state.tenant_id)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.id)
        .collect()
}

#[derive(Debug, PartialEq, Queryable)]
struct AuditSnapshot {
    id: Uuid,
    action: String,
    actor_user_id: Option<Uuid>,
    actor_label: String,
    entity_id: Option<String>,
    before: Option<Value>,
    after: Option<Value>,
    occurred_at: DateTime<Utc>,
}

async fn audit_rows(app: &TestApp) -> Vec<AuditSnapshot> {
    let mut conn = app.conn().await;
    audit_log::table
        .order(audit_log::id.asc())
        .select((
            audit_log::id,
            audit_log::action,
            audit_log::actor_user_id,
            audit_log::actor_label,
            audit_log::entity_id,
            audit_log::before,
            audit_log::after,
            audit_log::occurred_at,
        ))
        .load(&mut conn)
        .await
        .unwrap()
}
