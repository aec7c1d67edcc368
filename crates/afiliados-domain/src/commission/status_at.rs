//! "Status at placement" (`domain.md` §5.7): the status a record had at an instant, read from its
//! append-only history instead of its current value.

use chrono::{DateTime, Utc};

/// One row of a status history: the record entered `status` at `changed_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange<S> {
    /// When the change happened.
    pub changed_at: DateTime<Utc>,
    /// The status entered.
    pub status: S,
}

/// The status in force at `at`: the latest change at or before it (ties: the later row, as the
/// history is append-only). `None` when the record had no status yet (created after `at`).
pub fn status_at<S: Copy>(history: &[StatusChange<S>], at: DateTime<Utc>) -> Option<S> {
    let mut found: Option<&StatusChange<S>> = None;
    for change in history.iter().filter(|change| change.changed_at <= at) {
        if found.is_none_or(|best| change.changed_at >= best.changed_at) {
            found = Some(change);
        }
    }
    found.map(|change| change.status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InfluencerStatus::{self, *};

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Isabela: approved 2026-01-20, suspended 2026-03-01, reactivated 2026-03-05 (§5.7 ex. 2).
    fn isabela() -> Vec<StatusChange<InfluencerStatus>> {
        [
            ("2026-01-10T12:00:00Z", Pending),
            ("2026-01-20T12:00:00Z", Approved),
            ("2026-03-05T12:00:00Z", Approved),
            ("2026-03-01T12:00:00Z", Suspended),
        ]
        .into_iter()
        .map(|(when, status)| StatusChange {
            changed_at: at(when),
            status,
        })
        .collect()
    }

    #[test]
    fn reads_the_history_not_the_current_status() {
        let history = isabela();
        assert_eq!(
            status_at(&history, at("2026-03-02T14:05:10Z")),
            Some(Suspended)
        );
        assert_eq!(
            status_at(&history, at("2026-02-15T00:00:00Z")),
            Some(Approved)
        );
        assert_eq!(
            status_at(&history, at("2026-03-05T12:00:00Z")),
            Some(Approved)
        );
        assert_eq!(status_at(&history, at("2026-01-01T00:00:00Z")), None);
        assert_eq!(
            status_at::<InfluencerStatus>(&[], at("2026-01-01T00:00:00Z")),
            None
        );
    }
}
