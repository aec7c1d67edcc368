//! TOTP enrolment, confirmation, recovery codes and disabling (domain.md §5.1.4). Secrets are
//! sealed with the data key ring; the user id is the associated data, so a secret copied to
//! another user's row does not open.

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::auth::{EnrollTwoFactorResponse, RecoveryCodesResponse};
use afiliados_auth::TotpCheck;
use afiliados_db::totp::UserTotp;
use afiliados_domain::Role;
use afiliados_email_messages::TwoFactorEnabled;
use chrono::Utc;
use diesel_async::AsyncConnection;

use super::blocking;
use crate::audit::{self, Actor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::emails::{QueuedEmail, queue};

/// Decrypts a stored secret.
pub fn open_secret(state: &AppState, totp: &UserTotp) -> Result<String, ApiError> {
    let bytes = state
        .data_keys
        .decrypt(&totp.secret_ciphertext, totp.user_id.as_bytes())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("opening a TOTP secret: {e}")))?;
    String::from_utf8(bytes).map_err(|e| ApiError::Internal(e.into()))
}

/// Seals a secret for a user.
pub fn seal_secret(
    state: &AppState,
    user_id: uuid::Uuid,
    secret: &str,
) -> Result<Vec<u8>, ApiError> {
    state
        .data_keys
        .encrypt(secret.as_bytes(), user_id.as_bytes())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("sealing a TOTP secret: {e}")))
}

fn now_unix() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

fn invalid_code() -> ApiError {
    ApiError::Unauthenticated(ApiErrorCode::InvalidTwoFactorCode, Vec::new())
}

/// Starts (or restarts) enrolment.
pub async fn enroll(
    state: &AppState,
    user: &CurrentUser,
) -> Result<EnrollTwoFactorResponse, ApiError> {
    let mut conn = state.conn().await?;
    if afiliados_db::totp::find(&mut conn, user.id())
        .await?
        .is_some_and(|t| t.status == "enabled")
    {
        return Err(ApiError::conflict(ApiErrorCode::TwoFactorAlreadyEnabled));
    }
    let secret = afiliados_auth::generate_totp_secret();
    let sealed = seal_secret(state, user.id(), &secret)?;
    afiliados_db::totp::upsert_pending(
        &mut conn,
        user.id(),
        &sealed,
        state.data_keys.active_key_id(),
    )
    .await?;
    Ok(EnrollTwoFactorResponse {
        otpauth_uri: afiliados_auth::otpauth_uri(&secret, &user.user.email),
        secret,
        issuer: "Marketing Afiliados".into(),
        account_name: user.user.email.clone(),
    })
}

/// Confirms enrolment with a valid code; returns the ten recovery codes, shown once.
pub async fn confirm(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<RecoveryCodesResponse, ApiError> {
    let codes = afiliados_auth::generate_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes
        .iter()
        .map(|c| afiliados_auth::hash_recovery_code(c))
        .collect();
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| {
        let totp = afiliados_db::totp::find_for_update(tx, user.id()).await?;
        let totp = match totp {
            None => return Err(ApiError::conflict(ApiErrorCode::EnrollmentNotStarted)),
            Some(t) if t.status == "enabled" => {
                return Err(ApiError::conflict(ApiErrorCode::TwoFactorAlreadyEnabled));
            }
            Some(t) => t,
        };
        let secret = open_secret(state, &totp)?;
        let TotpCheck::Valid { step } =
            afiliados_auth::verify_totp(&secret, code, now_unix(), totp.last_used_step)
                .map_err(|e| ApiError::Internal(e.into()))?
        else {
            return Err(invalid_code());
        };
        afiliados_db::totp::enable(tx, user.id(), Some(step)).await?;
        afiliados_db::recovery_codes::replace(tx, user.id(), &hashes).await?;
        queue(
            tx,
            state.tenant_id,
            QueuedEmail {
                recipient: &user.user.email,
                recipient_user_id: Some(user.id()),
                locale: &user.user.locale,
                message: TwoFactorEnabled {
                    first_name: user.user.first_name.clone(),
                }
                .into(),
            },
        )
        .await?;
        audit::record(
            tx,
            state.tenant_id,
            &Actor::User(user),
            AuditEvent::new("auth.two_factor_enrolled", "user", user.id()),
        )
        .await?;
        Ok::<_, ApiError>(())
    })
    .await?;
    state.wake_relay();
    Ok(RecoveryCodesResponse {
        recovery_codes: codes,
    })
}

/// Replaces the recovery codes after checking a current code.
pub async fn regenerate_recovery_codes(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<RecoveryCodesResponse, ApiError> {
    let codes = afiliados_auth::generate_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes
        .iter()
        .map(|c| afiliados_auth::hash_recovery_code(c))
        .collect();
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| {
        let totp = afiliados_db::totp::find_for_update(tx, user.id())
            .await?
            .filter(|t| t.status == "enabled")
            .ok_or_else(|| ApiError::conflict(ApiErrorCode::TwoFactorNotEnabled))?;
        let secret = open_secret(state, &totp)?;
        let TotpCheck::Valid { step } =
            afiliados_auth::verify_totp(&secret, code, now_unix(), totp.last_used_step)
                .map_err(|e| ApiError::Internal(e.into()))?
        else {
            return Err(invalid_code());
        };
        afiliados_db::totp::set_last_step(tx, user.id(), step).await?;
        afiliados_db::recovery_codes::replace(tx, user.id(), &hashes).await?;
        Ok::<_, ApiError>(())
    })
    .await?;
    Ok(RecoveryCodesResponse {
        recovery_codes: codes,
    })
}

/// Whether 2FA is mandatory for any of these roles.
pub fn mandatory_for(state: &AppState, roles: &[Role]) -> bool {
    state.settings.require_2fa_for_staff && roles.iter().any(|r| r.is_staff())
}

/// `DELETE /auth/2fa`: password and a current code; refused when 2FA is mandatory for the caller.
pub async fn disable(
    state: &AppState,
    user: &CurrentUser,
    password: &str,
    code: &str,
) -> Result<(), ApiError> {
    if mandatory_for(state, &user.roles) {
        return Err(ApiError::Forbidden(ApiErrorCode::TwoFactorRequiredForRole));
    }
    let mut conn = state.conn().await?;
    let totp = afiliados_db::totp::find(&mut conn, user.id())
        .await?
        .filter(|t| t.status == "enabled")
        .ok_or_else(|| ApiError::conflict(ApiErrorCode::TwoFactorNotEnabled))?;
    let hasher = state.hasher.clone();
    let stored = user.user.password_hash.clone().unwrap_or_default();
    let password = password.to_owned();
    if !blocking(move || hasher.verify(&password, &stored)).await? {
        return Err(ApiError::Unauthenticated(
            ApiErrorCode::InvalidCredentials,
            Vec::new(),
        ));
    }
    let secret = open_secret(state, &totp)?;
    if !matches!(
        afiliados_auth::verify_totp(&secret, code, now_unix(), totp.last_used_step),
        Ok(TotpCheck::Valid { .. })
    ) {
        return Err(invalid_code());
    }
    conn.transaction(async |tx| {
        afiliados_db::totp::delete(tx, user.id()).await?;
        afiliados_db::recovery_codes::delete_all(tx, user.id()).await?;
        audit::record(
            tx,
            state.tenant_id,
            &Actor::User(user),
            AuditEvent::new("auth.two_factor_disabled", "user", user.id()),
        )
        .await?;
        Ok::<_, ApiError>(())
    })
    .await
}
