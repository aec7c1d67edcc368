//! Password change, forgotten password and reset (also how invited users set their first one).

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::{User, UserChanges};
use afiliados_domain::{Actor, Email, check_password};
use afiliados_email_messages::PasswordReset;
use chrono::Duration;

use super::{hash_password, password_violations, verify_password};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::emails::{QueuedEmail, queue_sealed};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The actor's account row.
pub(super) async fn account(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<User, UseCaseError> {
    afiliados_db::users::find(tx, ctx.tenant_id, actor.user_id)
        .await?
        .ok_or(UseCaseError::NotFound)
}

/// Hashes a password on the bounded pool.
async fn hash(ctx: &UseCaseContext<'_>, password: &str) -> Result<String, UseCaseError> {
    hash_password(ctx.passwords, password).await
}

/// Whether `password` is the account's, checked on the bounded pool (an account without a
/// password spends the same work and never matches).
pub(super) async fn verify(
    ctx: &UseCaseContext<'_>,
    user: &User,
    password: &str,
) -> Result<bool, UseCaseError> {
    verify_password(ctx.passwords, password, user.password_hash.clone()).await
}

/// `PATCH /auth/password`: every other session is revoked.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn change(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    current: &str,
    new: &str,
) -> Result<(), UseCaseError> {
    let user = account(tx, ctx, actor).await?;
    if !verify(ctx, &user, current).await? {
        return Err(UseCaseError::unauthenticated(ErrorCode::InvalidCredentials));
    }
    let violations = check_password(new, &user.email, Some(current));
    if !violations.is_empty() {
        return Err(password_violations("newPassword", &violations));
    }
    let changes = UserChanges {
        password_hash: Some(Some(hash(ctx, new).await?)),
        password_changed_at: Some(Some(ctx.now())),
        ..UserChanges::default()
    };
    afiliados_db::users::update(tx, user.id, &changes).await?;
    afiliados_db::sessions::revoke_all_sessions(tx, user.id, actor.session_id, "password_changed")
        .await?;
    let event = AuditEvent::new("auth.password_changed", "user", user.id);
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(())
}

/// `POST /auth/password/forgot`: same answer whatever the email, so accounts are not enumerable.
#[tracing::instrument(skip_all)]
pub async fn forgot(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    email: &str,
) -> Result<(), UseCaseError> {
    let Some(email) = Email::parse(email) else {
        return Ok(());
    };
    let Some(user) = afiliados_db::users::find_by_email(tx, ctx.tenant_id, email.as_str()).await?
    else {
        return Ok(());
    };
    if !matches!(user.status.as_str(), "active" | "invited") {
        return Ok(());
    }
    let ttl = ctx.settings.password_reset_ttl_minutes;
    let token = afiliados_auth::new_single_use_token();
    let link = format!(
        "{}/restablecer-clave?token={token}",
        ctx.settings.web_public_url.trim_end_matches('/')
    );
    afiliados_db::password_tokens::issue(
        tx,
        user.id,
        "reset",
        &afiliados_auth::hash_token(&token),
        ctx.now() + Duration::minutes(ttl),
    )
    .await?;
    let message = PasswordReset {
        first_name: user.first_name.clone(),
        link,
        expires_in_minutes: u32::try_from(ttl).unwrap_or(u32::MAX),
    };
    queue_sealed(
        tx,
        ctx.tenant_id,
        ctx.data_keys,
        QueuedEmail {
            recipient: &user.email,
            recipient_user_id: Some(user.id),
            locale: user.locale.as_str(),
            message: message.into(),
        },
    )
    .await?;
    let actor = AuditActor::Anonymous(user.email.clone());
    let event = AuditEvent::new("auth.password_reset_requested", "user", user.id);
    audit::record(tx, ctx.tenant_id, &actor, event).await?;
    Ok(())
}

/// `POST /auth/password/reset`: works once, before expiry; activates invited users. The token
/// row stays locked from the first read, so two resets with one token serialise and one wins.
#[tracing::instrument(skip_all)]
pub async fn reset(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    token: &str,
    new_password: &str,
) -> Result<(), UseCaseError> {
    let invalid = || UseCaseError::InvalidToken(ErrorCode::ResetTokenInvalid);
    let hash_of_token = afiliados_auth::hash_token(token.trim());
    let row = afiliados_db::password_tokens::find_for_update(tx, &hash_of_token)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() || row.expires_at <= ctx.now() {
        return Err(invalid());
    }
    let user = afiliados_db::users::find(tx, ctx.tenant_id, row.user_id)
        .await?
        .ok_or_else(invalid)?;
    let violations = check_password(new_password, &user.email, None);
    if !violations.is_empty() {
        return Err(password_violations("newPassword", &violations));
    }
    let password_hash = hash(ctx, new_password).await?;
    afiliados_db::password_tokens::mark_used(tx, row.id).await?;
    let activate = user.status == afiliados_domain::UserStatus::Invited;
    let changes = UserChanges {
        password_hash: Some(Some(password_hash)),
        password_changed_at: Some(Some(ctx.now())),
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
                tenant_id: ctx.tenant_id,
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
    let actor = AuditActor::Identified {
        id: user.id,
        label: user.email.clone(),
        roles: Vec::new(),
    };
    let event = AuditEvent::new("auth.password_reset", "user", user.id);
    audit::record(tx, ctx.tenant_id, &actor, event).await?;
    Ok(())
}
