//! `CurrentUser`: the caller behind a valid access token, with roles and brands read from the
//! database on every request (so a role change applies at once). `AnyTokenUser` also accepts the
//! restricted 2FA enrolment token and is used only by profile, logout and `/auth/2fa/*`.
//!
//! Authentication also enforces re-acceptance (`domain.md` §2.3): an influencer-only caller with
//! pending policy versions reaches only the few routes that let it read and accept them.

use actix_web::http::Method;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_auth::{AccessClaims, TokenType};
use afiliados_db::users::User;
use afiliados_domain::Role;
use futures::future::LocalBoxFuture;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// The signed-in caller.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub user: User,
    /// Roles held now.
    pub roles: Vec<Role>,
    /// Brands (admin_marca scope).
    pub brand_ids: Vec<Uuid>,
    /// Session of the token (none for the enrolment token).
    pub session_id: Option<Uuid>,
    /// Access or enrolment.
    pub token_type: TokenType,
}

impl CurrentUser {
    /// The user id.
    pub fn id(&self) -> Uuid {
        self.user.id
    }

    /// Whether any held role is one of `roles`.
    pub fn has_any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|role| roles.contains(role))
    }

    /// 403 `forbidden` unless a held role is one of `roles` (the permission matrix).
    pub fn require_any(&self, roles: &[Role]) -> Result<(), ApiError> {
        if self.has_any(roles) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// Stored spellings of the roles, for audit rows.
    pub fn role_names(&self) -> Vec<String> {
        self.roles.iter().map(|r| r.as_str().to_owned()).collect()
    }
}

/// The caller with a full access token (the usual extractor).
#[derive(Debug, Clone)]
pub struct AnyTokenUser(pub CurrentUser);

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get("authorization")?.to_str().ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?;
    Some(token.trim().to_owned())
}

async fn authenticate(req: HttpRequest, allow_enroll: bool) -> Result<CurrentUser, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("state missing")))?;
    let token = bearer(&req).ok_or_else(ApiError::unauthenticated)?;
    let claims: AccessClaims = state
        .jwt
        .verify(&token)
        .map_err(|_| ApiError::unauthenticated())?;
    if claims.tid != state.tenant_id || (claims.typ == TokenType::Enroll && !allow_enroll) {
        return Err(ApiError::unauthenticated());
    }
    let mut conn = state.conn().await?;
    let user = afiliados_db::users::find(&mut conn, state.tenant_id, claims.sub)
        .await?
        .filter(|user| user.status == "active")
        .ok_or_else(ApiError::unauthenticated)?;
    match (claims.typ, claims.sid) {
        (TokenType::Access, Some(sid)) => {
            let live = afiliados_db::sessions::find_session(&mut conn, sid)
                .await?
                .is_some_and(|session| {
                    session.user_id == user.id
                        && session.revoked_at.is_none()
                        && session.expires_at > chrono::Utc::now()
                });
            if !live {
                return Err(ApiError::unauthenticated());
            }
        }
        (TokenType::Access, None) => return Err(ApiError::unauthenticated()),
        (TokenType::Enroll, _) => {}
    }
    let roles = afiliados_db::roles::roles_of(&mut conn, user.id)
        .await?
        .iter()
        .filter_map(|r| Role::parse(r))
        .collect();
    let brand_ids = afiliados_db::roles::brands_of(&mut conn, user.id).await?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    if roles == [Role::Influencer] && !open_while_consent_pending(&req) {
        let pending = afiliados_db::consents::pending_version_ids_for_user(
            &mut conn,
            state.tenant_id,
            user.id,
        )
        .await?;
        if !pending.is_empty() {
            return Err(ApiError::ForbiddenWith(
                ApiErrorCode::ConsentRequired,
                vec![serde_json::json!({ "policyVersionIds": pending })],
            ));
        }
    }
    Ok(CurrentUser {
        user,
        roles,
        brand_ids,
        session_id: claims.sid,
        token_type: claims.typ,
    })
}

/// The routes an influencer with pending consents may still use: its profile, logout, the public
/// routes, reading its consents, accepting them, filing an ARCO request and its notifications.
/// `GET /policies/consents/{id}` passes for any id; the handler answers 404 for another's.
///
/// The decision reads the route pattern the router matched (extractors run after routing), never
/// the raw path, whose percent-encoded spellings (`/api/v%31/...`) route to the same handlers; a
/// request without a matched pattern stays gated (fails closed).
fn open_while_consent_pending(req: &HttpRequest) -> bool {
    let Some(pattern) = req.match_pattern() else {
        return false;
    };
    let method = req.method();
    if method == Method::GET {
        pattern.starts_with("/api/v1/public/")
            || pattern.starts_with("/api/v1/notifications")
            || matches!(
                pattern.as_str(),
                "/api/v1/auth/profile" | "/api/v1/policies/consents/{influencer_id}"
            )
    } else if method == Method::POST {
        matches!(
            pattern.as_str(),
            "/api/v1/auth/logout" | "/api/v1/policies/consents" | "/api/v1/arco/requests"
        )
    } else {
        false
    }
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<CurrentUser, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req, false).await })
    }
}

impl FromRequest for AnyTokenUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<AnyTokenUser, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req, true).await.map(AnyTokenUser) })
    }
}
