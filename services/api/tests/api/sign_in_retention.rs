//! Failed sign-ins do not grow storage without bound (ADR 0021), on a pinned clock: refusals of
//! e-mails with no account are itemised in the audit log up to a daily cap and counted beyond it;
//! the daily maintenance summarises a past day's count in one audit row and deletes sign-in
//! failure counters idle for 30 days that hold no running lock.

use afiliados_db::schema::{login_attempts, sign_in_failure_tallies};
use afiliados_domain::ManualClock;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::helpers::*;
use crate::maintenance::run;

/// Friday 2027-03-12, 10:00 in Bogota.
fn pinned_now() -> DateTime<Utc> {
    "2027-03-12T15:00:00Z".parse().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 12).unwrap()
}

async fn insert_counter(app: &TestApp, email: &str, idle: Duration, locked: Option<Duration>) {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email),
            login_attempts::failed_count.eq(3),
            login_attempts::updated_at.eq(pinned_now() - idle),
            login_attempts::locked_until.eq(locked.map(|left| pinned_now() + left)),
        ))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
}

async fn counters(app: &TestApp) -> Vec<String> {
    login_attempts::table
        .select(login_attempts::email)
        .order(login_attempts::email)
        .load(&mut *app.conn().await)
        .await
        .unwrap()
}

async fn tally(app: &TestApp, day: NaiveDate) -> Option<(i32, i32, i32)> {
    sign_in_failure_tallies::table
        .filter(sign_in_failure_tallies::day.eq(day))
        .select((
            sign_in_failure_tallies::itemized,
            sign_in_failure_tallies::failures,
            sign_in_failure_tallies::locks,
        ))
        .first(&mut *app.conn().await)
        .await
        .optional()
        .unwrap()
}

#[tokio::test]
async fn idle_counters_are_pruned_but_recent_and_locked_ones_stay() {
    let clock = ManualClock::new(pinned_now());
    let app = spawn_app_at(&clock, |_| {}).await;
    insert_counter(&app, "idle@nowhere.co", Duration::days(31), None).await;
    insert_counter(
        &app,
        "expired-lock@nowhere.co",
        Duration::days(40),
        Some(-Duration::days(39)),
    )
    .await;
    insert_counter(&app, "recent@nowhere.co", Duration::days(29), None).await;
    insert_counter(
        &app,
        "locked@nowhere.co",
        Duration::days(31),
        Some(Duration::minutes(5)),
    )
    .await;

    let report = run(&app, today()).await;
    assert_eq!(report.login_attempts_pruned, 2);
    assert_eq!(
        counters(&app).await,
        ["locked@nowhere.co", "recent@nowhere.co"]
    );

    // A failure now refreshes its counter on the api's clock, so 30 days later it is still
    // kept and a day after that it goes.
    let response = app
        .login_raw("recent@nowhere.co", "Wrong!Password1", None)
        .await;
    assert_eq!(response.status(), 401);
    clock.advance(Duration::days(30));
    assert_eq!(
        run(&app, today() + Duration::days(30))
            .await
            .login_attempts_pruned,
        1
    );
    assert_eq!(counters(&app).await, ["recent@nowhere.co"]);
    clock.advance(Duration::days(1));
    assert_eq!(
        run(&app, today() + Duration::days(31))
            .await
            .login_attempts_pruned,
        1
    );
    assert!(counters(&app).await.is_empty());
}

#[tokio::test]
async fn unknown_account_refusals_past_the_daily_cap_are_counted_then_summarised() {
    let clock = ManualClock::new(pinned_now());
    // Seven sign-ins in one pinned minute: above the per-IP limit this test is not about.
    let app = spawn_app_at(&clock, |settings| settings.rate_limits.login = 20).await;
    let known = app.create_user("ana@medipiel.co", &["finance"], &[]).await;

    // Under the cap every refusal is itemised, as before.
    let response = app
        .login_raw("nobody@medipiel.co", "Wrong!Password1", None)
        .await;
    assert_eq!(response.status(), 401);
    assert_eq!(app.audit_actions("auth.login_failed").await.len(), 1);
    assert_eq!(tally(&app, today()).await, Some((1, 0, 0)));

    // The day's cap reached: refusals of unknown e-mails are only counted, locks included;
    // refusals of a real account are still itemised.
    diesel::update(sign_in_failure_tallies::table)
        .set(sign_in_failure_tallies::itemized.eq(100))
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    for _ in 0..5 {
        app.login_raw("spray@nowhere.co", "Wrong!Password1", None)
            .await;
    }
    let response = app
        .login_raw("ana@medipiel.co", "Wrong!Password1", None)
        .await;
    assert_eq!(response.status(), 401);
    let failed = app.audit_actions("auth.login_failed").await;
    assert_eq!(
        failed.len(),
        2,
        "one unknown under the cap, one real account"
    );
    let known = known.to_string();
    assert!(
        failed
            .iter()
            .any(|row| row.entity_id.as_deref() == Some(known.as_str()))
    );
    assert!(app.audit_actions("auth.account_locked").await.is_empty());
    assert_eq!(tally(&app, today()).await, Some((100, 5, 1)));

    // The same day's maintenance leaves the running day alone.
    let report = run(&app, today()).await;
    assert_eq!(report.sign_in_failure_days_summarized, 0);
    assert!(
        app.audit_actions("auth.login_failures_summarized")
            .await
            .is_empty()
    );

    // The next day's maintenance writes one summary row for the finished day and drops its tally.
    clock.advance(Duration::days(1));
    let report = run(&app, today() + Duration::days(1)).await;
    assert_eq!(report.sign_in_failure_days_summarized, 1);
    let summaries = app.audit_actions("auth.login_failures_summarized").await;
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].actor_label, "system:daily_maintenance");
    assert_eq!(
        summaries[0].after,
        Some(serde_json::json!({
            "day": "2027-03-12", "itemized": 100, "failures": 5, "locks": 1
        }))
    );
    assert_eq!(tally(&app, today()).await, None);
    let again = run(&app, today() + Duration::days(1)).await;
    assert_eq!(again.sign_in_failure_days_summarized, 0);
}
