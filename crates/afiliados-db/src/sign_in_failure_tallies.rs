//! `sign_in_failure_tallies`: per tenant and Bogota day, how many failed sign-ins against e-mails
//! with no account were audited one by one and how many were only counted once the daily cap was
//! reached (ADR 0021). The daily maintenance turns past days into one summary audit row each.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::sign_in_failure_tallies;

/// What an unknown-account refusal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A wrong password for an e-mail with no account.
    Failure,
    /// The lock that failures of such an e-mail set.
    Lock,
}

/// A day's tally.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = sign_in_failure_tallies, check_for_backend(diesel::pg::Pg))]
pub struct Tally {
    /// Tenant.
    pub tenant_id: Uuid,
    /// Bogota date.
    pub day: NaiveDate,
    /// Refusals audited one by one.
    pub itemized: i32,
    /// Failures only counted.
    pub failures: i32,
    /// Locks only counted.
    pub locks: i32,
}

/// Counts one refusal of `day`: itemised (returns `true`, the caller writes its audit row) while
/// fewer than `cap` were itemised that day, else only counted (`false`). Row-locked by the
/// upsert, so concurrent sign-ins never itemise past the cap.
pub async fn count(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    day: NaiveDate,
    refusal: Refusal,
    cap: i32,
) -> crate::Result<bool> {
    diesel::insert_into(sign_in_failure_tallies::table)
        .values((
            sign_in_failure_tallies::tenant_id.eq(tenant_id),
            sign_in_failure_tallies::day.eq(day),
        ))
        .on_conflict((
            sign_in_failure_tallies::tenant_id,
            sign_in_failure_tallies::day,
        ))
        .do_nothing()
        .prepared()
        .execute(conn)
        .await?;
    let row = sign_in_failure_tallies::table
        .find((tenant_id, day))
        .for_update()
        .select(Tally::as_select())
        .first(conn)
        .await?;
    let target = sign_in_failure_tallies::table.find((tenant_id, day));
    if row.itemized < cap {
        diesel::update(target)
            .set(sign_in_failure_tallies::itemized.eq(sign_in_failure_tallies::itemized + 1))
            .prepared()
            .execute(conn)
            .await?;
        return Ok(true);
    }
    match refusal {
        Refusal::Failure => {
            diesel::update(target)
                .set(sign_in_failure_tallies::failures.eq(sign_in_failure_tallies::failures + 1))
                .prepared()
                .execute(conn)
                .await?
        }
        Refusal::Lock => {
            diesel::update(target)
                .set(sign_in_failure_tallies::locks.eq(sign_in_failure_tallies::locks + 1))
                .prepared()
                .execute(conn)
                .await?
        }
    };
    Ok(false)
}

/// Removes and returns the tenant's tallies of days before `day`, oldest first.
pub async fn take_before(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    day: NaiveDate,
) -> crate::Result<Vec<Tally>> {
    let mut rows = diesel::delete(
        sign_in_failure_tallies::table
            .filter(sign_in_failure_tallies::tenant_id.eq(tenant_id))
            .filter(sign_in_failure_tallies::day.lt(day)),
    )
    .returning(Tally::as_returning())
    .get_results(conn)
    .await?;
    rows.sort_by_key(|row| row.day);
    Ok(rows)
}
