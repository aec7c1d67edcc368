//! Accounts and policies: staff invitations, influencers' first password, password resets, 2FA
//! notices and policy updates.

use afiliados_email_messages::{
    EmailChanged, PasswordReset, PolicyUpdated, SetPassword, TwoFactorEnabled, UserInvitation,
};
use askama::Template;

use super::when::InBogota as _;
use crate::render::Locale;

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

/// What the invitation templates compute.
trait InvitationView {
    /// `expiresAt` for people, in UTC.
    fn expires(&self) -> String;
}

impl InvitationView for UserInvitation {
    fn expires(&self) -> String {
        self.expires_at.format("%Y-%m-%d %H:%M UTC").to_string()
    }
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

#[derive(Template)]
enum EmailChangedParts<'a> {
    #[template(path = "email_changed/es/subject.txt")]
    EsSubject { m: &'a EmailChanged },
    #[template(path = "email_changed/es/body.txt")]
    EsText { m: &'a EmailChanged },
    #[template(path = "email_changed/es/body.html")]
    EsHtml { m: &'a EmailChanged },
    #[template(path = "email_changed/en/subject.txt")]
    EnSubject { m: &'a EmailChanged },
    #[template(path = "email_changed/en/body.txt")]
    EnText { m: &'a EmailChanged },
    #[template(path = "email_changed/en/body.html")]
    EnHtml { m: &'a EmailChanged },
}

render_in_locale!(EmailChanged, EmailChangedParts);
