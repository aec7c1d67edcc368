//! `POST /auth/login` (domain.md §5.1.2): lockout, credentials, account state, 2FA, then a session.
//!
//! Failures are recorded in their own committed transaction (the counter and the audit row must
//! survive the error answer); success happens in one transaction with the 2FA step update, the
//! recovery-code consumption, the session and the audit row.

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::auth::{LoginRequest, TokenPair};
use afiliados_auth::TotpCheck;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::{User, UserChanges};
use afiliados_domain::{Email, Role};
use chrono::Duration;
use diesel_async::AsyncConnection;
use serde_json::json;

use super::blocking;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::state::AppState;

/// Why a second factor was refused, decided inside the success transaction.
enum SecondFactor {
    Missing,
    Wrong,
}

/// Signs in.
pub async fn login(state: &AppState, request: LoginRequest) -> Result<TokenPair, ApiError> {
    if request.password.chars().count() > 128 {
        return Err(ApiError::field("password", "too_long"));
    }
    let key = request.email.trim().to_lowercase();
    let mut conn = state.conn().await?;
    if let Some(until) =
        afiliados_db::login_attempts::locked_until(&mut conn, &key, state.now()).await?
    {
        return Err(ApiError::Locked {
            retry_after: (until - state.now()).num_seconds().max(1),
        });
    }
    let user = match Email::parse(&key) {
        Some(email) => {
            afiliados_db::users::find_by_email(&mut conn, state.tenant_id, email.as_str()).await?
        }
        None => None,
    };
    let hasher = state.hasher.clone();
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
            return Err(record_failure(
                &mut conn,
                state,
                &key,
                other.as_ref(),
                "invalid_credentials",
            )
            .await?);
        }
    };
    if user.status != "active" {
        audit_failure(&mut conn, state, &key, Some(&user), "account_suspended").await?;
        return Err(ApiError::Forbidden(ApiErrorCode::AccountSuspended));
    }
    let roles = afiliados_db::roles::roles_of(&mut conn, user.id).await?;
    let totp = afiliados_db::totp::find(&mut conn, user.id).await?;
    let two_factor_enabled = totp.as_ref().is_some_and(|t| t.status == "enabled");
    if !two_factor_enabled {
        let staff = roles
            .iter()
            .filter_map(|r| Role::parse(r))
            .any(Role::is_staff);
        if staff && state.settings.require_2fa_for_staff {
            return super::tokens::enrollment_token(state, user.id, roles);
        }
    } else if request.two_factor_code.is_none() && request.recovery_code.is_none() {
        return Err(ApiError::Unauthenticated(
            ApiErrorCode::TwoFactorRequired,
            vec![json!({ "methods": ["totp", "recovery_code"] })],
        ));
    }
    let outcome = conn
        .transaction(async |tx| {
            if two_factor_enabled
                && let Some(refusal) = check_second_factor(tx, state, &user, &request).await?
            {
                return Ok(Err(refusal));
            }
            afiliados_db::login_attempts::clear(tx, &key).await?;
            afiliados_db::users::update(
                tx,
                user.id,
                &UserChanges {
                    last_login_at: Some(Some(state.now())),
                    failed_login_count: Some(0),
                    locked_until: Some(None),
                    ..UserChanges::default()
                },
            )
            .await?;
            let pair = super::tokens::open_session(tx, state, user.id, roles.clone()).await?;
            let actor = AuditActor::Identified {
                id: user.id,
                label: user.email.clone(),
                roles: roles.clone(),
            };
            audit::record(
                tx,
                state.tenant_id,
                &actor,
                AuditEvent::new("auth.login_succeeded", "user", user.id),
            )
            .await?;
            Ok::<_, ApiError>(Ok(pair))
        })
        .await?;
    match outcome {
        Ok(pair) => Ok(pair),
        Err(SecondFactor::Missing) => Err(ApiError::Unauthenticated(
            ApiErrorCode::TwoFactorRequired,
            Vec::new(),
        )),
        Err(SecondFactor::Wrong) => Err(record_failure(
            &mut conn,
            state,
            &key,
            Some(&user),
            "invalid_two_factor_code",
        )
        .await?),
    }
}

async fn check_second_factor(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &User,
    request: &LoginRequest,
) -> Result<Option<SecondFactor>, ApiError> {
    if let Some(code) = &request.two_factor_code {
        let Some(totp) = afiliados_db::totp::find_for_update(tx, user.id).await? else {
            return Ok(Some(SecondFactor::Missing));
        };
        let secret = super::two_factor::open_secret(state, &totp)?;
        let now = u64::try_from(state.now().timestamp()).unwrap_or(0);
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

/// Counts a failure (locking at the threshold), audits it, and returns the answer to give.
async fn record_failure(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    key: &str,
    user: Option<&User>,
    reason: &'static str,
) -> Result<ApiError, ApiError> {
    let settings = &state.settings;
    let lock_until = state.now() + Duration::minutes(settings.lockout_minutes);
    let user_id = user.map(|u| u.id);
    let locked = conn
        .transaction(async |tx| {
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
            audit_failure_in(tx, state, key, user_id, reason).await?;
            if locked {
                let actor = AuditActor::Anonymous(key.to_owned());
                let mut event = AuditEvent::new(
                    "auth.account_locked",
                    "user",
                    user_id.map(|u| u.to_string()).unwrap_or_default(),
                );
                event.after = Some(json!({ "lockedUntil": lock_until }));
                audit::record(tx, state.tenant_id, &actor, event).await?;
            }
            Ok::<_, ApiError>(locked)
        })
        .await?;
    if locked {
        metrics::counter!("marketing_afiliados_auth_lockouts_total").increment(1);
        return Ok(ApiError::Locked {
            retry_after: settings.lockout_minutes * 60,
        });
    }
    Ok(match reason {
        "invalid_two_factor_code" => {
            ApiError::Unauthenticated(ApiErrorCode::InvalidTwoFactorCode, Vec::new())
        }
        _ => ApiError::Unauthenticated(ApiErrorCode::InvalidCredentials, Vec::new()),
    })
}

use diesel::{ExpressionMethods, QueryDsl};

async fn audit_failure(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    key: &str,
    user: Option<&User>,
    reason: &str,
) -> Result<(), ApiError> {
    audit_failure_in(conn, state, key, user.map(|u| u.id), reason).await
}

async fn audit_failure_in(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    key: &str,
    user_id: Option<uuid::Uuid>,
    reason: &str,
) -> Result<(), ApiError> {
    let actor = AuditActor::Anonymous(key.to_owned());
    let mut event = AuditEvent::new(
        "auth.login_failed",
        "user",
        user_id.map(|u| u.to_string()).unwrap_or_default(),
    );
    event.after = Some(json!({ "reason": reason }));
    audit::record(conn, state.tenant_id, &actor, event).await?;
    metrics::counter!("marketing_afiliados_auth_login_failures_total", "reason" => reason.to_owned()).increment(1);
    Ok(())
}
