//! The second sign-in step on a server-side challenge (ADR 0028; issue 9's low finding: the web
//! kept the plaintext password in its session cookie between the two steps).
//!
//! A right password on an account with 2FA answers `two_factor_required` with a `challengeId`:
//! an opaque `lc_…` value stored as SHA-256, bound to the user, valid for
//! [`CHALLENGE_SECONDS`] on the api's clock. `POST /auth/login/2fa` finishes with it and a TOTP
//! or recovery code. A wrong code counts toward the lockout like one at sign-in and leaves the
//! challenge usable until it expires or the lock falls; success spends it.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::auth::{TokenPair, TwoFactorLoginRequest};
use afiliados_db::AsyncPgConnection;
use chrono::Duration;
use uuid::Uuid;

use super::lockout::{record_failure, refusal_if_locked};
use super::login::{SecondFactor, check_second_factor, complete_sign_in};
use crate::usecases::{Outcome, UseCaseContext, UseCaseError};

/// How long the second step may take.
pub const CHALLENGE_SECONDS: i64 = 300;

/// A challenge as given to the client.
pub struct IssuedChallenge {
    /// The opaque id (`lc_` + 43 base64url characters).
    pub id: String,
    /// Its lifetime.
    pub expires_in_seconds: i64,
}

/// Stores a new challenge for `user_id`.
pub async fn issue(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user_id: Uuid,
) -> Result<IssuedChallenge, UseCaseError> {
    let id = format!("lc_{}", afiliados_auth::new_single_use_token());
    let now = ctx.now();
    afiliados_db::login_challenges::issue(
        tx,
        user_id,
        &afiliados_auth::hash_token(&id),
        now,
        now + Duration::seconds(CHALLENGE_SECONDS),
    )
    .await?;
    Ok(IssuedChallenge {
        id,
        expires_in_seconds: CHALLENGE_SECONDS,
    })
}

fn invalid() -> UseCaseError {
    UseCaseError::unauthenticated(ErrorCode::TwoFactorChallengeInvalid)
}

/// `POST /auth/login/2fa`: finishes a sign-in with its challenge and a second factor.
#[tracing::instrument(skip_all, fields(user.id = tracing::field::Empty))]
pub async fn finish(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: &TwoFactorLoginRequest,
) -> Result<Outcome<TokenPair>, UseCaseError> {
    let hash = afiliados_auth::hash_token(request.challenge_id.trim());
    let Some(challenge) = afiliados_db::login_challenges::find_for_update(tx, &hash).await? else {
        return Err(invalid());
    };
    if challenge.expires_at <= ctx.now() {
        return Err(invalid());
    }
    let Some(user) = afiliados_db::users::find(tx, ctx.tenant_id, challenge.user_id).await? else {
        return Err(invalid());
    };
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    if user.status != afiliados_domain::UserStatus::Active {
        return Err(UseCaseError::forbidden(ErrorCode::AccountSuspended));
    }
    let key = user.email.trim().to_lowercase();
    if let Some(locked) = refusal_if_locked(tx, ctx, &key).await? {
        return Ok(Outcome::Refused(locked));
    }
    let codes = (
        request.two_factor_code.as_deref(),
        request.recovery_code.as_deref(),
    );
    if codes.0.is_none() && codes.1.is_none() {
        return Err(UseCaseError::unauthenticated(ErrorCode::TwoFactorRequired));
    }
    match check_second_factor(tx, ctx, &user, codes).await? {
        None => {}
        // 2FA was disabled since the password step: start again.
        Some(SecondFactor::Missing) => return Err(invalid()),
        Some(SecondFactor::Wrong) => {
            let refusal =
                record_failure(tx, ctx, &key, Some(user.id), "invalid_two_factor_code").await?;
            return Ok(Outcome::Refused(refusal));
        }
    }
    afiliados_db::login_challenges::delete(tx, challenge.id).await?;
    let roles = afiliados_db::roles::roles_of(tx, user.id).await?;
    complete_sign_in(tx, ctx, &key, &user, roles).await
}
