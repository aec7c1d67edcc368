//! `POST /auth/login` (domain.md §5.1.2): lockout, credentials, account state, 2FA, then a session.
//!
//! Everything happens in the caller's one transaction. A refusal answers
//! `Ok(Outcome::Refused(..))`, so what it recorded — the failure counter, the lock, the audit row —
//! commits with it and still holds after the error answer.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::auth::{LoginRequest, TokenPair};
use afiliados_auth::TotpCheck;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::{User, UserChanges};
use afiliados_domain::{Email, FieldCode, Role};
use serde_json::json;

use super::lockout::{audit_failure, record_failure, refusal_if_locked};
use super::verify_password;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Outcome, UseCaseContext, UseCaseError};

/// Why a second factor was refused.
pub(super) enum SecondFactor {
    Missing,
    Wrong,
}

/// Signs in.
#[tracing::instrument(skip_all, fields(user.id = tracing::field::Empty))]
pub async fn login(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: &LoginRequest,
) -> Result<Outcome<TokenPair>, UseCaseError> {
    if request.password.chars().count() > 128 {
        return Err(UseCaseError::invalid("password", FieldCode::TooLong));
    }
    let key = request.email.trim().to_lowercase();
    if let Some(locked) = refusal_if_locked(tx, ctx, &key).await? {
        return Ok(Outcome::Refused(locked));
    }
    let user = match Email::parse(&key) {
        Some(email) => {
            afiliados_db::users::find_by_email(tx, ctx.tenant_id, email.as_str()).await?
        }
        None => None,
    };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    // A full pool refuses here, before anything is recorded: a 503 is not a failed attempt.
    let password_ok = verify_password(ctx.passwords, &request.password, stored).await?;
    let user = match user {
        Some(user) if password_ok => user,
        other => {
            let user_id = other.map(|u| u.id);
            let refusal = record_failure(tx, ctx, &key, user_id, "invalid_credentials").await?;
            return Ok(Outcome::Refused(refusal));
        }
    };
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    if user.status != afiliados_domain::UserStatus::Active {
        audit_failure(tx, ctx, &key, Some(user.id), "account_suspended").await?;
        return Ok(Outcome::Refused(UseCaseError::forbidden(
            ErrorCode::AccountSuspended,
        )));
    }
    let roles = afiliados_db::roles::roles_of(tx, user.id).await?;
    let totp = afiliados_db::totp::find(tx, user.id).await?;
    let two_factor_enabled = totp
        .as_ref()
        .is_some_and(|t| t.status == afiliados_domain::TotpStatus::Enabled);
    if !two_factor_enabled {
        let staff = roles
            .iter()
            .filter_map(|r| Role::parse(r))
            .any(Role::is_staff);
        if staff && ctx.settings.require_2fa_for_staff {
            return Ok(Outcome::Done(super::tokens::enrollment_token(
                ctx, user.id, roles,
            )?));
        }
    } else {
        if request.two_factor_code.is_none() && request.recovery_code.is_none() {
            // The password was right: the client finishes with the challenge id alone
            // (`POST /auth/login/2fa`) and need not keep the password (ADR 0028).
            let challenge = super::challenge::issue(tx, ctx, user.id).await?;
            return Ok(Outcome::Refused(UseCaseError::Unauthenticated {
                code: ErrorCode::TwoFactorRequired,
                details: vec![json!({
                    "methods": ["totp", "recovery_code"],
                    "challengeId": challenge.id,
                    "expiresInSeconds": challenge.expires_in_seconds,
                })],
            }));
        }
        let codes = (
            request.two_factor_code.as_deref(),
            request.recovery_code.as_deref(),
        );
        match check_second_factor(tx, ctx, &user, codes).await? {
            None => {}
            Some(SecondFactor::Missing) => {
                return Ok(Outcome::Refused(UseCaseError::unauthenticated(
                    ErrorCode::TwoFactorRequired,
                )));
            }
            Some(SecondFactor::Wrong) => {
                let refusal =
                    record_failure(tx, ctx, &key, Some(user.id), "invalid_two_factor_code").await?;
                return Ok(Outcome::Refused(refusal));
            }
        }
    }
    complete_sign_in(tx, ctx, &key, &user, roles).await
}

/// A successful sign-in: the failure counter cleared, the account's last sign-in, a new session
/// and its audit row.
pub(super) async fn complete_sign_in(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: &str,
    user: &User,
    roles: Vec<String>,
) -> Result<Outcome<TokenPair>, UseCaseError> {
    let now = ctx.now();
    afiliados_db::login_attempts::clear(tx, key).await?;
    afiliados_db::users::update(
        tx,
        user.id,
        &UserChanges {
            last_login_at: Some(Some(now)),
            failed_login_count: Some(0),
            locked_until: Some(None),
            ..UserChanges::default()
        },
    )
    .await?;
    let pair = super::tokens::open_session(tx, ctx, user.id, roles.clone()).await?;
    let actor = AuditActor::Identified {
        id: user.id,
        label: user.email.clone(),
        roles,
    };
    let event = AuditEvent::new("auth.login_succeeded", "user", user.id);
    audit::record(tx, ctx.tenant_id, &actor, event).await?;
    Ok(Outcome::Done(pair))
}

/// `None` when the TOTP or recovery code of `(totp, recovery)` is good (a TOTP step, or the
/// recovery code, is then spent).
pub(super) async fn check_second_factor(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &User,
    (two_factor_code, recovery_code): (Option<&str>, Option<&str>),
) -> Result<Option<SecondFactor>, UseCaseError> {
    if let Some(code) = two_factor_code {
        let Some(totp) = afiliados_db::totp::find_for_update(tx, user.id).await? else {
            return Ok(Some(SecondFactor::Missing));
        };
        let secret = super::two_factor::open_secret(ctx, &totp)?;
        let now = super::two_factor::now_unix(ctx);
        return match afiliados_auth::verify_totp(&secret, code, now, totp.last_used_step) {
            Ok(TotpCheck::Valid { step }) => {
                afiliados_db::totp::set_last_step(tx, user.id, step).await?;
                Ok(None)
            }
            _ => Ok(Some(SecondFactor::Wrong)),
        };
    }
    if let Some(code) = recovery_code {
        let consumed = afiliados_db::recovery_codes::consume(
            tx,
            user.id,
            &afiliados_auth::hash_recovery_code(code),
        )
        .await?;
        return Ok(if consumed {
            None
        } else {
            Some(SecondFactor::Wrong)
        });
    }
    Ok(Some(SecondFactor::Missing))
}
