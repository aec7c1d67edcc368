//! `password_tokens`: single-use reset and invitation tokens, stored hashed.

use afiliados_domain::PasswordTokenPurpose;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::password_tokens;

/// A token row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = password_tokens, check_for_backend(diesel::pg::Pg))]
pub struct PasswordToken {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// `reset|invite`.
    pub purpose: PasswordTokenPurpose,
    /// SHA-256 of the token.
    pub token_hash: Vec<u8>,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
    /// When used.
    pub used_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Issues a token, invalidating the user's unused tokens of the same purpose.
pub async fn issue(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    purpose: &str,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(
        password_tokens::table
            .filter(password_tokens::user_id.eq(user_id))
            .filter(password_tokens::purpose.eq(purpose))
            .filter(password_tokens::used_at.is_null()),
    )
    .set((
        password_tokens::used_at.eq(diesel::dsl::now),
        password_tokens::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await?;
    diesel::insert_into(password_tokens::table)
        .values((
            password_tokens::id.eq(crate::new_id()),
            password_tokens::user_id.eq(user_id),
            password_tokens::purpose.eq(purpose),
            password_tokens::token_hash.eq(token_hash),
            password_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A token by hash, locked for the transaction.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> crate::Result<Option<PasswordToken>> {
    password_tokens::table
        .filter(password_tokens::token_hash.eq(token_hash))
        .select(PasswordToken::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Marks a token used.
pub async fn mark_used(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::update(password_tokens::table.find(id))
        .set((
            password_tokens::used_at.eq(diesel::dsl::now),
            password_tokens::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Deletes every token that expired before `now`, used or not (daily maintenance); returns how
/// many.
pub async fn delete_expired(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    diesel::delete(password_tokens::table.filter(password_tokens::expires_at.lt(now)))
        .execute(conn)
        .await
}

/// Marks every unused token of the user as used (its e-mail address changed: a link sent to
/// the previous address must not take the account, ADR 0018); returns how many.
pub async fn invalidate_all(conn: &mut AsyncPgConnection, user_id: Uuid) -> crate::Result<usize> {
    diesel::update(
        password_tokens::table
            .filter(password_tokens::user_id.eq(user_id))
            .filter(password_tokens::used_at.is_null()),
    )
    .set((
        password_tokens::used_at.eq(diesel::dsl::now),
        password_tokens::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await
}
