//! `idempotency_keys`: the first answer of a request sent with an `Idempotency-Key` (`api.md`
//! §0.5, ADR 0045, ADR 0047), per user and key for 24 h. The api inserts the row in the request's
//! own transaction before the work ([`claim`]), so a concurrent duplicate blocks on the unique
//! `(user_id, key)` until the first commits (then [`find`] reads its answer) or rolls back (then
//! its own insert goes through and it does the work).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::idempotency_keys;

/// A key to claim.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct NewIdempotencyKey<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The caller.
    pub user_id: Uuid,
    /// The header's value (1–100 visible ASCII).
    pub key: &'a str,
    /// `METHOD pattern` of the matched route.
    pub route: &'a str,
    /// SHA-256 (hex) of the canonical request body.
    pub request_sha256: &'a str,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// Now + 24 h.
    pub expires_at: DateTime<Utc>,
}

/// A stored key.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct IdempotencyKeyRow {
    /// Id.
    pub id: Uuid,
    /// `METHOD pattern` of the route it was first used on.
    pub route: String,
    /// SHA-256 of the first body.
    pub request_sha256: String,
    /// The first answer's status (always set once committed).
    pub response_status: Option<i32>,
    /// The first answer's JSON body.
    pub response_body: Option<serde_json::Value>,
    /// When it stops counting.
    pub expires_at: DateTime<Utc>,
}

/// Inserts the key unless `(user_id, key)` exists; `true` when this call inserted it. Waits for
/// a concurrent transaction holding the same key to finish (the unique index), which is what
/// serialises duplicates.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    row: &NewIdempotencyKey<'_>,
) -> crate::Result<bool> {
    diesel::insert_into(idempotency_keys::table)
        .values(row)
        .on_conflict((idempotency_keys::user_id, idempotency_keys::key))
        .do_nothing()
        .prepared()
        .execute(conn)
        .await
        .map(|inserted| inserted == 1)
}

/// The user's stored key.
pub async fn find(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    key: &str,
) -> crate::Result<Option<IdempotencyKeyRow>> {
    idempotency_keys::table
        .filter(idempotency_keys::user_id.eq(user_id))
        .filter(idempotency_keys::key.eq(key))
        .select(IdempotencyKeyRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Stores the answer of the request that claimed the key.
pub async fn answer(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: i32,
    body: &serde_json::Value,
) -> crate::Result<()> {
    diesel::update(idempotency_keys::table.find(id))
        .set((
            idempotency_keys::response_status.eq(status),
            idempotency_keys::response_body.eq(body),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Stores the answer of a fresh key from its JSON text (cast to `jsonb` by PostgreSQL), so a
/// large answer is never built as a `serde_json::Value` tree.
pub async fn answer_json(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: i32,
    body: &str,
) -> crate::Result<()> {
    diesel::sql_query(
        "UPDATE idempotency_keys SET response_status = $2, response_body = $3::jsonb WHERE id = $1",
    )
    .bind::<diesel::sql_types::Uuid, _>(id)
    .bind::<diesel::sql_types::Integer, _>(status)
    .bind::<diesel::sql_types::Text, _>(body)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Deletes one key (an expired one found on reuse).
pub async fn delete(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::delete(idempotency_keys::table.find(id))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Deletes every key expired at `now` (the daily maintenance); returns how many.
pub async fn delete_expired(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::expires_at.le(now)))
        .execute(conn)
        .await
}
