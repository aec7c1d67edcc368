//! `CurrentUser`: the caller behind a valid access token, with roles and brands read from the
//! database on every request (so a role change applies at once), as the domain's `Actor`. `AnyTokenUser` also accepts the
//! restricted 2FA enrolment token and is used only by profile, logout and `/auth/2fa/*`.
//!
//! Authentication also enforces re-acceptance (`domain.md` §2.3): an influencer-only caller with
//! pending policy versions reaches only the few routes that let it read and accept them.

use std::ops::Deref;

use actix_web::http::Method;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_auth::{AccessClaims, TokenType};
use afiliados_db::users::User;
use afiliados_domain::{Actor, Role};
use futures::future::LocalBoxFuture;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// The signed-in caller: a thin actix wrapper around the [`Actor`] that use cases take. It
/// dereferences to the actor (as `web::Json` does to its body), so `&user` passes where a use
/// case wants `&Actor`.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Who is acting, with the roles and brands held now.
    pub actor: Actor,
    /// The account row, for the areas that still read it (profile, password, 2FA); converted use
    /// cases take only the actor.
    pub user: User,
    /// Access or enrolment.
    pub token_type: TokenType,
}

impl CurrentUser {
    /// The user id.
    pub fn id(&self) -> Uuid {
        self.actor.user_id
    }

    /// The actor, for a use case.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

impl Deref for CurrentUser {
    type Target = Actor;

    fn deref(&self) -> &Actor {
        &self.actor
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
        .verify(&token, state.now().timestamp())
        .map_err(|_| ApiError::unauthenticated())?;
    if claims.tid != state.tenant_id || (claims.typ == TokenType::Enroll && !allow_enroll) {
        return Err(ApiError::unauthenticated());
    }
    let mut conn = state.conn().await?;
    let (user, grants) = afiliados_db::request_grants::read_with_user(
        &mut conn,
        state.tenant_id,
        claims.sub,
        claims.sid,
        state.now(),
    )
    .await?
    .filter(|(user, _)| user.status == afiliados_domain::UserStatus::Active)
    .ok_or_else(ApiError::unauthenticated)?;
    match (claims.typ, claims.sid) {
        (TokenType::Access, Some(_)) if grants.session_live => {}
        (TokenType::Access, _) => return Err(ApiError::unauthenticated()),
        (TokenType::Enroll, _) => {}
    }
    let roles = grants.roles.iter().filter_map(|r| Role::parse(r)).collect();
    let brand_ids = grants.brand_ids;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    if roles == [Role::Influencer] && !open_while_consent_pending(&req) {
        let pending =
            afiliados_db::consents::pending_version_ids_for_user(&conn, state.tenant_id, user.id)
                .await?;
        if !pending.is_empty() {
            return Err(ApiError::ForbiddenWith(
                ApiErrorCode::ConsentRequired,
                vec![serde_json::json!({ "policyVersionIds": pending })],
            ));
        }
    }
    Ok(CurrentUser {
        actor: Actor {
            user_id: user.id,
            email: user.email.clone(),
            roles,
            brand_ids,
            session_id: claims.sid,
        },
        user,
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
