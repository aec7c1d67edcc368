//! `POST /auth/refresh`: rotation with reuse detection (domain.md §5.1.3), and logout.
//!
//! Two tabs of one browser refresh at the same moment with the same token: the second used to be
//! taken for a thief and the session revoked. The token just rotated is therefore accepted once
//! more for [`REUSE_GRACE_SECONDS`] while its successor is still unused, and answers a new token
//! of the same session (ADR 0027). After the window, or for any older token, reuse revokes the
//! session as before.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::auth::TokenPair;
use afiliados_db::AsyncPgConnection;
use afiliados_db::sessions::{AuthSession, RefreshToken};
use afiliados_db::users::User;
use afiliados_domain::Actor;
use afiliados_domain::Role;
use chrono::Duration;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Outcome, UseCaseContext, UseCaseError};

/// How long the token just rotated stays acceptable (concurrent refreshes of two tabs arrive
/// within a second or two; the window stays short because within it a stolen token works once).
pub const REUSE_GRACE_SECONDS: i64 = 30;

fn invalid() -> Outcome<TokenPair> {
    Outcome::Refused(UseCaseError::unauthenticated(
        ErrorCode::RefreshTokenInvalid,
    ))
}

/// Exchanges a refresh token for a new pair. A rotated token presented again revokes its whole
/// session and is refused; the revocation commits with the refusal.
#[tracing::instrument(skip_all, fields(session.id = tracing::field::Empty))]
pub async fn refresh(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    token: &str,
) -> Result<Outcome<TokenPair>, UseCaseError> {
    // A JWT (or anything else) where a refresh token is expected is simply not one.
    if !token.starts_with("rt_") || token.len() != 46 {
        return Ok(invalid());
    }
    let hash = afiliados_auth::hash_token(token);
    let Some(row) = afiliados_db::sessions::find_refresh_token_for_update(tx, &hash).await? else {
        return Ok(invalid());
    };
    let Some(session) = afiliados_db::sessions::find_session(tx, row.session_id).await? else {
        return Ok(invalid());
    };
    tracing::Span::current().record("session.id", tracing::field::display(session.id));
    let user = afiliados_db::users::find(tx, ctx.tenant_id, session.user_id).await?;
    let now = ctx.now();
    let within_grace = match row.rotated_at {
        None => false,
        Some(rotated_at) => within_grace(tx, &row, rotated_at, now).await?,
    };
    if row.rotated_at.is_some() && !within_grace {
        if session.revoked_at.is_none() {
            afiliados_db::sessions::revoke_session(tx, session.id, "reuse_detected").await?;
            if let Some(user) = &user {
                let actor = AuditActor::Identified {
                    id: user.id,
                    label: user.email.clone(),
                    roles: Vec::new(),
                };
                let event = AuditEvent::new("auth.refresh_reuse_detected", "session", session.id);
                audit::record(tx, ctx.tenant_id, &actor, event).await?;
                afiliados_db::notifications::insert(
                    tx,
                    ctx.tenant_id,
                    user.id,
                    "auth.session_revoked",
                    "warning",
                    &serde_json::json!({ "sessionId": session.id, "reason": "reuse_detected" }),
                )
                .await?;
            }
        }
        return Ok(Outcome::Refused(UseCaseError::unauthenticated(
            ErrorCode::RefreshTokenReused,
        )));
    }
    let Some(user) = user.filter(|u| u.status == afiliados_domain::UserStatus::Active) else {
        return Ok(invalid());
    };
    if session.revoked_at.is_some() || session.expires_at <= now || row.expires_at <= now {
        return Ok(invalid());
    }
    let roles = afiliados_db::roles::roles_of(tx, user.id).await?;
    if let Some(refusal) = staff_without_required_2fa(tx, ctx, &user, &session, &roles).await? {
        return Ok(Outcome::Refused(refusal));
    }
    let next = afiliados_auth::new_refresh_token();
    let expires =
        (now + Duration::seconds(ctx.settings.refresh_ttl_seconds)).min(session.expires_at);
    let stored = afiliados_db::sessions::insert_refresh_token(
        tx,
        session.id,
        &afiliados_auth::hash_token(&next),
        expires,
    )
    .await?;
    if within_grace {
        // The other tab's answer: a sibling of the successor, which stays valid too.
        metrics::counter!("marketing_afiliados_auth_refresh_grace_total").increment(1);
    } else {
        afiliados_db::sessions::mark_rotated(tx, row.id, stored.id, now).await?;
    }
    afiliados_db::sessions::touch_session(tx, session.id).await?;
    let pair = super::tokens::pair(ctx, user.id, session.id, roles, next, expires)?;
    Ok(Outcome::Done(pair))
}

/// Whether the rotated `row` is still in its grace window: rotated at most
/// [`REUSE_GRACE_SECONDS`] ago, and its successor not rotated yet (it is the immediately
/// previous token, not an older one).
async fn within_grace(
    tx: &mut AsyncPgConnection,
    row: &RefreshToken,
    rotated_at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, UseCaseError> {
    if now - rotated_at > Duration::seconds(REUSE_GRACE_SECONDS) || now < rotated_at {
        return Ok(false);
    }
    let Some(successor) = row.replaced_by else {
        return Ok(false);
    };
    Ok(afiliados_db::sessions::find_refresh_token(tx, successor)
        .await?
        .is_some_and(|next| next.rotated_at.is_none()))
}

/// A staff user for whom 2FA is mandatory but not enabled (an administrator reset it, or the
/// rule was switched on after sign-in) keeps no session: it is revoked and the refusal says why,
/// so the next sign-in goes through enrolment. The revocation commits with the refusal.
async fn staff_without_required_2fa(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &User,
    session: &AuthSession,
    roles: &[String],
) -> Result<Option<UseCaseError>, UseCaseError> {
    let roles: Vec<Role> = roles.iter().filter_map(|r| Role::parse(r)).collect();
    if !super::two_factor::mandatory_for(ctx.settings, &roles) {
        return Ok(None);
    }
    let enabled = afiliados_db::totp::find(tx, user.id)
        .await?
        .is_some_and(|t| t.status == afiliados_domain::TotpStatus::Enabled);
    if enabled {
        return Ok(None);
    }
    afiliados_db::sessions::revoke_session(tx, session.id, "two_factor_required").await?;
    Ok(Some(UseCaseError::forbidden(
        ErrorCode::TwoFactorRequiredForRole,
    )))
}

/// Revokes the actor's session, the session of a given refresh token (its own only), or every
/// session of the actor.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn logout(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    refresh_token: Option<&str>,
    all: bool,
) -> Result<(), UseCaseError> {
    let target: Option<Uuid> = match refresh_token {
        Some(token) if !all => afiliados_db::sessions::find_refresh_token_for_update(
            tx,
            &afiliados_auth::hash_token(token),
        )
        .await?
        .map(|row| row.session_id),
        _ => actor.session_id,
    };
    if all {
        afiliados_db::sessions::revoke_all_sessions(tx, actor.user_id, None, "logout").await?;
    } else if let Some(session_id) = target {
        let owned = afiliados_db::sessions::find_session(tx, session_id)
            .await?
            .is_some_and(|s| s.user_id == actor.user_id);
        if owned {
            afiliados_db::sessions::revoke_session(tx, session_id, "logout").await?;
        }
    }
    let mut event = AuditEvent::new("auth.logout", "user", actor.user_id);
    event.after = Some(serde_json::json!({ "allSessions": all }));
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(())
}
