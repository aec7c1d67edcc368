//! Password change, forgotten password and reset (also how invited users set their first one).

use afiliados_api_types::ApiErrorCode;
use afiliados_db::users::UserChanges;
use afiliados_domain::{Email, check_password};
use afiliados_email_messages::PasswordReset;
use chrono::{Duration, Utc};
use diesel_async::AsyncConnection;

use super::{blocking, password_violations};
use crate::audit::{self, Actor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::emails::{QueuedEmail, queue};

/// `PATCH /auth/password`: every other session is revoked.
pub async fn change(
    state: &AppState,
    user: &CurrentUser,
    current: &str,
    new: &str,
) -> Result<(), ApiError> {
    let hasher = state.hasher.clone();
    let stored = user.user.password_hash.clone().unwrap_or_default();
    let current_owned = current.to_owned();
    let ok = blocking(move || hasher.verify(&current_owned, &stored)).await?;
    if !ok {
        return Err(ApiError::Unauthenticated(
            ApiErrorCode::InvalidCredentials,
            Vec::new(),
        ));
    }
    let violations = check_password(new, &user.user.email, Some(current));
    if !violations.is_empty() {
        return Err(password_violations("newPassword", &violations));
    }
    let hasher = state.hasher.clone();
    let new_owned = new.to_owned();
    let hash = blocking(move || hasher.hash(&new_owned))
        .await?
        .map_err(|e| ApiError::Internal(e.into()))?;
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| {
        let changes = UserChanges {
            password_hash: Some(Some(hash)),
            password_changed_at: Some(Some(Utc::now())),
            ..UserChanges::default()
        };
        afiliados_db::users::update(tx, user.id(), &changes).await?;
        afiliados_db::sessions::revoke_all_sessions(
            tx,
            user.id(),
            user.session_id,
            "password_changed",
        )
        .await?;
        audit::record(
            tx,
            state.tenant_id,
            &Actor::User(user),
            AuditEvent::new("auth.password_changed", "user", user.id()),
        )
        .await?;
        Ok::<_, ApiError>(())
    })
    .await
}

/// `POST /auth/password/forgot`: same answer whatever the email, so accounts are not enumerable.
pub async fn forgot(state: &AppState, email: &str) -> Result<(), ApiError> {
    let Some(email) = Email::parse(email) else {
        return Ok(());
    };
    let mut conn = state.conn().await?;
    let Some(user) =
        afiliados_db::users::find_by_email(&mut conn, state.tenant_id, email.as_str()).await?
    else {
        return Ok(());
    };
    if !matches!(user.status.as_str(), "active" | "invited") {
        return Ok(());
    }
    let ttl = state.settings.password_reset_ttl_minutes;
    let token = afiliados_auth::new_single_use_token();
    let link = format!(
        "{}/restablecer-clave?token={token}",
        state.settings.web_public_url.trim_end_matches('/')
    );
    conn.transaction(async |tx| {
        afiliados_db::password_tokens::issue(
            tx,
            user.id,
            "reset",
            &afiliados_auth::hash_token(&token),
            Utc::now() + Duration::minutes(ttl),
        )
        .await?;
        let message = PasswordReset {
            first_name: user.first_name.clone(),
            link,
            expires_in_minutes: u32::try_from(ttl).unwrap_or(u32::MAX),
        };
        queue(
            tx,
            state.tenant_id,
            QueuedEmail {
                recipient: &user.email,
                recipient_user_id: Some(user.id),
                locale: &user.locale,
                message: message.into(),
            },
        )
        .await?;
        let actor = Actor::Anonymous(user.email.clone());
        audit::record(
            tx,
            state.tenant_id,
            &actor,
            AuditEvent::new("auth.password_reset_requested", "user", user.id),
        )
        .await?;
        Ok::<_, ApiError>(())
    })
    .await?;
    state.wake_relay();
    Ok(())
}

/// `POST /auth/password/reset`: works once, before expiry; activates invited users.
pub async fn reset(state: &AppState, token: &str, new_password: &str) -> Result<(), ApiError> {
    let invalid = || {
        ApiError::BadRequest(
            ApiErrorCode::ResetTokenInvalid,
            "reset token invalid".into(),
        )
    };
    let hash = afiliados_auth::hash_token(token.trim());
    let mut conn = state.conn().await?;
    let row = afiliados_db::password_tokens::find_for_update(&mut conn, &hash)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() || row.expires_at <= Utc::now() {
        return Err(invalid());
    }
    let user = afiliados_db::users::find(&mut conn, state.tenant_id, row.user_id)
        .await?
        .ok_or_else(invalid)?;
    let violations = check_password(new_password, &user.email, None);
    if !violations.is_empty() {
        return Err(password_violations("newPassword", &violations));
    }
    let hasher = state.hasher.clone();
    let new_owned = new_password.to_owned();
    let password_hash = blocking(move || hasher.hash(&new_owned))
        .await?
        .map_err(|e| ApiError::Internal(e.into()))?;
    conn.transaction(async |tx| {
        // Re-read under lock: two resets with the same token race here and only one wins.
        let row = afiliados_db::password_tokens::find_for_update(tx, &hash)
            .await?
            .ok_or_else(invalid)?;
        if row.used_at.is_some() {
            return Err(invalid());
        }
        afiliados_db::password_tokens::mark_used(tx, row.id).await?;
        let activate = user.status == "invited";
        let changes = UserChanges {
            password_hash: Some(Some(password_hash)),
            password_changed_at: Some(Some(Utc::now())),
            status: activate.then(|| "active".to_owned()),
            failed_login_count: Some(0),
            locked_until: Some(None),
            ..UserChanges::default()
        };
        afiliados_db::users::update(tx, user.id, &changes).await?;
        if activate {
            afiliados_db::status_history::record(
                tx,
                afiliados_db::status_history::StatusChange {
                    tenant_id: state.tenant_id,
                    entity_type: "user",
                    entity_id: user.id,
                    from: Some("invited"),
                    to: "active",
                    reason: None,
                    actor: &user.email,
                },
            )
            .await?;
        }
        afiliados_db::login_attempts::clear(tx, &user.email).await?;
        afiliados_db::sessions::revoke_all_sessions(tx, user.id, None, "password_reset").await?;
        let actor = Actor::Identified {
            id: user.id,
            label: user.email.clone(),
            roles: Vec::new(),
        };
        audit::record(
            tx,
            state.tenant_id,
            &actor,
            AuditEvent::new("auth.password_reset", "user", user.id),
        )
        .await?;
        Ok::<_, ApiError>(())
    })
    .await
}
