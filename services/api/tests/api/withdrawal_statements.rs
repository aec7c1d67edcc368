//! The statements a withdrawal request was folded into (ADR 0083), against the real server: the
//! user's standing answers the same pending consents as the consent rule, the tax profile book
//! marks the tenant's default, the row and its `requested` event are one statement, and the
//! ledger's reference to a withdrawal is checked at commit — so the writes of a request may
//! reach the server in any order, and a dangling reference still loses everything.

use afiliados_db::AsyncPgConnection;
use afiliados_db::withdrawal_requests::NewWithdrawalRequest;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::*;
use crate::orders_ingest::{dec, exec};
use crate::withdrawals::{available, request, world};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn count(app: &TestApp, sql: String) -> i64 {
    let mut conn = app.conn().await;
    let row: Count = diesel::sql_query(sql).get_result(&mut conn).await.unwrap();
    row.n
}

async fn standing_and_rule(app: &TestApp, user: Uuid) -> (Vec<Uuid>, Vec<Uuid>, Option<String>) {
    let conn = app.conn().await;
    let tenant = app.state.tenant_id;
    let standing = afiliados_db::user_standing::of_user(&conn, tenant, user)
        .await
        .unwrap();
    let rule = afiliados_db::consents::pending_version_ids_for_user(&conn, tenant, user)
        .await
        .unwrap();
    (standing.pending_policy_version_ids, rule, standing.locale)
}

#[tokio::test]
async fn a_users_standing_answers_the_consent_rule_and_the_users_locale() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let (pending, rule, locale) = standing_and_rule(&app, w.user).await;
    assert_eq!(pending, rule);
    assert_eq!(locale.as_deref(), Some("es"));
    // A new version of two policies: both pending, in the rule's order.
    let (_, admin) = app.login_as("admin_dentsu").await;
    crate::onboarding::publish(&app, &admin, "terms", "9.0").await;
    crate::onboarding::publish(&app, &admin, "habeas_data", "9.0").await;
    exec(
        &app,
        format!("UPDATE users SET locale = 'en' WHERE id = '{}'", w.user),
    )
    .await;
    let (pending, rule, locale) = standing_and_rule(&app, w.user).await;
    assert_eq!(pending.len(), 2, "{pending:?}");
    assert_eq!(pending, rule);
    assert_eq!(locale.as_deref(), Some("en"));
    // A staff user has no influencer profile: nothing pending, its locale still read.
    let (staff, _) = app.login_as("finance").await;
    let (pending, rule, locale) = standing_and_rule(&app, staff).await;
    assert!(
        pending.is_empty() && rule.is_empty(),
        "{pending:?} {rule:?}"
    );
    assert!(locale.is_some());
    // A user that does not exist, or is deleted: no locale, nothing pending.
    let (pending, _, locale) = standing_and_rule(&app, Uuid::new_v4()).await;
    assert_eq!((pending.len(), locale), (0, None));
    exec(
        &app,
        format!(
            "UPDATE users SET deleted_at = now() WHERE id = '{}'",
            w.user
        ),
    )
    .await;
    let (_, _, locale) = standing_and_rule(&app, w.user).await;
    assert_eq!(locale, None);
}

#[tokio::test]
async fn the_tax_profile_book_marks_the_tenants_default_and_only_it() {
    let app = spawn_app().await;
    let tenant = app.state.tenant_id;
    for (code, rate) in [("zz_book_b", "11.00"), ("aa_book_a", "4.00")] {
        exec(
            &app,
            format!(
                "INSERT INTO tax_profiles (id, tenant_id, code, name, withholding_rate,
                        threshold_amount, active, created_at, updated_at)
                 VALUES ('{}', '{tenant}', '{code}', '{code}', {rate}, 0, true, now(), now())",
                Uuid::new_v4()
            ),
        )
        .await;
    }
    let conn = app.conn().await;
    let rows = afiliados_db::tax_profiles::with_tenant_default(&conn, tenant)
        .await
        .unwrap();
    let codes: Vec<&str> = rows.iter().map(|(row, _)| row.code.as_str()).collect();
    assert!(
        codes.contains(&"aa_book_a") && codes.contains(&"zz_book_b"),
        "{codes:?}"
    );
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "ordered by code");
    exec(
        &app,
        "UPDATE tenants SET default_tax_profile_id = NULL".to_owned(),
    )
    .await;
    let rows = afiliados_db::tax_profiles::with_tenant_default(&conn, tenant)
        .await
        .unwrap();
    assert!(rows.iter().all(|(_, is_default)| !is_default));
    let chosen = rows
        .iter()
        .find(|(row, _)| row.code == "zz_book_b")
        .map(|(row, _)| row.id)
        .unwrap();
    exec(
        &app,
        format!("UPDATE tenants SET default_tax_profile_id = '{chosen}' WHERE id = '{tenant}'"),
    )
    .await;
    let rows = afiliados_db::tax_profiles::with_tenant_default(&conn, tenant)
        .await
        .unwrap();
    let marked: Vec<Uuid> = rows
        .iter()
        .filter(|(_, is_default)| *is_default)
        .map(|(row, _)| row.id)
        .collect();
    assert_eq!(marked, vec![chosen]);
}

#[derive(QueryableByName)]
struct EventRow {
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    actor: String,
    #[diesel(sql_type = Timestamptz)]
    occurred_at: chrono::DateTime<chrono::Utc>,
}

/// The stored events of withdrawal `id`.
async fn events_of(app: &TestApp, id: impl std::fmt::Display) -> Vec<EventRow> {
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "SELECT action, actor, occurred_at FROM withdrawal_events WHERE withdrawal_id = '{id}'"
    ))
    .load(&mut conn)
    .await
    .unwrap()
}

/// An entry of the world's balance that names `withdrawal` and moves no bucket (the balance
/// row is not touched: only the reference matters here).
fn dangling_entry_sql(influencer: Uuid, withdrawal: Uuid) -> String {
    format!(
        "INSERT INTO ledger_entries (id, tenant_id, influencer_id, brand_id, entry_type, amount,
                d_estimated, d_confirmed, d_reverted, d_pending_withdrawal, d_withdrawn,
                d_pending_adjustments, available_after, withdrawal_id, description, created_by,
                created_at)
         SELECT gen_random_uuid(), tenant_id, influencer_id, brand_id, 'withdrawal_reserved',
                0.01, 0, 0, 0, 0, 0, 0, available_after, '{withdrawal}', 'test', 'test', now()
           FROM ledger_entries WHERE influencer_id = '{influencer}' LIMIT 1"
    )
}

#[tokio::test]
async fn a_ledger_entry_may_precede_its_withdrawal_in_a_transaction_but_never_outlive_it() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let entries = format!(
        "SELECT count(*) AS n FROM ledger_entries WHERE influencer_id = '{}'",
        w.fixture.influencer
    );
    let before = count(&app, entries.clone()).await;
    // An entry naming a withdrawal that never comes: the statement passes, the commit refuses
    // it, and nothing of the transaction stays.
    let mut conn = app.conn().await;
    let missing = Uuid::new_v4();
    let sql = dangling_entry_sql(w.fixture.influencer, missing);
    let outcome = conn
        .transaction::<_, diesel::result::Error, _>(async |tx| {
            let written = diesel::sql_query(&sql).execute(tx).await?;
            assert_eq!(written, 1, "the statement itself is accepted");
            Ok(())
        })
        .await;
    match outcome {
        Err(diesel::result::Error::DatabaseError(kind, info)) => {
            assert!(
                matches!(kind, diesel::result::DatabaseErrorKind::ForeignKeyViolation),
                "{kind:?}: {}",
                info.message()
            );
        }
        other => panic!("a dangling reference committed: {other:?}"),
    }
    assert_eq!(count(&app, entries.clone()).await, before);
    // The entry first and its withdrawal after, in one transaction: committed. The row and its
    // `requested` event are one statement, the event at the row's stored instant.
    let id = Uuid::new_v4();
    let sql = dangling_entry_sql(w.fixture.influencer, id);
    let now = chrono::Utc::now();
    let tenant = app.state.tenant_id;
    let row = conn
        .transaction::<_, diesel::result::Error, _>(async |tx| {
            diesel::sql_query(&sql).execute(tx).await?;
            let conn: &AsyncPgConnection = tx;
            afiliados_db::withdrawal_requests::insert_requested(
                conn,
                &NewWithdrawalRequest {
                    id,
                    tenant_id: tenant,
                    influencer_id: w.fixture.influencer,
                    brand_id: w.fixture.brand,
                    amount: dec("10.00"),
                    currency: "COP",
                    requested_by: w.user,
                    requested_at: now,
                    notes: Some("por favor"),
                    created_at: now,
                    updated_at: now,
                },
                Uuid::new_v4(),
                "someone",
            )
            .await
        })
        .await
        .unwrap();
    assert_eq!((row.id, row.status.as_str()), (id, "pending"));
    assert_eq!(count(&app, entries).await, before + 1);
    let events = events_of(&app, id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].action.as_str(), events[0].actor.as_str()),
        ("requested", "someone")
    );
    assert_eq!(events[0].occurred_at, row.requested_at);
}

#[tokio::test]
async fn a_request_answers_its_requested_event_as_stored_and_reserves_once() {
    let app = spawn_app().await;
    let w = world(&app, "cetaphil", "0", 0, "1000.00").await;
    let (status, body) = request(
        &app,
        &w.token,
        json!({"brandId": w.slug, "amount": "250.00", "notes": "primera"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(available(&app, &w.fixture).await, "750.00");
    let events = events_of(&app, &id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "requested");
    let answered = body["events"][0]["occurredAt"].as_str().unwrap();
    let answered: chrono::DateTime<chrono::Utc> = answered.parse().unwrap();
    assert_eq!(answered, events[0].occurred_at);
    assert_eq!(
        count(
            &app,
            format!("SELECT count(*) AS n FROM ledger_entries WHERE withdrawal_id = '{id}'")
        )
        .await,
        1
    );
}
