//! [`UserApi`]: the public `/api/v1` endpoints the web calls with the signed-in user's access token.
//!
//! Every method takes the bearer token first; public endpoints (login, refresh, password reset,
//! health) are called with `""`. Errors keep the api's status and stable code
//! ([`ApiClientError::Api`]) so callers branch on the code, never on the message.
//!
//! The onboarding and money endpoints live in the submodules, one `impl UserApi` block per area.

mod admin_dashboard;
mod alerts;
mod arco;
mod catalog;
mod consents;
mod dashboards;
mod deliveries;
mod influencers;
mod money;
mod notifications;
mod payouts;
mod programs;
mod public;
mod reconciliation;
mod status;
mod surveys;

pub use reconciliation::ReportFormat;

use afiliados_api_types::Page;
use afiliados_api_types::audit::{AuditEntry, ListAuditLogsQuery};
use afiliados_api_types::auth::{
    ChangePasswordRequest, DisableTwoFactorRequest, EnrollTwoFactorResponse, ForgotPasswordRequest,
    LoginRequest, LogoutRequest, MessageResponse, Profile, RecoveryCodesResponse, RefreshRequest,
    ResetPasswordRequest, TokenPair, TwoFactorCodeRequest, TwoFactorLoginRequest,
    UpdateProfileRequest,
};
use afiliados_api_types::health::HealthResponse;
use afiliados_api_types::notifications::{ListEmailsQuery, OutboxEmail};
use afiliados_api_types::users::{
    AccessReviewResponse, CreateUserRequest, ListUsersQuery, SuspendUserRequest, UpdateUserRequest,
    UserResponse,
};
use reqwest::{Method, RequestBuilder};
use serde::Serialize;
use uuid::Uuid;

use crate::transport::{Result, Transport};

/// Typed client of the public api, used by the web BFF.
#[derive(Debug, Clone)]
pub struct UserApi {
    transport: Transport,
}

impl UserApi {
    /// Wraps a transport pointed at the api's origin.
    pub fn new(transport: Transport) -> UserApi {
        UserApi { transport }
    }

    /// A client for one browser request: forwards its address, user agent and request id.
    pub fn forwarding(&self, forwarded: crate::Forwarded) -> UserApi {
        UserApi {
            transport: self.transport.with_forwarded(forwarded),
        }
    }

    // Public endpoints get `bearer = ""`; the api ignores the Authorization header on them.
    fn build(&self, method: Method, path: &str, bearer: &str) -> RequestBuilder {
        self.transport.request(method, path, bearer, None)
    }

    fn with<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        bearer: &str,
        body: &B,
    ) -> RequestBuilder {
        Transport::with_body(self.build(method, path, bearer), body)
    }

    // ---- authentication and self-service (api.md §2) ----

    /// `POST /auth/login` (public).
    pub async fn login(&self, bearer: &str, body: &LoginRequest) -> Result<TokenPair> {
        Transport::json(self.with(Method::POST, "/api/v1/auth/login", bearer, body)).await
    }

    /// `POST /auth/login/2fa` (public): the second sign-in step, with the challenge id of the
    /// `two_factor_required` answer instead of the password.
    pub async fn login_two_factor(
        &self,
        bearer: &str,
        body: &TwoFactorLoginRequest,
    ) -> Result<TokenPair> {
        Transport::json(self.with(Method::POST, "/api/v1/auth/login/2fa", bearer, body)).await
    }

    /// `POST /auth/refresh` (public); rotates the refresh token.
    pub async fn refresh(&self, bearer: &str, body: &RefreshRequest) -> Result<TokenPair> {
        Transport::json(self.with(Method::POST, "/api/v1/auth/refresh", bearer, body)).await
    }

    /// `POST /auth/logout`.
    pub async fn logout(&self, bearer: &str, body: &LogoutRequest) -> Result<()> {
        Transport::empty(self.with(Method::POST, "/api/v1/auth/logout", bearer, body)).await
    }

    /// `GET /auth/profile` (also allowed with the restricted enrolment token).
    pub async fn profile(&self, bearer: &str) -> Result<Profile> {
        Transport::json(self.build(Method::GET, "/api/v1/auth/profile", bearer)).await
    }

    /// `PATCH /auth/profile`.
    pub async fn update_profile(
        &self,
        bearer: &str,
        body: &UpdateProfileRequest,
    ) -> Result<Profile> {
        Transport::json(self.with(Method::PATCH, "/api/v1/auth/profile", bearer, body)).await
    }

    /// `PATCH /auth/password`.
    pub async fn change_password(
        &self,
        bearer: &str,
        body: &ChangePasswordRequest,
    ) -> Result<MessageResponse> {
        Transport::json(self.with(Method::PATCH, "/api/v1/auth/password", bearer, body)).await
    }

    /// `POST /auth/password/forgot` (public; 202 whatever the email).
    pub async fn forgot_password(
        &self,
        bearer: &str,
        body: &ForgotPasswordRequest,
    ) -> Result<MessageResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/auth/password/forgot", bearer, body)).await
    }

    /// `POST /auth/password/reset` (public; reset and invitation tokens).
    pub async fn reset_password(&self, bearer: &str, body: &ResetPasswordRequest) -> Result<()> {
        Transport::empty(self.with(Method::POST, "/api/v1/auth/password/reset", bearer, body)).await
    }

    /// `POST /auth/2fa/enroll`.
    pub async fn enroll_two_factor(&self, bearer: &str) -> Result<EnrollTwoFactorResponse> {
        Transport::json(self.build(Method::POST, "/api/v1/auth/2fa/enroll", bearer)).await
    }

    /// `POST /auth/2fa/confirm`; the recovery codes are shown once.
    pub async fn confirm_two_factor(
        &self,
        bearer: &str,
        body: &TwoFactorCodeRequest,
    ) -> Result<RecoveryCodesResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/auth/2fa/confirm", bearer, body)).await
    }

    /// `POST /auth/2fa/recovery-codes`; invalidates the previous set.
    pub async fn regenerate_recovery_codes(
        &self,
        bearer: &str,
        body: &TwoFactorCodeRequest,
    ) -> Result<RecoveryCodesResponse> {
        Transport::json(self.with(
            Method::POST,
            "/api/v1/auth/2fa/recovery-codes",
            bearer,
            body,
        ))
        .await
    }

    /// `DELETE /auth/2fa`.
    pub async fn disable_two_factor(
        &self,
        bearer: &str,
        body: &DisableTwoFactorRequest,
    ) -> Result<()> {
        Transport::empty(self.with(Method::DELETE, "/api/v1/auth/2fa", bearer, body)).await
    }

    // ---- users and access (api.md §4) ----

    /// `GET /users`.
    pub async fn list_users(
        &self,
        bearer: &str,
        query: &ListUsersQuery,
    ) -> Result<Page<UserResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/users", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /users` (the user is `invited`).
    pub async fn create_user(
        &self,
        bearer: &str,
        body: &CreateUserRequest,
    ) -> Result<UserResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/users", bearer, body)).await
    }

    /// `GET /users/{id}` with its sessions.
    pub async fn get_user(&self, bearer: &str, id: Uuid) -> Result<UserResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/users/{id}"), bearer)).await
    }

    /// `PATCH /users/{id}`.
    pub async fn update_user(
        &self,
        bearer: &str,
        id: Uuid,
        body: &UpdateUserRequest,
    ) -> Result<UserResponse> {
        Transport::json(self.with(Method::PATCH, &format!("/api/v1/users/{id}"), bearer, body))
            .await
    }

    /// `POST /users/{id}/suspend`.
    pub async fn suspend_user(
        &self,
        bearer: &str,
        id: Uuid,
        body: &SuspendUserRequest,
    ) -> Result<UserResponse> {
        Transport::json(self.with(
            Method::POST,
            &format!("/api/v1/users/{id}/suspend"),
            bearer,
            body,
        ))
        .await
    }

    /// `POST /users/{id}/reactivate`.
    pub async fn reactivate_user(&self, bearer: &str, id: Uuid) -> Result<UserResponse> {
        Transport::json(self.build(
            Method::POST,
            &format!("/api/v1/users/{id}/reactivate"),
            bearer,
        ))
        .await
    }

    /// `POST /users/{id}/resend-invitation` (202).
    pub async fn resend_invitation(&self, bearer: &str, id: Uuid) -> Result<()> {
        Transport::empty(self.build(
            Method::POST,
            &format!("/api/v1/users/{id}/resend-invitation"),
            bearer,
        ))
        .await
    }

    /// `POST /users/{id}/unlock` (204).
    pub async fn unlock_user(&self, bearer: &str, id: Uuid) -> Result<()> {
        Transport::empty(self.build(Method::POST, &format!("/api/v1/users/{id}/unlock"), bearer))
            .await
    }

    /// `POST /users/{id}/2fa/disable` (204): the user enrols again at next sign-in if required.
    pub async fn reset_user_two_factor(&self, bearer: &str, id: Uuid) -> Result<()> {
        Transport::empty(self.build(
            Method::POST,
            &format!("/api/v1/users/{id}/2fa/disable"),
            bearer,
        ))
        .await
    }

    /// `POST /users/{id}/sessions/revoke` (204).
    pub async fn revoke_user_sessions(&self, bearer: &str, id: Uuid) -> Result<()> {
        Transport::empty(self.build(
            Method::POST,
            &format!("/api/v1/users/{id}/sessions/revoke"),
            bearer,
        ))
        .await
    }

    /// `GET /audit/access-review`.
    pub async fn access_review(&self, bearer: &str) -> Result<AccessReviewResponse> {
        Transport::json(self.build(Method::GET, "/api/v1/audit/access-review", bearer)).await
    }

    // ---- audit, outbox, health ----

    /// `GET /audit/logs`.
    pub async fn list_audit_logs(
        &self,
        bearer: &str,
        query: &ListAuditLogsQuery,
    ) -> Result<Page<AuditEntry>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/audit/logs", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /notifications/emails` (the e-mail outbox).
    pub async fn list_emails(
        &self,
        bearer: &str,
        query: &ListEmailsQuery,
    ) -> Result<Page<OutboxEmail>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/notifications/emails", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /health` (public).
    pub async fn health(&self, bearer: &str) -> Result<HealthResponse> {
        Transport::json(self.build(Method::GET, "/api/v1/health", bearer)).await
    }
}
