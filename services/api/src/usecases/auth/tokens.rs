//! Opening a session and issuing its first token pair; issuing the restricted enrolment token.

use afiliados_api_types::auth::TokenPair;
use afiliados_auth::TokenType;
use afiliados_db::AsyncPgConnection;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::request_context;
use crate::usecases::{UseCaseContext, UseCaseError};

/// A new session (refresh-token family) with its access and refresh tokens. The client address
/// and user agent come from the ambient request context (none outside a request).
pub async fn open_session(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user_id: Uuid,
    roles: Vec<String>,
) -> Result<TokenPair, UseCaseError> {
    let now = ctx.now();
    let context = request_context::current();
    let settings = ctx.settings;
    let session = afiliados_db::sessions::create_session(
        tx,
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
        tx,
        session.id,
        &afiliados_auth::hash_token(&refresh),
        refresh_expires,
    )
    .await?;
    pair(ctx, user_id, session.id, roles, refresh, refresh_expires)
}

/// Builds the pair for an existing session and a freshly stored refresh token.
pub fn pair(
    ctx: &UseCaseContext<'_>,
    user_id: Uuid,
    session_id: Uuid,
    roles: Vec<String>,
    refresh: String,
    refresh_expires: DateTime<Utc>,
) -> Result<TokenPair, UseCaseError> {
    let now = ctx.now();
    let ttl = ctx.settings.access_ttl_seconds;
    let access = ctx
        .jwt
        .issue(
            user_id,
            ctx.tenant_id,
            Some(session_id),
            roles,
            TokenType::Access,
            now.timestamp(),
            ttl,
        )
        .map_err(|e| UseCaseError::Internal(e.into()))?;
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
    ctx: &UseCaseContext<'_>,
    user_id: Uuid,
    roles: Vec<String>,
) -> Result<TokenPair, UseCaseError> {
    let ttl = 15 * 60;
    let access = ctx
        .jwt
        .issue(
            user_id,
            ctx.tenant_id,
            None,
            roles,
            TokenType::Enroll,
            ctx.now().timestamp(),
            ttl,
        )
        .map_err(|e| UseCaseError::Internal(e.into()))?;
    Ok(TokenPair {
        access_token: access,
        refresh_token: None,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_expires_in: 0,
        two_factor_enrollment_required: true,
    })
}
