//! Opening a session and issuing its first token pair; issuing the restricted enrolment token.

use afiliados_api_types::auth::TokenPair;
use afiliados_auth::TokenType;
use afiliados_db::AsyncPgConnection;
use chrono::{Duration, Utc};
use uuid::Uuid;

use crate::error::ApiError;
use crate::request_context;
use crate::state::AppState;

/// A new session (refresh-token family) with its access and refresh tokens.
pub async fn open_session(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    user_id: Uuid,
    roles: Vec<String>,
) -> Result<TokenPair, ApiError> {
    let now = state.now();
    let context = request_context::current();
    let settings = &state.settings;
    let session = afiliados_db::sessions::create_session(
        conn,
        user_id,
        context
            .as_ref()
            .and_then(|c| c.client_ip)
            .map(ipnet::IpNet::from),
        context.as_ref().and_then(|c| c.user_agent.as_deref()),
        now + Duration::days(settings.refresh_family_max_age_days),
    )
    .await?;
    let refresh = afiliados_auth::new_refresh_token();
    let refresh_expires =
        (now + Duration::seconds(settings.refresh_ttl_seconds)).min(session.expires_at);
    afiliados_db::sessions::insert_refresh_token(
        conn,
        session.id,
        &afiliados_auth::hash_token(&refresh),
        refresh_expires,
    )
    .await?;
    pair(state, user_id, session.id, roles, refresh, refresh_expires)
}

/// Builds the pair for an existing session and a freshly stored refresh token.
pub fn pair(
    state: &AppState,
    user_id: Uuid,
    session_id: Uuid,
    roles: Vec<String>,
    refresh: String,
    refresh_expires: chrono::DateTime<Utc>,
) -> Result<TokenPair, ApiError> {
    let now = state.now();
    let ttl = state.settings.access_ttl_seconds;
    let access = state
        .jwt
        .issue(
            user_id,
            state.tenant_id,
            Some(session_id),
            roles,
            TokenType::Access,
            now.timestamp(),
            ttl,
        )
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(TokenPair {
        access_token: access,
        refresh_token: Some(refresh),
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_expires_in: (refresh_expires - now).num_seconds().max(0),
        two_factor_enrollment_required: false,
    })
}

/// The 15-minute token that only allows enrolling in 2FA.
pub fn enrollment_token(
    state: &AppState,
    user_id: Uuid,
    roles: Vec<String>,
) -> Result<TokenPair, ApiError> {
    let ttl = 15 * 60;
    let access = state
        .jwt
        .issue(
            user_id,
            state.tenant_id,
            None,
            roles,
            TokenType::Enroll,
            state.now().timestamp(),
            ttl,
        )
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(TokenPair {
        access_token: access,
        refresh_token: None,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_expires_in: 0,
        two_factor_enrollment_required: true,
    })
}
