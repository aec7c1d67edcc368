//! `POST /auth/refresh`: rotation with reuse detection (domain.md §5.1.3), and logout.

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::auth::TokenPair;
use chrono::Duration;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;

enum Outcome {
    Rotated(TokenPair),
    Reused,
    Invalid,
}

fn invalid() -> ApiError {
    ApiError::Unauthenticated(ApiErrorCode::RefreshTokenInvalid, Vec::new())
}

/// Exchanges a refresh token for a new pair; a rotated token presented again revokes its family.
pub async fn refresh(state: &AppState, token: &str) -> Result<TokenPair, ApiError> {
    // A JWT (or anything else) where a refresh token is expected is simply not one.
    if !token.starts_with("rt_") || token.len() != 46 {
        return Err(invalid());
    }
    let hash = afiliados_auth::hash_token(token);
    let mut conn = state.conn().await?;
    let outcome = conn
        .transaction(async |tx| {
            let Some(row) = afiliados_db::sessions::find_refresh_token_for_update(tx, &hash).await? else {
                return Ok(Outcome::Invalid);
            };
            let Some(session) = afiliados_db::sessions::find_session(tx, row.session_id).await? else {
                return Ok(Outcome::Invalid);
            };
            let user = afiliados_db::users::find(tx, state.tenant_id, session.user_id).await?;
            if row.rotated_at.is_some() {
                if session.revoked_at.is_none() {
                    afiliados_db::sessions::revoke_session(tx, session.id, "reuse_detected").await?;
                    if let Some(user) = &user {
                        let actor = AuditActor::Identified { id: user.id, label: user.email.clone(), roles: Vec::new() };
                        audit::record(tx, state.tenant_id, &actor, AuditEvent::new("auth.refresh_reuse_detected", "session", session.id)).await?;
                        afiliados_db::notifications::insert(
                            tx,
                            state.tenant_id,
                            user.id,
                            "auth.session_revoked",
                            "warning",
                            &serde_json::json!({ "sessionId": session.id, "reason": "reuse_detected" }),
                        )
                        .await?;
                    }
                }
                return Ok(Outcome::Reused);
            }
            let now = state.now();
            let Some(user) = user.filter(|u| u.status == "active") else { return Ok(Outcome::Invalid) };
            if session.revoked_at.is_some() || session.expires_at <= now || row.expires_at <= now {
                return Ok(Outcome::Invalid);
            }
            let next = afiliados_auth::new_refresh_token();
            let expires = (now + Duration::seconds(state.settings.refresh_ttl_seconds)).min(session.expires_at);
            let stored = afiliados_db::sessions::insert_refresh_token(tx, session.id, &afiliados_auth::hash_token(&next), expires).await?;
            afiliados_db::sessions::mark_rotated(tx, row.id, stored.id).await?;
            afiliados_db::sessions::touch_session(tx, session.id).await?;
            let roles = afiliados_db::roles::roles_of(tx, user.id).await?;
            Ok::<_, ApiError>(Outcome::Rotated(super::tokens::pair(state, user.id, session.id, roles, next, expires)?))
        })
        .await?;
    match outcome {
        Outcome::Rotated(pair) => Ok(pair),
        Outcome::Reused => Err(ApiError::Unauthenticated(
            ApiErrorCode::RefreshTokenReused,
            Vec::new(),
        )),
        Outcome::Invalid => Err(invalid()),
    }
}

/// Revokes the caller's session, the session of a given refresh token, or every session.
pub async fn logout(
    state: &AppState,
    user: &CurrentUser,
    refresh_token: Option<&str>,
    all: bool,
) -> Result<(), ApiError> {
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| {
        let target: Option<Uuid> = match refresh_token {
            Some(token) if !all => afiliados_db::sessions::find_refresh_token_for_update(
                tx,
                &afiliados_auth::hash_token(token),
            )
            .await?
            .map(|row| row.session_id),
            _ => user.session_id,
        };
        if all {
            afiliados_db::sessions::revoke_all_sessions(tx, user.id(), None, "logout").await?;
        } else if let Some(session_id) = target {
            let owned = afiliados_db::sessions::find_session(tx, session_id)
                .await?
                .is_some_and(|s| s.user_id == user.id());
            if owned {
                afiliados_db::sessions::revoke_session(tx, session_id, "logout").await?;
            }
        }
        let mut event = AuditEvent::new("auth.logout", "user", user.id());
        event.after = Some(serde_json::json!({ "allSessions": all }));
        audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
        Ok::<_, ApiError>(())
    })
    .await
}
