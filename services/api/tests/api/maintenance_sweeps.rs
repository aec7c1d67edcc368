//! The daily maintenance's sweeps: ARCO due-soon reminders to admin_dentsu and gestor_afiliados
//! once per request, expired password tokens deleted, and the endpoint's guard and input.

use afiliados_db::schema::{arco_requests, notifications, password_tokens};
use afiliados_db_test::fixtures::{CodeWorld, insert_code_world};
use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::maintenance::{friday, run, shift};

async fn insert_arco(
    app: &TestApp,
    influencer_id: Uuid,
    kind: &str,
    status: &str,
    due: NaiveDate,
) -> Uuid {
    let id = afiliados_db::new_id();
    // 10:00 Bogota on the due date.
    let due_at = afiliados_domain::business_day_start(due) + chrono::Duration::hours(10);
    diesel::insert_into(arco_requests::table)
        .values((
            arco_requests::id.eq(id),
            arco_requests::tenant_id.eq(app.state.tenant_id),
            arco_requests::influencer_id.eq(influencer_id),
            arco_requests::type_.eq(kind),
            arco_requests::status.eq(status),
            arco_requests::due_at.eq(due_at),
        ))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    id
}

async fn reminders_of(app: &TestApp, user_id: Uuid) -> Vec<Value> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::type_.eq("arco.due_soon"))
        .select(notifications::payload)
        .load(&mut *app.conn().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn maintenance_reminds_admins_and_gestors_of_arco_requests_once() {
    let app = spawn_app().await;
    let date = friday();
    let tenant = app.state.tenant_id;
    let one = insert_code_world(&mut *app.conn().await, tenant, &CodeWorld::active("arco1"))
        .await
        .unwrap();
    let admin = app
        .create_user("ad.arco@medipiel.co", &["admin_dentsu"], &[])
        .await;
    let gestor = app
        .create_user("ga.arco@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let finance = app
        .create_user("fi.arco@medipiel.co", &["finance"], &[])
        .await;
    let suspended = app
        .create_user("ga.off@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    diesel::update(afiliados_db::schema::users::table.find(suspended))
        .set(afiliados_db::schema::users::status.eq("suspended"))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();

    // Due Monday (the next business day after Friday): reminded. Due Tuesday: not yet.
    let monday = insert_arco(
        &app,
        one.influencer_id,
        "access",
        "received",
        shift(date, 3),
    )
    .await;
    let in_progress = insert_arco(
        &app,
        one.influencer_id,
        "rectify",
        "in_progress",
        shift(date, 3),
    )
    .await;
    let tuesday = insert_arco(
        &app,
        one.influencer_id,
        "delete",
        "received",
        shift(date, 4),
    )
    .await;
    let _closed = insert_arco(
        &app,
        one.influencer_id,
        "revoke",
        "completed",
        shift(date, 3),
    )
    .await;

    let report = run(&app, date).await;
    assert_eq!(report.arco_reminders, 2, "{report:?}");
    for user in [admin, gestor] {
        let mut ids: Vec<String> = reminders_of(&app, user)
            .await
            .iter()
            .map(|payload| payload["arcoRequestId"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        let mut expected = vec![monday.to_string(), in_progress.to_string()];
        expected.sort();
        assert_eq!(ids, expected);
    }
    let payload = reminders_of(&app, admin)
        .await
        .into_iter()
        .find(|payload| payload["arcoRequestId"] == json!(monday))
        .unwrap();
    assert_eq!(payload["type"], "access");
    assert_eq!(payload["influencerId"], json!(one.influencer_id));
    assert!(reminders_of(&app, finance).await.is_empty());
    assert!(reminders_of(&app, suspended).await.is_empty());

    // Once per request: the next run (Saturday, still before Monday) reminds nobody again.
    assert_eq!(run(&app, date).await.arco_reminders, 0);
    assert_eq!(run(&app, shift(date, 1)).await.arco_reminders, 0);
    assert_eq!(reminders_of(&app, admin).await.len(), 2);
    // Monday's run covers Tuesday's request.
    assert_eq!(run(&app, shift(date, 3)).await.arco_reminders, 1);
    assert_eq!(reminders_of(&app, gestor).await.len(), 3);
    assert!(
        reminders_of(&app, gestor)
            .await
            .iter()
            .any(|payload| payload["arcoRequestId"] == json!(tuesday))
    );
}

#[tokio::test]
async fn maintenance_deletes_expired_password_tokens() {
    let app = spawn_app().await;
    let user = app
        .create_user("tokens@medipiel.co", &["finance"], &[])
        .await;
    let now = Utc::now();
    for (hash, expires) in [
        (vec![1u8; 32], now - chrono::Duration::hours(2)),
        (vec![2u8; 32], now - chrono::Duration::days(9)),
        (vec![3u8; 32], now + chrono::Duration::hours(1)),
    ] {
        diesel::insert_into(password_tokens::table)
            .values((
                password_tokens::id.eq(afiliados_db::new_id()),
                password_tokens::user_id.eq(user),
                password_tokens::purpose.eq("reset"),
                password_tokens::token_hash.eq(hash),
                password_tokens::expires_at.eq(expires),
            ))
            .execute(&mut *app.conn().await)
            .await
            .unwrap();
    }
    let report = run(&app, afiliados_domain::bogota_date(now)).await;
    assert_eq!(report.tokens_deleted, 2);
    let left: Vec<Vec<u8>> = password_tokens::table
        .select(password_tokens::token_hash)
        .load(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(left, vec![vec![3u8; 32]]);
    assert_eq!(
        run(&app, afiliados_domain::bogota_date(now))
            .await
            .tokens_deleted,
        0
    );
}

#[tokio::test]
async fn maintenance_is_for_the_worker_only_and_validates_its_date() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let body = json!({ "date": "2027-03-12" });
    let refused = app
        .post("/internal/v1/maintenance/daily", &admin, body.clone())
        .await;
    assert_eq!(refused.status(), 401);
    let bad = app
        .post(
            "/internal/v1/maintenance/daily",
            INTERNAL_TOKEN,
            json!({ "date": "12/03/2027" }),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let ok = app
        .post("/internal/v1/maintenance/daily", INTERNAL_TOKEN, body)
        .await;
    assert_eq!(ok.status(), 200);
    let report: Value = ok.json().await.unwrap();
    assert_eq!(
        report,
        json!({
            "codesRecomputed": 0, "couponSyncsEnqueued": 0, "campaignsEnded": 0, "arcoReminders": 0,
            "tokensDeleted": 0, "idempotencyKeysDeleted": 0, "loginAttemptsPruned": 0,
            "signInFailureDaysSummarized": 0
        })
    );
}
