//! Sign-in, tokens, profile, password and 2FA (`api.md` §2).

use afiliados_domain::Role;
use afiliados_domain::ids::{BrandId, InfluencerId, SessionId, TenantId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    /// Matched case-insensitively.
    pub email: String,
    /// At most 128 characters.
    pub password: String,
    /// Six-digit TOTP code, when 2FA is enabled.
    #[serde(default)]
    pub two_factor_code: Option<String>,
    /// `XXXX-XXXX` recovery code, instead of `twoFactorCode`.
    #[serde(default)]
    pub recovery_code: Option<String>,
}

/// The second sign-in step (`POST /auth/login/2fa`): the `challengeId` from the
/// `two_factor_required` answer and a TOTP or recovery code; the password is not sent again.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorLoginRequest {
    /// `details[0].challengeId` of the `two_factor_required` answer (valid for five minutes).
    pub challenge_id: String,
    /// Six-digit TOTP code.
    #[serde(default)]
    pub two_factor_code: Option<String>,
    /// `XXXX-XXXX` recovery code, instead of `twoFactorCode`.
    #[serde(default)]
    pub recovery_code: Option<String>,
}

/// Answer of sign-in and refresh.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TokenPair {
    /// Access JWT (or the restricted enrolment token).
    pub access_token: String,
    /// Opaque `rt_…` refresh token; null for the enrolment token.
    pub refresh_token: Option<String>,
    /// Always `Bearer`.
    pub token_type: String,
    /// Access token lifetime in seconds.
    pub expires_in: i64,
    /// Refresh token lifetime in seconds (0 without refresh token).
    pub refresh_expires_in: i64,
    /// True when the token only allows enrolling in 2FA.
    pub two_factor_enrollment_required: bool,
}

/// `POST /auth/refresh`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    /// The current refresh token.
    pub refresh_token: String,
}

/// `POST /auth/logout` (body optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LogoutRequest {
    /// Revoke the session of this refresh token instead of the token's own session.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Revoke every session of the user.
    #[serde(default)]
    pub all_sessions: bool,
}

/// The signed-in user (`GET /auth/profile`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Profile {
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
    /// Brands of an admin_marca.
    pub brand_ids: Vec<BrandId>,
    /// Tenant.
    pub tenant_id: TenantId,
    /// `es` or `en`.
    pub locale: afiliados_domain::Locale,
    /// Account status.
    pub status: afiliados_domain::UserStatus,
    /// 2FA is enabled.
    pub two_factor_enabled: bool,
    /// 2FA is mandatory for one of the roles.
    pub two_factor_required: bool,
    /// Linked influencer, if any.
    pub influencer_id: Option<InfluencerId>,
    /// Its status.
    pub influencer_status: Option<afiliados_domain::InfluencerStatus>,
    /// Policy versions still to accept.
    pub pending_consents: Vec<crate::consents::PendingConsent>,
    /// Last successful sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Session of the token used.
    pub session_id: Option<SessionId>,
}

/// `PATCH /auth/profile`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateProfileRequest {
    /// 2–60 characters.
    #[serde(default)]
    pub first_name: Option<String>,
    /// 2–60 characters.
    #[serde(default)]
    pub last_name: Option<String>,
    /// `es` or `en`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::Locale>))]
    pub locale: Option<String>,
}

/// `PATCH /auth/password`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    /// The password in use.
    pub current_password: String,
    /// Must satisfy the password policy.
    pub new_password: String,
}

/// `POST /auth/password/forgot`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForgotPasswordRequest {
    /// Account email.
    pub email: String,
}

/// `POST /auth/password/reset` (reset and invitation tokens).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResetPasswordRequest {
    /// The single-use token from the email link.
    pub token: String,
    /// Must satisfy the password policy.
    pub new_password: String,
}

/// A plain confirmation message.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageResponse {
    /// Human text.
    pub message: String,
}

/// `POST /auth/2fa/enroll` answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EnrollTwoFactorResponse {
    /// Base32 secret without padding.
    pub secret: String,
    /// `otpauth://totp/…` URI to show as a QR code.
    pub otpauth_uri: String,
    /// `Marketing Afiliados`.
    pub issuer: String,
    /// The user's email.
    pub account_name: String,
}

/// `POST /auth/2fa/confirm` and `POST /auth/2fa/recovery-codes`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorCodeRequest {
    /// Current six-digit TOTP code.
    pub code: String,
}

/// Ten fresh recovery codes, shown once.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodesResponse {
    /// `XXXX-XXXX` codes.
    pub recovery_codes: Vec<String>,
}

/// `DELETE /auth/2fa`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisableTwoFactorRequest {
    /// Current password.
    pub password: String,
    /// Current TOTP code.
    pub code: String,
}
