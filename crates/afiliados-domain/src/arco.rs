//! ARCO requests (data-subject rights under Law 1581 of 2012, `domain.md` §3.3, §5.3.5): their
//! types with the legal deadline of each, their statuses and channels.

use serde::{Deserialize, Serialize};

/// `arco_requests.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArcoType {
    /// A copy of every personal datum held.
    Access,
    /// Corrections to listed fields.
    Rectify,
    /// Withdrawal of every consent (blocks the account).
    Revoke,
    /// Anonymisation (keeps accounting records).
    Delete,
}

impl ArcoType {
    /// Every type.
    pub const ALL: [ArcoType; 4] = [
        ArcoType::Access,
        ArcoType::Rectify,
        ArcoType::Revoke,
        ArcoType::Delete,
    ];

    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ArcoType::Access => "access",
            ArcoType::Rectify => "rectify",
            ArcoType::Revoke => "revoke",
            ArcoType::Delete => "delete",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(value: &str) -> Option<ArcoType> {
        ArcoType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }

    /// Business days the tenant has to answer (10 for access, 15 otherwise).
    pub fn due_business_days(self) -> u32 {
        match self {
            ArcoType::Access => 10,
            ArcoType::Rectify | ArcoType::Revoke | ArcoType::Delete => 15,
        }
    }
}

/// `arco_requests.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArcoStatus {
    /// Filed, nobody working on it yet.
    Received,
    /// Staff started working on it.
    InProgress,
    /// Done; its effects applied.
    Completed,
    /// Refused with notes.
    Rejected,
}

impl ArcoStatus {
    /// Every status.
    pub const ALL: [ArcoStatus; 4] = [
        ArcoStatus::Received,
        ArcoStatus::InProgress,
        ArcoStatus::Completed,
        ArcoStatus::Rejected,
    ];

    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ArcoStatus::Received => "received",
            ArcoStatus::InProgress => "in_progress",
            ArcoStatus::Completed => "completed",
            ArcoStatus::Rejected => "rejected",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(value: &str) -> Option<ArcoStatus> {
        ArcoStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
    }

    /// Still waiting for a resolution (the partial unique index allows one per type).
    pub fn is_open(self) -> bool {
        matches!(self, ArcoStatus::Received | ArcoStatus::InProgress)
    }

    /// `received → in_progress` is the only start.
    pub fn can_start(self) -> bool {
        self == ArcoStatus::Received
    }
}

/// How the request reached the tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArcoChannel {
    /// The influencer area of the web (the only channel an influencer may use).
    Web,
    /// Written to the data-protection mailbox (recorded by staff).
    Email,
    /// By telephone (recorded by staff).
    Phone,
    /// At the office (recorded by staff).
    InPerson,
}

impl ArcoChannel {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ArcoChannel::Web => "web",
            ArcoChannel::Email => "email",
            ArcoChannel::Phone => "phone",
            ArcoChannel::InPerson => "in_person",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(value: &str) -> Option<ArcoChannel> {
        [
            ArcoChannel::Web,
            ArcoChannel::Email,
            ArcoChannel::Phone,
            ArcoChannel::InPerson,
        ]
        .into_iter()
        .find(|channel| channel.as_str() == value)
    }
}

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
