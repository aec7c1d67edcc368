//! TOTP enrolment, confirmation, recovery codes and disabling (domain.md §5.1.4). Secrets are
//! sealed with the data key ring; the user id is the associated data, so a secret copied to
//! another user's row does not open.
//!
//! The TOTP step is read from the injected clock: in production that is the system clock the
//! authenticator app shares; a test on a pinned clock computes its codes at the pinned instant.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::auth::{EnrollTwoFactorResponse, RecoveryCodesResponse};
use afiliados_auth::TotpCheck;
use afiliados_db::AsyncPgConnection;
use afiliados_db::totp::UserTotp;
use afiliados_domain::{Actor, Role};
use afiliados_email_messages::TwoFactorEnabled;
use uuid::Uuid;

use super::lockout;
use super::password::{account, verify};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{Outcome, UseCaseContext, UseCaseError, UseCaseSettings};

/// Decrypts a stored secret.
pub fn open_secret(ctx: &UseCaseContext<'_>, totp: &UserTotp) -> Result<String, UseCaseError> {
    let bytes = ctx
        .data_keys
        .decrypt(&totp.secret_ciphertext, totp.user_id.as_bytes())
        .map_err(|e| UseCaseError::internal(format!("opening a TOTP secret: {e}")))?;
    String::from_utf8(bytes).map_err(|e| UseCaseError::Internal(e.into()))
}

/// Seals a secret for a user.
pub fn seal_secret(
    ctx: &UseCaseContext<'_>,
    user_id: Uuid,
    secret: &str,
) -> Result<Vec<u8>, UseCaseError> {
    ctx.data_keys
        .encrypt(secret.as_bytes(), user_id.as_bytes())
        .map_err(|e| UseCaseError::internal(format!("sealing a TOTP secret: {e}")))
}

/// The clock's instant as Unix seconds, for TOTP steps.
pub fn now_unix(ctx: &UseCaseContext<'_>) -> u64 {
    u64::try_from(ctx.now().timestamp()).unwrap_or(0)
}

/// The lockout key of a signed-in user: the normalised e-mail, as at sign-in.
fn lockout_key(actor: &Actor) -> String {
    actor.email.trim().to_lowercase()
}

/// Refuses at once when the actor's sign-in key is locked: a locked account guesses no codes.
async fn refuse_if_locked(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<(), UseCaseError> {
    match lockout::refusal_if_locked(tx, ctx, &lockout_key(actor)).await? {
        Some(locked) => Err(locked),
        None => Ok(()),
    }
}

/// A wrong TOTP code counts toward the sign-in lockout like one at sign-in (401, or 423 when it
/// locks); the count commits with the refusal.
async fn wrong_code<T>(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<Outcome<T>, UseCaseError> {
    let refusal = lockout::record_failure(
        tx,
        ctx,
        &lockout_key(actor),
        Some(actor.user_id),
        "invalid_two_factor_code",
    )
    .await?;
    Ok(Outcome::Refused(refusal))
}

/// Whether a code is the current TOTP (unused step) of `totp`; answers the step.
fn check_code(
    ctx: &UseCaseContext<'_>,
    totp: &UserTotp,
    code: &str,
) -> Result<Option<i64>, UseCaseError> {
    let secret = open_secret(ctx, totp)?;
    match afiliados_auth::verify_totp(&secret, code, now_unix(ctx), totp.last_used_step)
        .map_err(|e| UseCaseError::Internal(e.into()))?
    {
        TotpCheck::Valid { step } => Ok(Some(step)),
        _ => Ok(None),
    }
}

/// Starts (or restarts) enrolment.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn enroll(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<EnrollTwoFactorResponse, UseCaseError> {
    if afiliados_db::totp::find(tx, actor.user_id)
        .await?
        .is_some_and(|t| t.status == afiliados_domain::TotpStatus::Enabled)
    {
        return Err(UseCaseError::conflict(ErrorCode::TwoFactorAlreadyEnabled));
    }
    let secret = afiliados_auth::generate_totp_secret();
    let sealed = seal_secret(ctx, actor.user_id, &secret)?;
    afiliados_db::totp::upsert_pending(tx, actor.user_id, &sealed, ctx.data_keys.active_key_id())
        .await?;
    Ok(EnrollTwoFactorResponse {
        otpauth_uri: afiliados_auth::otpauth_uri(&secret, &actor.email),
        secret,
        issuer: "Marketing Afiliados".into(),
        account_name: actor.email.clone(),
    })
}

/// Confirms enrolment with a valid code; returns the ten recovery codes, shown once. A wrong
/// code counts toward the lockout.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn confirm(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    code: &str,
) -> Result<Outcome<RecoveryCodesResponse>, UseCaseError> {
    refuse_if_locked(tx, ctx, actor).await?;
    let codes = afiliados_auth::generate_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes
        .iter()
        .map(|c| afiliados_auth::hash_recovery_code(c))
        .collect();
    let totp = match afiliados_db::totp::find_for_update(tx, actor.user_id).await? {
        None => return Err(UseCaseError::conflict(ErrorCode::EnrollmentNotStarted)),
        Some(t) if t.status == afiliados_domain::TotpStatus::Enabled => {
            return Err(UseCaseError::conflict(ErrorCode::TwoFactorAlreadyEnabled));
        }
        Some(t) => t,
    };
    let Some(step) = check_code(ctx, &totp, code)? else {
        return wrong_code(tx, ctx, actor).await;
    };
    afiliados_db::totp::enable(tx, actor.user_id, Some(step)).await?;
    afiliados_db::recovery_codes::replace(tx, actor.user_id, &hashes).await?;
    let user = account(tx, ctx, actor).await?;
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &user.email,
            recipient_user_id: Some(user.id),
            locale: user.locale.as_str(),
            message: TwoFactorEnabled {
                first_name: user.first_name.clone(),
            }
            .into(),
        },
    )
    .await?;
    let event = AuditEvent::new("auth.two_factor_enrolled", "user", actor.user_id);
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(Outcome::Done(RecoveryCodesResponse {
        recovery_codes: codes,
    }))
}

/// Replaces the recovery codes after checking a current code; a wrong one counts toward the
/// lockout.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn regenerate_recovery_codes(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    code: &str,
) -> Result<Outcome<RecoveryCodesResponse>, UseCaseError> {
    refuse_if_locked(tx, ctx, actor).await?;
    let codes = afiliados_auth::generate_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes
        .iter()
        .map(|c| afiliados_auth::hash_recovery_code(c))
        .collect();
    let totp = afiliados_db::totp::find_for_update(tx, actor.user_id)
        .await?
        .filter(|t| t.status == afiliados_domain::TotpStatus::Enabled)
        .ok_or_else(|| UseCaseError::conflict(ErrorCode::TwoFactorNotEnabled))?;
    let Some(step) = check_code(ctx, &totp, code)? else {
        return wrong_code(tx, ctx, actor).await;
    };
    afiliados_db::totp::set_last_step(tx, actor.user_id, step).await?;
    afiliados_db::recovery_codes::replace(tx, actor.user_id, &hashes).await?;
    Ok(Outcome::Done(RecoveryCodesResponse {
        recovery_codes: codes,
    }))
}

/// Whether 2FA is mandatory for any of these roles.
pub fn mandatory_for(settings: &UseCaseSettings, roles: &[Role]) -> bool {
    settings.require_2fa_for_staff && roles.iter().any(|r| r.is_staff())
}

/// `DELETE /auth/2fa`: password and a current code; refused when 2FA is mandatory for the actor.
/// A wrong code counts toward the lockout.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn disable(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    password: &str,
    code: &str,
) -> Result<Outcome<()>, UseCaseError> {
    if mandatory_for(ctx.settings, &actor.roles) {
        return Err(UseCaseError::forbidden(ErrorCode::TwoFactorRequiredForRole));
    }
    refuse_if_locked(tx, ctx, actor).await?;
    let totp = afiliados_db::totp::find(tx, actor.user_id)
        .await?
        .filter(|t| t.status == afiliados_domain::TotpStatus::Enabled)
        .ok_or_else(|| UseCaseError::conflict(ErrorCode::TwoFactorNotEnabled))?;
    let user = account(tx, ctx, actor).await?;
    if !verify(ctx, &user, password).await? {
        return Err(UseCaseError::unauthenticated(ErrorCode::InvalidCredentials));
    }
    let secret = open_secret(ctx, &totp)?;
    // Here a code the TOTP check cannot even read is simply a wrong code.
    if !matches!(
        afiliados_auth::verify_totp(&secret, code, now_unix(ctx), totp.last_used_step),
        Ok(TotpCheck::Valid { .. })
    ) {
        return wrong_code(tx, ctx, actor).await;
    }
    afiliados_db::totp::delete(tx, actor.user_id).await?;
    afiliados_db::recovery_codes::delete_all(tx, actor.user_id).await?;
    let event = AuditEvent::new("auth.two_factor_disabled", "user", actor.user_id);
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(Outcome::Done(()))
}
