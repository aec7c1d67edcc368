//! Accounts and policies: staff invitations, influencers' first password, password resets, 2FA
//! notices and policy updates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `user_invitation`: a staff member was invited and must set a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInvitation {
    /// Greeting name.
    pub first_name: String,
    /// The set-password page with its single-use token.
    pub link: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

/// `set_password`: an influencer registered without a password (or was created by staff) and
/// activates the account by choosing one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetPassword {
    /// Greeting name.
    pub first_name: String,
    /// The set-password page with its single-use token.
    pub link: String,
    /// When the link stops working (shown as a Bogota date and time).
    pub expires_at: DateTime<Utc>,
}

/// `password_reset`: someone asked for a reset link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordReset {
    /// Greeting name.
    pub first_name: String,
    /// The reset page with its single-use token.
    pub link: String,
    /// How long the link works.
    pub expires_in_minutes: u32,
}

/// `two_factor_enabled`: a security notice after 2FA was switched on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorEnabled {
    /// Greeting name.
    pub first_name: String,
}

/// `policy_updated`: a new version of a legal policy must be accepted at the next sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyUpdated {
    /// Greeting name.
    pub first_name: String,
    /// The policy's title.
    pub policy_title: String,
    /// Its new version label.
    pub version: String,
    /// Where to read it.
    pub link: String,
}

/// `email_changed`: sent to the PREVIOUS address when the account's e-mail changes (ADR 0018),
/// so the owner hears of it even when someone else changed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailChanged {
    /// Greeting name.
    pub first_name: String,
    /// The new address, masked (`l•••@example.com`): enough to recognise, not to harvest.
    pub new_email_masked: String,
    /// When it changed.
    pub changed_at: DateTime<Utc>,
}
