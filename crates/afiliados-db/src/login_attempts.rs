//! `login_attempts`: consecutive sign-in failures per normalised email, existing account or not,
//! so probing unknown addresses locks the same way (domain.md §5.1.2). `updated_at` is the last
//! failure on the api's clock; counters idle past the retention window are pruned (ADR 0021).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::prepared::Prepare;
use crate::schema::login_attempts;

/// The lockout end of an email, when it is still locked at `now` (the api's clock).
pub async fn locked_until(
    conn: &mut AsyncPgConnection,
    email: &str,
    now: DateTime<Utc>,
) -> crate::Result<Option<DateTime<Utc>>> {
    let row: Option<Option<DateTime<Utc>>> = login_attempts::table
        .find(email)
        .select(login_attempts::locked_until)
        .first(conn)
        .await
        .optional()?;
    Ok(row.flatten().filter(|until| *until > now))
}

/// Counts one failure at `now` (the api's clock); when the count reaches `threshold` the key is
/// locked until `lock_until` and the counter restarts. Returns `(failures, locked)`.
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    email: &str,
    threshold: i32,
    lock_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> crate::Result<(i32, bool)> {
    let count: i32 = diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email),
            login_attempts::failed_count.eq(1),
            login_attempts::updated_at.eq(now),
        ))
        .on_conflict(login_attempts::email)
        .do_update()
        .set((
            login_attempts::failed_count.eq(login_attempts::failed_count + 1),
            login_attempts::updated_at.eq(now),
        ))
        .returning(login_attempts::failed_count)
        .prepared()
        .get_result(conn)
        .await?;
    if count >= threshold {
        diesel::update(login_attempts::table.find(email))
            .set((
                login_attempts::failed_count.eq(0),
                login_attempts::locked_until.eq(lock_until),
            ))
            .prepared()
            .execute(conn)
            .await?;
        return Ok((count, true));
    }
    Ok((count, false))
}

/// Clears failures and lockout (successful sign-in, admin unlock).
pub async fn clear(conn: &mut AsyncPgConnection, email: &str) -> crate::Result<()> {
    diesel::delete(login_attempts::table.find(email))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Deletes the counters whose last failure is before `idle_before` and that hold no lock still
/// running at `now`; returns how many.
pub async fn prune(
    conn: &mut AsyncPgConnection,
    idle_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    diesel::delete(
        login_attempts::table
            .filter(login_attempts::updated_at.lt(idle_before))
            .filter(
                login_attempts::locked_until
                    .is_null()
                    .or(login_attempts::locked_until.le(now)),
            ),
    )
    .execute(conn)
    .await
}
