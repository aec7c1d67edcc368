//! `login_challenges`: the pending second step of a sign-in (ADR 0028). The password was right;
//! the holder of the opaque challenge id (the web keeps it in its session cookie) may finish with
//! a TOTP or recovery code before `expires_at`. Stored as SHA-256 only.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::login_challenges;

/// A challenge row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = login_challenges, check_for_backend(diesel::pg::Pg))]
pub struct LoginChallenge {
    /// Id.
    pub id: Uuid,
    /// Whose sign-in it finishes.
    pub user_id: Uuid,
    /// SHA-256 of the opaque id given to the client.
    pub token_hash: Vec<u8>,
    /// After this instant (the api's clock) it no longer works.
    pub expires_at: DateTime<Utc>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// Stores a new challenge, dropping the user's expired ones on the way.
pub async fn issue(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    token_hash: &[u8],
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> crate::Result<LoginChallenge> {
    diesel::delete(
        login_challenges::table
            .filter(login_challenges::user_id.eq(user_id))
            .filter(login_challenges::expires_at.le(now)),
    )
    .execute(conn)
    .await?;
    diesel::insert_into(login_challenges::table)
        .values((
            login_challenges::id.eq(crate::new_id()),
            login_challenges::user_id.eq(user_id),
            login_challenges::token_hash.eq(token_hash),
            login_challenges::expires_at.eq(expires_at),
        ))
        .returning(LoginChallenge::as_returning())
        .get_result(conn)
        .await
}

/// A challenge by hash, locked so two attempts with one id serialise.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> crate::Result<Option<LoginChallenge>> {
    login_challenges::table
        .filter(login_challenges::token_hash.eq(token_hash))
        .select(LoginChallenge::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Spends a challenge (the sign-in finished).
pub async fn delete(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::delete(login_challenges::table.find(id))
        .execute(conn)
        .await
        .map(|_| ())
}
