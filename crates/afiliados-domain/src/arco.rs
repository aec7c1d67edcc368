//! ARCO requests (data-subject rights under Law 1581 of 2012, `domain.md` §3.3, §5.3.5): their
//! types with the legal deadline of each, their statuses and channels.

use crate::text_enum::text_enum;

text_enum! {
    /// `arco_requests.type`.
    pub enum ArcoType {
        /// A copy of every personal datum held.
        Access = "access",
        /// Corrections to listed fields.
        Rectify = "rectify",
        /// Withdrawal of every consent (blocks the account).
        Revoke = "revoke",
        /// Anonymisation (keeps accounting records).
        Delete = "delete",
    }
}

impl ArcoType {
    /// Business days the tenant has to answer (10 for access, 15 otherwise).
    pub fn due_business_days(self) -> u32 {
        match self {
            ArcoType::Access => 10,
            ArcoType::Rectify | ArcoType::Revoke | ArcoType::Delete => 15,
        }
    }
}

text_enum! {
    /// `arco_requests.status`.
    pub enum ArcoStatus {
        /// Filed, nobody working on it yet.
        Received = "received",
        /// Staff started working on it.
        InProgress = "in_progress",
        /// Done; its effects applied.
        Completed = "completed",
        /// Refused with notes.
        Rejected = "rejected",
    }
}

impl ArcoStatus {
    /// Still waiting for a resolution (the partial unique index allows one per type).
    pub fn is_open(self) -> bool {
        matches!(self, ArcoStatus::Received | ArcoStatus::InProgress)
    }

    /// `received → in_progress` is the only start.
    pub fn can_start(self) -> bool {
        self == ArcoStatus::Received
    }
}

text_enum! {
    /// How the request reached the tenant.
    pub enum ArcoChannel {
        /// The influencer area of the web (the only channel an influencer may use).
        Web = "web",
        /// Written to the data-protection mailbox (recorded by staff).
        Email = "email",
        /// By telephone (recorded by staff).
        Phone = "phone",
        /// At the office (recorded by staff).
        InPerson = "in_person",
    }
}

impl ArcoChannel {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for kind in ArcoType::ALL {
            assert_eq!(ArcoType::parse(kind.as_str()), Some(kind));
        }
        for status in ArcoStatus::ALL {
            assert_eq!(ArcoStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ArcoChannel::parse("in_person"), Some(ArcoChannel::InPerson));
        assert_eq!(ArcoType::parse("Access"), None);
        assert_eq!(
            serde_json::to_string(&ArcoStatus::InProgress).unwrap(),
            "\"in_progress\""
        );
    }

    #[test]
    fn deadlines_and_machine() {
        assert_eq!(ArcoType::Access.due_business_days(), 10);
        assert_eq!(ArcoType::Delete.due_business_days(), 15);
        assert!(ArcoStatus::Received.can_start());
        assert!(!ArcoStatus::InProgress.can_start());
        assert!(ArcoStatus::InProgress.is_open());
        assert!(!ArcoStatus::Rejected.is_open());
    }
}
