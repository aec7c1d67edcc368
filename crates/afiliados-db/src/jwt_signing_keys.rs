//! `jwt_signing_keys`: when each `JWT_KEYS` kid signed in this deployment (ADR 0065). The api
//! records its signing kid at every start-up; `afiliados-api keys jwt status|retire` reads the
//! rows to decide whether a token signed by an older kid may still be valid. Kids only, never
//! secrets.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Timestamptz;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::jwt_signing_keys;

/// One kid's record.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = jwt_signing_keys, check_for_backend(diesel::pg::Pg))]
pub struct SigningKeyRecord {
    /// The key id of `JWT_KEYS`.
    pub kid: String,
    /// The first start-up of an api process that signed with it.
    pub first_signed_at: DateTime<Utc>,
    /// The latest start-up of an api process that signed with it.
    pub last_started_at: DateTime<Utc>,
}

/// Records that a process starting at `now` signs with `kid`: creates the row the first time,
/// else moves `last_started_at` forward (never back: a replica with a slower clock does not undo
/// a later start).
pub async fn record_start(
    conn: &mut AsyncPgConnection,
    kid: &str,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::insert_into(jwt_signing_keys::table)
        .values((
            jwt_signing_keys::kid.eq(kid),
            jwt_signing_keys::first_signed_at.eq(now),
            jwt_signing_keys::last_started_at.eq(now),
        ))
        .on_conflict(jwt_signing_keys::kid)
        .do_update()
        .set(
            jwt_signing_keys::last_started_at.eq(diesel::dsl::sql::<Timestamptz>(
                "GREATEST(jwt_signing_keys.last_started_at, EXCLUDED.last_started_at)",
            )),
        )
        .execute(conn)
        .await?;
    Ok(())
}

/// Every record, by kid.
pub async fn all(conn: &mut AsyncPgConnection) -> crate::Result<Vec<SigningKeyRecord>> {
    jwt_signing_keys::table
        .select(SigningKeyRecord::as_select())
        .order(jwt_signing_keys::kid)
        .load(conn)
        .await
}
