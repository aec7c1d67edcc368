//! `POST /internal/v1/maintenance/daily` through the worker's typed client: campaigns past their
//! end date end (history, audit, codes inactive, coupon syncs), codes follow the given date in
//! batches, and a second run changes nothing. ARCO reminders and tokens: `maintenance_sweeps`.

use std::time::Duration;

use afiliados_api_client::{InternalApi, Transport};
use afiliados_api_types::internal_jobs::{DailyMaintenanceReport, DailyMaintenanceRequest};
use afiliados_db::schema::{campaigns, discount_codes, status_history};
use afiliados_db_test::fixtures::{CodeWorld, insert_code_world};
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// A Friday: the next business day is Monday 2027-03-15.
pub(crate) fn friday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 12).unwrap()
}

pub(crate) fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .unwrap()
}

/// An active code world whose brand has its own VTEX id (unique per tenant).
fn world(tag: &str, vtex_brand: &str) -> CodeWorld {
    let mut world = CodeWorld::active(tag);
    world.vtex_brand_id = Some(vtex_brand.into());
    world
}

fn worker(app: &TestApp) -> InternalApi {
    let transport = Transport::new(&app.address, Duration::from_secs(30)).unwrap();
    InternalApi::new(
        transport,
        afiliados_config::SecretString::from(INTERNAL_TOKEN.to_owned()),
    )
}

/// Runs the maintenance for `date` through the worker's client.
pub(crate) async fn run(app: &TestApp, date: NaiveDate) -> DailyMaintenanceReport {
    worker(app)
        .run_daily_maintenance(&DailyMaintenanceRequest { date }, Duration::from_secs(60))
        .await
        .unwrap()
}

async fn code_status(app: &TestApp, code_id: Uuid) -> (String, i32) {
    discount_codes::table
        .find(code_id)
        .select((discount_codes::status, discount_codes::sync_revision))
        .first(&mut *app.conn().await)
        .await
        .unwrap()
}

async fn campaign_status(app: &TestApp, id: Uuid) -> String {
    campaigns::table
        .find(id)
        .select(campaigns::status)
        .first(&mut *app.conn().await)
        .await
        .unwrap()
}

async fn set_campaign(app: &TestApp, id: Uuid, status: &str, end: Option<NaiveDate>) {
    diesel::update(campaigns::table.find(id))
        .set((campaigns::status.eq(status), campaigns::end_date.eq(end)))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
}

async fn audit_rows(app: &TestApp) -> i64 {
    afiliados_db::schema::audit_log::table
        .count()
        .get_result(&mut *app.conn().await)
        .await
        .unwrap()
}

fn syncs_of(jobs: &[(String, Value)], code_id: Uuid) -> usize {
    jobs.iter()
        .filter(|(kind, payload)| kind == "SyncCoupon" && payload == &json!({ "codeId": code_id }))
        .count()
}

#[tokio::test]
async fn maintenance_ends_campaigns_past_their_end_date_once() {
    let app = spawn_app().await;
    let date = friday();
    let tenant = app.state.tenant_id;
    let mut conn = app.conn().await;
    let expired = insert_code_world(&mut conn, tenant, &world("exp", "3000001"))
        .await
        .unwrap();
    let paused = insert_code_world(&mut conn, tenant, &world("pau", "3000002"))
        .await
        .unwrap();
    let last_day = insert_code_world(&mut conn, tenant, &world("last", "3000003"))
        .await
        .unwrap();
    drop(conn);
    set_campaign(&app, expired.campaign_id, "active", Some(shift(date, -1))).await;
    set_campaign(&app, paused.campaign_id, "paused", Some(shift(date, -3))).await;
    // Its end date is today: it runs until tonight and ends tomorrow.
    set_campaign(&app, last_day.campaign_id, "active", Some(date)).await;
    // The paused campaign's code is already inactive (pausing archived it).
    diesel::update(discount_codes::table.find(paused.code_id))
        .set(discount_codes::status.eq("inactive"))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();

    let report = run(&app, date).await;
    assert_eq!(report.campaigns_ended, 2, "{report:?}");
    assert_eq!(report.codes_recomputed, 3);
    assert_eq!(
        report.coupon_syncs_enqueued, 2,
        "every code of an ended campaign is re-synced, nothing else changed"
    );
    assert_eq!(campaign_status(&app, expired.campaign_id).await, "ended");
    assert_eq!(campaign_status(&app, paused.campaign_id).await, "ended");
    assert_eq!(campaign_status(&app, last_day.campaign_id).await, "active");
    assert_eq!(code_status(&app, expired.code_id).await.0, "inactive");
    assert_eq!(code_status(&app, last_day.code_id).await.0, "active");
    let jobs = app.outbox_jobs().await;
    assert_eq!(syncs_of(&jobs, expired.code_id), 1);
    assert_eq!(syncs_of(&jobs, paused.code_id), 1);
    assert_eq!(syncs_of(&jobs, last_day.code_id), 0);

    // History and audit name the system actor.
    let history: Vec<(String, String, String)> = status_history::table
        .filter(status_history::entity_id.eq(expired.campaign_id))
        .select((
            status_history::to_status,
            status_history::actor,
            status_history::reason.assume_not_null(),
        ))
        .load(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(
        history,
        vec![(
            "ended".into(),
            "system:daily_maintenance".into(),
            "end_date_passed".into()
        )]
    );
    let audits = app.audit_actions("campaign.status_changed").await;
    assert_eq!(audits.len(), 2);
    assert!(audits.iter().all(|row| {
        row.actor_type.as_str() == "system"
            && row.actor_label == "system:daily_maintenance"
            && row
                .after
                .as_ref()
                .is_some_and(|after| after["status"] == "ended")
    }));

    // The second run for the same date changes nothing.
    let revisions = code_status(&app, expired.code_id).await.1;
    let again = run(&app, date).await;
    assert_eq!(
        again,
        DailyMaintenanceReport {
            codes_recomputed: 3,
            ..DailyMaintenanceReport::default()
        }
    );
    assert_eq!(app.outbox_jobs().await.len(), jobs.len());
    assert_eq!(code_status(&app, expired.code_id).await.1, revisions);
    assert_eq!(app.audit_actions("campaign.status_changed").await.len(), 2);

    // The next day the last-day campaign ends too.
    let next = run(&app, shift(date, 1)).await;
    assert_eq!((next.campaigns_ended, next.coupon_syncs_enqueued), (1, 1));
    assert_eq!(code_status(&app, last_day.code_id).await.0, "inactive");
}

#[tokio::test]
async fn maintenance_activates_a_code_on_its_first_day() {
    let app = spawn_app().await;
    let date = friday();
    let ids = insert_code_world(
        &mut *app.conn().await,
        app.state.tenant_id,
        &CodeWorld::active("starts"),
    )
    .await
    .unwrap();
    diesel::update(discount_codes::table.find(ids.code_id))
        .set((
            discount_codes::status.eq("pending"),
            discount_codes::starts_on.eq(Some(date)),
        ))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();

    let before = run(&app, shift(date, -1)).await;
    assert_eq!(
        (before.codes_recomputed, before.coupon_syncs_enqueued),
        (1, 0)
    );
    assert_eq!(code_status(&app, ids.code_id).await, ("pending".into(), 1));

    let first_day = run(&app, date).await;
    assert_eq!(
        (first_day.codes_recomputed, first_day.coupon_syncs_enqueued),
        (1, 1)
    );
    assert_eq!(code_status(&app, ids.code_id).await, ("active".into(), 2));
    assert_eq!(syncs_of(&app.outbox_jobs().await, ids.code_id), 1);
    let history: Vec<(Option<String>, String, String)> = status_history::table
        .filter(status_history::entity_id.eq(ids.code_id))
        .select((
            status_history::from_status,
            status_history::to_status,
            status_history::actor,
        ))
        .load(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(
        history,
        vec![(
            Some("pending".into()),
            "active".into(),
            "system:daily_maintenance".into()
        )]
    );
    assert_eq!(
        audit_rows(&app).await,
        0,
        "pure recomputation is not audited"
    );

    let again = run(&app, date).await;
    assert_eq!(
        (again.codes_recomputed, again.coupon_syncs_enqueued),
        (1, 0)
    );
    assert_eq!(code_status(&app, ids.code_id).await, ("active".into(), 2));
}

#[tokio::test]
async fn maintenance_walks_many_codes_in_batches() {
    let app = spawn_app().await;
    let date = friday();
    let ids = insert_code_world(
        &mut *app.conn().await,
        app.state.tenant_id,
        &CodeWorld::active("bulk"),
    )
    .await
    .unwrap();
    // 1 200 more codes of the same membership, every one starting today: three batches.
    let rows: Vec<_> = (0..1200)
        .map(|n| {
            (
                discount_codes::id.eq(afiliados_db::new_id()),
                discount_codes::tenant_id.eq(app.state.tenant_id),
                discount_codes::campaign_id.eq(ids.campaign_id),
                discount_codes::influencer_id.eq(ids.influencer_id),
                discount_codes::brand_id.eq(ids.brand_id),
                discount_codes::code.eq(format!("BULK{n:05}")),
                discount_codes::discount_percent.eq(rust_decimal::Decimal::new(1000, 2)),
                discount_codes::starts_on.eq(Some(date)),
                discount_codes::status.eq("pending"),
                discount_codes::created_by.eq("system:test"),
            )
        })
        .collect();
    diesel::insert_into(discount_codes::table)
        .values(rows)
        .execute(&mut *app.conn().await)
        .await
        .unwrap();

    let report = run(&app, date).await;
    assert_eq!(
        (report.codes_recomputed, report.coupon_syncs_enqueued),
        (1201, 1200)
    );
    let pending: i64 = discount_codes::table
        .filter(discount_codes::status.eq("pending"))
        .count()
        .get_result(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(pending, 0);
}
