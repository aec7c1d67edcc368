//! The user account state machine (`domain.md` §4.1).

use serde::{Deserialize, Serialize};

/// `users.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// Created by an admin; no password yet.
    Invited,
    /// May sign in.
    Active,
    /// Sign-in refused; sessions revoked.
    Suspended,
    /// Anonymised by an ARCO deletion; kept for accounting.
    Deleted,
}

impl UserStatus {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Invited => "invited",
            UserStatus::Active => "active",
            UserStatus::Suspended => "suspended",
            UserStatus::Deleted => "deleted",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(value: &str) -> Option<UserStatus> {
        [
            UserStatus::Invited,
            UserStatus::Active,
            UserStatus::Suspended,
            UserStatus::Deleted,
        ]
        .into_iter()
        .find(|status| status.as_str() == value)
    }

    /// Whether the machine allows `self → next`.
    pub fn can_become(self, next: UserStatus) -> bool {
        use UserStatus::*;
        matches!(
            (self, next),
            (Invited, Active)
                | (Active, Suspended)
                | (Suspended, Active)
                | (Invited | Active | Suspended, Deleted)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::UserStatus::*;

    #[test]
    fn transitions_follow_the_machine() {
        assert!(Invited.can_become(Active));
        assert!(Active.can_become(Suspended));
        assert!(Suspended.can_become(Active));
        assert!(Active.can_become(Deleted));
        assert!(!Invited.can_become(Suspended));
        assert!(!Deleted.can_become(Active));
        assert!(!Active.can_become(Active));
    }
}
