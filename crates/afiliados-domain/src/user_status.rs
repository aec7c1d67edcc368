//! The user account state machine (`domain.md` §4.1).

use crate::text_enum::text_enum;

text_enum! {
    /// `users.status`.
    pub enum UserStatus {
        /// Created by an admin; no password yet.
        Invited = "invited",
        /// May sign in.
        Active = "active",
        /// Sign-in refused; sessions revoked.
        Suspended = "suspended",
        /// Anonymised by an ARCO deletion; kept for accounting.
        Deleted = "deleted",
    }
}

impl UserStatus {
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
