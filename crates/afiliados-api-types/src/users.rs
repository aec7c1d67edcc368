//! User administration by admin_dentsu (`api.md` §4).

use afiliados_domain::Role;
use afiliados_domain::ids::{BrandId, SessionId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A user account as staff see it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserResponse {
    /// User id.
    pub id: UserId,
    /// Sign-in email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Brands (admin_marca only).
    pub brand_ids: Vec<BrandId>,
    /// `invited|active|suspended|deleted`.
    pub status: afiliados_domain::UserStatus,
    /// Why it was suspended.
    pub status_reason: Option<String>,
    /// `es` or `en`.
    pub locale: afiliados_domain::Locale,
    /// 2FA enabled.
    pub two_factor_enabled: bool,
    /// Last successful sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Lockout end, if locked.
    pub locked_until: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Sessions (detail only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<Vec<SessionResponse>>,
}

/// One sign-in session.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionResponse {
    /// Session id.
    pub id: SessionId,
    /// Sign-in time.
    pub created_at: DateTime<Utc>,
    /// Last refresh.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `POST /users`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateUserRequest {
    /// Sign-in email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// 1–6 distinct staff roles.
    pub roles: Vec<Role>,
    /// Required when `roles` has admin_marca, forbidden otherwise.
    #[serde(default)]
    pub brand_ids: Vec<BrandId>,
    /// `es` (default) or `en`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::Locale>))]
    pub locale: Option<String>,
}

/// `PATCH /users/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserRequest {
    /// Given name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// `es` or `en`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::Locale>))]
    pub locale: Option<String>,
    /// New role set.
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
    /// New brand set.
    #[serde(default)]
    pub brand_ids: Option<Vec<BrandId>>,
}

/// `POST /users/{id}/suspend`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuspendUserRequest {
    /// 3–500 characters.
    pub reason: String,
}

/// `GET /users` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListUsersQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Only users holding this role.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::Role>))]
    pub role: Option<String>,
    /// Only users in this status.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::UserStatus>))]
    pub status: Option<String>,
    /// Name or email contains.
    pub q: Option<String>,
}

/// One row of the access review.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessReviewItem {
    /// User id.
    pub user_id: UserId,
    /// Email.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Status.
    pub status: afiliados_domain::UserStatus,
    /// Roles.
    pub roles: Vec<Role>,
    /// Brand ids.
    pub brands: Vec<BrandId>,
    /// 2FA enabled.
    pub two_factor_enabled: bool,
    /// Last sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Last role or brand change.
    pub last_access_change_at: Option<DateTime<Utc>>,
    /// Who made it.
    pub last_access_change_by: Option<String>,
}

/// `GET /audit/access-review`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessReviewResponse {
    /// When it was computed.
    pub generated_at: DateTime<Utc>,
    /// One row per user.
    pub items: Vec<AccessReviewItem>,
}
