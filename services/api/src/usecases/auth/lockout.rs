//! The sign-in lockout (domain.md §5.1.2, ADR 0004): consecutive failed credential checks per
//! normalised e-mail — a wrong password or TOTP at sign-in, and a wrong TOTP on the 2FA
//! endpoints of a signed-in user (`/auth/2fa/confirm`, `/auth/2fa/recovery-codes`,
//! `DELETE /auth/2fa`), so a stolen session cannot guess codes without bound.

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::UserChanges;
use chrono::Duration;
use diesel::{ExpressionMethods, QueryDsl};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::sign_in_failures::itemize;
use crate::usecases::{UseCaseContext, UseCaseError};
use afiliados_db::sign_in_failure_tallies::Refusal;

/// The refusal for a locked key, when it is locked now.
pub async fn refusal_if_locked(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: &str,
) -> Result<Option<UseCaseError>, UseCaseError> {
    let now = ctx.now();
    Ok(afiliados_db::login_attempts::locked_until(tx, key, now)
        .await?
        .map(|until| UseCaseError::Locked {
            retry_after: (until - now).num_seconds().max(1),
        }))
}

/// Counts a failure (locking at the threshold), audits it, and returns the refusal to give:
/// 423 when this failure locked the key, else the 401 of `reason`.
pub async fn record_failure(
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
        ctx.now(),
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
    // A lock of an e-mail with no account is itemised only under the daily cap (ADR 0021).
    if locked && (user_id.is_some() || itemize(tx, ctx, Refusal::Lock).await?) {
        let actor = AuditActor::Anonymous(key.to_owned());
        let mut event = AuditEvent::new(
            "auth.account_locked",
            "user",
            user_id.map(|u| u.to_string()).unwrap_or_default(),
        );
        event.after = Some(json!({ "lockedUntil": lock_until }));
        audit::record(tx, ctx.tenant_id, &actor, event).await?;
    }
    if locked {
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

/// Audits a failed check (itemised under the daily cap for unknown accounts) and counts it.
pub async fn audit_failure(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: &str,
    user_id: Option<Uuid>,
    reason: &str,
) -> Result<(), UseCaseError> {
    metrics::counter!("marketing_afiliados_auth_login_failures_total", "reason" => reason.to_owned()).increment(1);
    // A failure of an e-mail with no account is itemised only under the daily cap (ADR 0021).
    if user_id.is_none() && !itemize(tx, ctx, Refusal::Failure).await? {
        return Ok(());
    }
    let actor = AuditActor::Anonymous(key.to_owned());
    let mut event = AuditEvent::new(
        "auth.login_failed",
        "user",
        user_id.map(|u| u.to_string()).unwrap_or_default(),
    );
    event.after = Some(json!({ "reason": reason }));
    audit::record(tx, ctx.tenant_id, &actor, event).await?;
    Ok(())
}
