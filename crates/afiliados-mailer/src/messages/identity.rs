//! Accounts and policies: staff invitations, influencers' first password, password resets, 2FA
//! notices and policy updates.

use askama::Template;
use serde::Deserialize;

use super::when::Instant;
use crate::render::Locale;

/// `user_invitation`: a staff member was invited and must set a password.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserInvitation {
    first_name: String,
    link: String,
    /// RFC 3339 instant.
    expires_at: String,
}

#[derive(Template)]
enum UserInvitationParts<'a> {
    #[template(path = "user_invitation/es/subject.txt")]
    EsSubject { m: &'a UserInvitation },
    #[template(path = "user_invitation/es/body.txt")]
    EsText { m: &'a UserInvitation },
    #[template(path = "user_invitation/es/body.html")]
    EsHtml { m: &'a UserInvitation },
    #[template(path = "user_invitation/en/subject.txt")]
    EnSubject { m: &'a UserInvitation },
    #[template(path = "user_invitation/en/body.txt")]
    EnText { m: &'a UserInvitation },
    #[template(path = "user_invitation/en/body.html")]
    EnHtml { m: &'a UserInvitation },
}

render_in_locale!(UserInvitation, UserInvitationParts);

impl UserInvitation {
    /// `expiresAt` for people: the instant in UTC, or the raw value when it does not parse (a
    /// readable mail beats a failed one).
    fn expires(&self) -> String {
        chrono::DateTime::parse_from_rfc3339(&self.expires_at)
            .map(|at| {
                at.with_timezone(&chrono::Utc)
                    .format("%Y-%m-%d %H:%M UTC")
                    .to_string()
            })
            .unwrap_or_else(|_| self.expires_at.clone())
    }
}

/// `password_reset`: someone asked for a reset link.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordReset {
    first_name: String,
    link: String,
    expires_in_minutes: u32,
}

#[derive(Template)]
enum PasswordResetParts<'a> {
    #[template(path = "password_reset/es/subject.txt")]
    EsSubject { m: &'a PasswordReset },
    #[template(path = "password_reset/es/body.txt")]
    EsText { m: &'a PasswordReset },
    #[template(path = "password_reset/es/body.html")]
    EsHtml { m: &'a PasswordReset },
    #[template(path = "password_reset/en/subject.txt")]
    EnSubject { m: &'a PasswordReset },
    #[template(path = "password_reset/en/body.txt")]
    EnText { m: &'a PasswordReset },
    #[template(path = "password_reset/en/body.html")]
    EnHtml { m: &'a PasswordReset },
}

render_in_locale!(PasswordReset, PasswordResetParts);

/// `two_factor_enabled`: a security notice after 2FA was switched on.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TwoFactorEnabled {
    first_name: String,
}

#[derive(Template)]
enum TwoFactorEnabledParts<'a> {
    #[template(path = "two_factor_enabled/es/subject.txt")]
    EsSubject { m: &'a TwoFactorEnabled },
    #[template(path = "two_factor_enabled/es/body.txt")]
    EsText { m: &'a TwoFactorEnabled },
    #[template(path = "two_factor_enabled/es/body.html")]
    EsHtml { m: &'a TwoFactorEnabled },
    #[template(path = "two_factor_enabled/en/subject.txt")]
    EnSubject { m: &'a TwoFactorEnabled },
    #[template(path = "two_factor_enabled/en/body.txt")]
    EnText { m: &'a TwoFactorEnabled },
    #[template(path = "two_factor_enabled/en/body.html")]
    EnHtml { m: &'a TwoFactorEnabled },
}

render_in_locale!(TwoFactorEnabled, TwoFactorEnabledParts);

/// `policy_updated`: a new version of a legal policy must be accepted at the next sign-in.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PolicyUpdated {
    first_name: String,
    policy_title: String,
    version: String,
    link: String,
}

#[derive(Template)]
enum PolicyUpdatedParts<'a> {
    #[template(path = "policy_updated/es/subject.txt")]
    EsSubject { m: &'a PolicyUpdated },
    #[template(path = "policy_updated/es/body.txt")]
    EsText { m: &'a PolicyUpdated },
    #[template(path = "policy_updated/es/body.html")]
    EsHtml { m: &'a PolicyUpdated },
    #[template(path = "policy_updated/en/subject.txt")]
    EnSubject { m: &'a PolicyUpdated },
    #[template(path = "policy_updated/en/body.txt")]
    EnText { m: &'a PolicyUpdated },
    #[template(path = "policy_updated/en/body.html")]
    EnHtml { m: &'a PolicyUpdated },
}

render_in_locale!(PolicyUpdated, PolicyUpdatedParts);

/// `set_password`: an influencer registered without a password (or was created by staff) and
/// activates the account by choosing one.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SetPassword {
    first_name: String,
    /// The set-password page with its single-use token.
    link: String,
    expires_at: Instant,
}

#[derive(Template)]
enum SetPasswordParts<'a> {
    #[template(path = "set_password/es/subject.txt")]
    EsSubject { m: &'a SetPassword },
    #[template(path = "set_password/es/body.txt")]
    EsText { m: &'a SetPassword },
    #[template(path = "set_password/es/body.html")]
    EsHtml { m: &'a SetPassword },
    #[template(path = "set_password/en/subject.txt")]
    EnSubject { m: &'a SetPassword },
    #[template(path = "set_password/en/body.txt")]
    EnText { m: &'a SetPassword },
    #[template(path = "set_password/en/body.html")]
    EnHtml { m: &'a SetPassword },
}

render_in_locale!(SetPassword, SetPasswordParts);
