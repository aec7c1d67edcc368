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
use chrono::Duration;
use diesel::{ExpressionMethods, QueryDsl};
use serde_json::json;
use uuid::Uuid;

use super::blocking;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Outcome, UseCaseContext, UseCaseError};

/// Why a second factor was refused.
enum SecondFactor {
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
    let now = ctx.now();
    if let Some(until) = afiliados_db::login_attempts::locked_until(tx, &key, now).await? {
        return Ok(Outcome::Refused(UseCaseError::Locked {
            retry_after: (until - now).num_seconds().max(1),
        }));
    }
    let user = match Email::parse(&key) {
        Some(email) => {
            afiliados_db::users::find_by_email(tx, ctx.tenant_id, email.as_str()).await?
        }
        None => None,
    };
    let hasher = ctx.hasher.clone();
    let password = request.password.clone();
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = blocking(move || match stored {
        Some(hash) => hasher.verify(&password, &hash),
        None => {
            hasher.verify_dummy(&password);
            false
        }
    })
    .await?;
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
            return Ok(Outcome::Refused(UseCaseError::Unauthenticated {
                code: ErrorCode::TwoFactorRequired,
                details: vec![json!({ "methods": ["totp", "recovery_code"] })],
            }));
        }
        match check_second_factor(tx, ctx, &user, request).await? {
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
    afiliados_db::login_attempts::clear(tx, &key).await?;
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

/// `None` when the TOTP or recovery code is good (a TOTP step is then spent).
async fn check_second_factor(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &User,
    request: &LoginRequest,
) -> Result<Option<SecondFactor>, UseCaseError> {
    if let Some(code) = &request.two_factor_code {
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
    if let Some(code) = &request.recovery_code {
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

/// Counts a failure (locking at the threshold), audits it, and returns the refusal to give.
async fn record_failure(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: &str,
    user_id: Option<Uuid>,
    reason: &'static str,
) -> Result<UseCaseError, UseCaseError> {
    let settings = ctx.settings;
    let lock_until = ctx.now() + Duration::minutes(settings.lockout_minutes);
    let (_, locked) = afiliados_db::login_attempts::record_failure(
        tx,
        key,
        settings.lockout_threshold,
        lock_until,
    )
    .await?;
    if let Some(id) = user_id {
        // Mirrored on the account so admins see the lock and can lift it.
        let changes = UserChanges {
            locked_until: locked.then_some(Some(lock_until)),
            ..UserChanges::default()
        };
        diesel_async::RunQueryDsl::execute(
            diesel::update(afiliados_db::schema::users::table.find(id)).set((
                afiliados_db::schema::users::failed_login_count
                    .eq(afiliados_db::schema::users::failed_login_count + 1),
                &changes,
            )),
            tx,
        )
        .await?;
    }
    audit_failure(tx, ctx, key, user_id, reason).await?;
    if locked {
        let actor = AuditActor::Anonymous(key.to_owned());
        let mut event = AuditEvent::new(
            "auth.account_locked",
            "user",
            user_id.map(|u| u.to_string()).unwrap_or_default(),
        );
        event.after = Some(json!({ "lockedUntil": lock_until }));
        audit::record(tx, ctx.tenant_id, &actor, event).await?;
        metrics::counter!("marketing_afiliados_auth_lockouts_total").increment(1);
        return Ok(UseCaseError::Locked {
            retry_after: settings.lockout_minutes * 60,
        });
    }
    Ok(match reason {
        "invalid_two_factor_code" => UseCaseError::unauthenticated(ErrorCode::InvalidTwoFactorCode),
        _ => UseCaseError::unauthenticated(ErrorCode::InvalidCredentials),
    })
}

async fn audit_failure(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: &str,
    user_id: Option<Uuid>,
    reason: &str,
) -> Result<(), UseCaseError> {
    let actor = AuditActor::Anonymous(key.to_owned());
    let mut event = AuditEvent::new(
        "auth.login_failed",
        "user",
        user_id.map(|u| u.to_string()).unwrap_or_default(),
    );
    event.after = Some(json!({ "reason": reason }));
    audit::record(tx, ctx.tenant_id, &actor, event).await?;
    metrics::counter!("marketing_afiliados_auth_login_failures_total", "reason" => reason.to_owned()).increment(1);
    Ok(())
}
