//! `auth_sessions` (one per sign-in, a refresh-token family) and `refresh_tokens`.

use afiliados_domain::RevokeReason;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use ipnet::IpNet;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::{auth_sessions, refresh_tokens};

/// A session row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = auth_sessions, check_for_backend(diesel::pg::Pg))]
pub struct AuthSession {
    /// Id (`sid` claim).
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Client address at sign-in.
    pub ip: Option<IpNet>,
    /// Client user agent at sign-in.
    pub user_agent: Option<String>,
    /// Absolute end of the family.
    pub expires_at: DateTime<Utc>,
    /// Last refresh.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revocation time.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why.
    pub revoke_reason: Option<RevokeReason>,
    /// Sign-in time.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A refresh token row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens, check_for_backend(diesel::pg::Pg))]
pub struct RefreshToken {
    /// Id.
    pub id: Uuid,
    /// Family.
    pub session_id: Uuid,
    /// SHA-256 of the opaque token.
    pub token_hash: Vec<u8>,
    /// Issued.
    pub issued_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
    /// When it was exchanged for a new one.
    pub rotated_at: Option<DateTime<Utc>>,
    /// Its successor.
    pub replaced_by: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Opens a session.
pub async fn create_session(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    ip: Option<IpNet>,
    user_agent: Option<&str>,
    expires_at: DateTime<Utc>,
) -> crate::Result<AuthSession> {
    diesel::insert_into(auth_sessions::table)
        .values((
            auth_sessions::id.eq(crate::new_id()),
            auth_sessions::user_id.eq(user_id),
            auth_sessions::ip.eq(ip),
            auth_sessions::user_agent.eq(user_agent),
            auth_sessions::expires_at.eq(expires_at),
            auth_sessions::last_used_at.eq(diesel::dsl::now),
        ))
        .returning(AuthSession::as_returning())
        .prepared()
        .get_result(conn)
        .await
}

/// A session by id.
pub async fn find_session(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<AuthSession>> {
    auth_sessions::table
        .find(id)
        .select(AuthSession::as_select())
        .first(conn)
        .await
        .optional()
}

/// Sessions of a user, newest first.
pub async fn sessions_of(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> crate::Result<Vec<AuthSession>> {
    auth_sessions::table
        .filter(auth_sessions::user_id.eq(user_id))
        .order(auth_sessions::created_at.desc())
        .limit(50)
        .select(AuthSession::as_select())
        .load(conn)
        .await
}

/// Marks a session used now.
pub async fn touch_session(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::update(auth_sessions::table.find(id))
        .set((
            auth_sessions::last_used_at.eq(diesel::dsl::now),
            auth_sessions::updated_at.eq(diesel::dsl::now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Revokes one live session; returns whether it was live.
pub async fn revoke_session(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    reason: &str,
) -> crate::Result<bool> {
    let changed = diesel::update(
        auth_sessions::table
            .find(id)
            .filter(auth_sessions::revoked_at.is_null()),
    )
    .set((
        auth_sessions::revoked_at.eq(diesel::dsl::now),
        auth_sessions::revoke_reason.eq(reason),
        auth_sessions::updated_at.eq(diesel::dsl::now),
    ))
    .prepared()
    .execute(conn)
    .await?;
    Ok(changed > 0)
}

/// Revokes every live session of a user, optionally sparing one; returns how many.
pub async fn revoke_all_sessions(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    except: Option<Uuid>,
    reason: &str,
) -> crate::Result<usize> {
    let mut query = diesel::update(auth_sessions::table)
        .filter(auth_sessions::user_id.eq(user_id))
        .filter(auth_sessions::revoked_at.is_null())
        .into_boxed();
    if let Some(keep) = except {
        query = query.filter(auth_sessions::id.ne(keep));
    }
    query
        .set((
            auth_sessions::revoked_at.eq(diesel::dsl::now),
            auth_sessions::revoke_reason.eq(reason),
            auth_sessions::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}

/// Stores a new refresh token of a session.
pub async fn insert_refresh_token(
    conn: &mut AsyncPgConnection,
    session_id: Uuid,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> crate::Result<RefreshToken> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(crate::new_id()),
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .returning(RefreshToken::as_returning())
        .prepared()
        .get_result(conn)
        .await
}

/// A refresh token by hash, locked so two concurrent refreshes cannot both rotate it.
pub async fn find_refresh_token_for_update(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> crate::Result<Option<RefreshToken>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshToken::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// A refresh token by id (a rotated token's successor).
pub async fn find_refresh_token(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<RefreshToken>> {
    refresh_tokens::table
        .find(id)
        .select(RefreshToken::as_select())
        .first(conn)
        .await
        .optional()
}

/// Marks a token rotated at `at` (the api's clock: the reuse grace window reads it) and links
/// its successor.
pub async fn mark_rotated(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    replaced_by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(refresh_tokens::table.find(id))
        .set((
            refresh_tokens::rotated_at.eq(at),
            refresh_tokens::replaced_by.eq(replaced_by),
            refresh_tokens::updated_at.eq(diesel::dsl::now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}
