//! [`Ctx`]: the extractor every page handler takes. It carries the session, the language and the
//! api client, checks roles, and calls the api with the user's token, refreshing it once when
//! the api answers 401 `unauthenticated`.

use std::future::{Ready, ready};

use actix_session::SessionExt as _;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, HttpResponse, web};
use afiliados_api_client::{ApiClientError, UserApi};
use afiliados_api_types::auth::RefreshRequest;
use afiliados_api_types::{ApiErrorCode, PageQuery};
use afiliados_domain::{Locale, Role};
use uuid::Uuid;

use crate::error::WebError;
use crate::i18n::{I18n, resolve_locale};
use crate::layout::Layout;
use crate::session::{SessionUser, Tokens, WebSession};
use crate::startup::AppState;

/// Per-request context of a page handler.
pub(crate) struct Ctx {
    pub(crate) session: WebSession,
    pub(crate) i18n: I18n,
    /// The shared client, forwarding this browser request's address, agent and request id.
    api: UserApi,
}

impl FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = Ready<Result<Ctx, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = WebSession(req.get_session());
        // The page middleware already chose the language; tests without it choose here.
        let locale = req
            .extensions()
            .get::<Locale>()
            .copied()
            .unwrap_or_else(|| resolve_locale(req, session.user().map(|user| user.locale)));
        let state = req.app_data::<web::Data<AppState>>().cloned();
        ready(match state {
            Some(state) => {
                let forwarded = afiliados_api_client::Forwarded {
                    client_ip: browser_address(req, &state.trusted_proxies),
                    user_agent: req
                        .headers()
                        .get(header::USER_AGENT)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned),
                    request_id: afiliados_telemetry::request_id(req),
                    accept_language: Some(locale.as_str().to_owned()),
                };
                let api = state.api.forwarding(forwarded);
                Ok(Ctx {
                    session,
                    i18n: I18n::new(locale),
                    api,
                })
            }
            None => Err(WebError::Internal(anyhow::anyhow!("AppState is not registered")).into()),
        })
    }
}

/// The browser's address (ADR 0015): behind the ingress the TCP peer is the ingress, so the address
/// comes from every `X-Forwarded-For` line, right to left, skipping `WEB_TRUSTED_PROXIES`.
fn browser_address(
    req: &HttpRequest,
    trusted: &[afiliados_telemetry::client_address::IpNet],
) -> Option<String> {
    afiliados_telemetry::client_address::client_ip(
        req.peer_addr().map(|addr| addr.ip()),
        req.headers(),
        trusted,
    )
    .map(|ip| ip.to_string())
}

fn is_unauthenticated(error: &ApiClientError) -> bool {
    error.code() == Some(ApiErrorCode::Unauthenticated)
}

impl Ctx {
    /// The api client, for public calls (empty bearer).
    pub(crate) fn api(&self) -> &UserApi {
        &self.api
    }

    /// The page layout with the bell's unread count; takes the flash message, so call it once
    /// per rendered page.
    pub(crate) async fn layout(&self) -> Result<Layout, WebError> {
        let unread = self.unread_count().await;
        self.layout_with_unread(unread)
    }

    /// The page layout when the page already knows the unread count (the notifications page).
    pub(crate) fn layout_with_unread(&self, unread: Option<u64>) -> Result<Layout, WebError> {
        let mut layout = Layout::new(
            self.i18n,
            self.session.csrf_secret()?,
            self.session.user(),
            self.session.take_flash(),
        );
        layout.unread = unread;
        Ok(layout)
    }

    /// The signed-in user's unread notifications, for the bell. It uses the current access token
    /// only: the bell never refreshes or ends a session, and any failure just hides the count
    /// (the page's own calls have refreshed a stale token already).
    async fn unread_count(&self) -> Option<u64> {
        let user = self.session.user().filter(|user| !user.enroll_only)?;
        let tokens = self.session.tokens()?;
        let query = PageQuery {
            page: Some(1),
            page_size: Some(1),
        };
        match self.api.list_notifications(&tokens.access, &query).await {
            Ok(page) => Some(page.unread_count),
            Err(error) => {
                tracing::debug!(user.id = %user.id, error = %error, "bell count unavailable");
                None
            }
        }
    }

    /// One call with the current access token, without the refresh of [`Ctx::call`]: for the
    /// optional extras of a page (names next to ids) fetched side by side, where a concurrent
    /// refresh would rotate the refresh token under its siblings. `None` on any failure.
    pub(crate) async fn try_call<T>(
        &self,
        f: impl AsyncFn(&UserApi, &str) -> Result<T, ApiClientError>,
    ) -> Option<T> {
        let tokens = self.session.tokens()?;
        f(&self.api, &tokens.access).await.ok()
    }

    /// The signed-in user holding one of `roles` (any role when empty). No session redirects to
    /// the sign-in page; the enrolment-only token redirects to enrolment; a wrong role is 403.
    pub(crate) fn require(&self, roles: &[Role]) -> Result<SessionUser, WebError> {
        let user = self
            .session
            .user()
            .filter(|_| self.session.tokens().is_some())
            .ok_or(WebError::SignedOut)?;
        if user.enroll_only {
            return Err(WebError::EnrollmentPending);
        }
        if !roles.is_empty() && !user.has_any(roles) {
            return Err(WebError::Forbidden);
        }
        Ok(user)
    }

    /// The signed-in influencer and its id: from the session, or read once from the profile
    /// for sessions older than that field.
    pub(crate) async fn require_influencer(&self) -> Result<(SessionUser, Uuid), WebError> {
        let mut user = self.require(&[Role::Influencer])?;
        if let Some(id) = user.influencer_id {
            return Ok((user, id));
        }
        let profile = self
            .call(async |api, token| api.profile(token).await)
            .await?;
        let id = profile.influencer_id.ok_or(WebError::NotFound)?;
        user.influencer_id = Some(id.into());
        self.session.set_user(&user)?;
        Ok((user, id.into()))
    }

    /// Any session, including the enrolment-only one (the 2FA pages).
    pub(crate) fn require_any_session(&self) -> Result<SessionUser, WebError> {
        self.session
            .user()
            .filter(|_| self.session.tokens().is_some())
            .ok_or(WebError::SignedOut)
    }

    /// Calls the api with the access token; on 401 `unauthenticated` refreshes once and retries.
    /// When the refresh fails the session is cleared and the user goes to the sign-in page.
    pub(crate) async fn call<T>(
        &self,
        f: impl AsyncFn(&UserApi, &str) -> Result<T, ApiClientError>,
    ) -> Result<T, WebError> {
        let tokens = self.session.tokens().ok_or(WebError::SignedOut)?;
        match f(&self.api, &tokens.access).await {
            Err(error) if is_unauthenticated(&error) => {
                let fresh = self.refresh(tokens).await?;
                match f(&self.api, &fresh.access).await {
                    Err(error) if is_unauthenticated(&error) => Err(self.expire()),
                    other => other.map_err(WebError::from),
                }
            }
            other => other.map_err(WebError::from),
        }
    }

    /// Rotates the tokens. The refresh goes with the browser's address like every other call, so
    /// its per-IP limit counts this browser. A 429 keeps the session: the page says "too many
    /// requests, try again" and the next request refreshes (issue 9, finding 1); any other 4xx
    /// means the refresh token is dead and the user signs in again.
    async fn refresh(&self, tokens: Tokens) -> Result<Tokens, WebError> {
        let Some(refresh_token) = tokens.refresh else {
            return Err(self.expire());
        };
        match self
            .api
            .refresh("", &RefreshRequest { refresh_token })
            .await
        {
            Ok(pair) => {
                let fresh = Tokens {
                    access: pair.access_token,
                    refresh: pair.refresh_token,
                };
                self.session.set_tokens(&fresh)?;
                Ok(fresh)
            }
            Err(error @ ApiClientError::Api { status, .. }) if status.as_u16() == 429 => {
                Err(error.into())
            }
            Err(ApiClientError::Api { status, .. }) if status.is_client_error() => {
                Err(self.expire())
            }
            Err(error) => Err(error.into()),
        }
    }

    fn expire(&self) -> WebError {
        self.session.sign_out();
        WebError::SignedOut
    }

    /// A 303 to a GET page, after a successful form (POST-redirect-GET).
    pub(crate) fn see_other(&self, location: &str) -> HttpResponse {
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish()
    }

    /// A 303 with an error flash message (already translated).
    pub(crate) fn failed(&self, location: &str, message: &str) -> Result<HttpResponse, WebError> {
        self.session.flash("error", message)?;
        Ok(self.see_other(location))
    }

    /// A 303 with a success flash message.
    pub(crate) fn done(&self, location: &str, message_key: &str) -> Result<HttpResponse, WebError> {
        self.session.flash("success", self.i18n.t(message_key))?;
        Ok(self.see_other(location))
    }
}
