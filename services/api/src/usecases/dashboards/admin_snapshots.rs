//! The admin dashboards already built, reused while the data under them cannot have changed
//! (ADR 0076).
//!
//! The admin dashboard is the same for every admin and auditor of the tenant, and many of them
//! (or one wall screen that refreshes) read it at once. Each answer is built in a `REPEATABLE
//! READ` transaction whose first statement reads the transaction's snapshot
//! (`pg_current_snapshot()`: which transactions were finished and which were still running).
//! Two snapshots that print the same saw exactly the same committed rows, so a later request
//! whose snapshot equals the one a stored answer was built on would read exactly the same rows
//! and may take that answer instead. Any commit anywhere in the cluster changes the snapshot, so
//! a stored answer is never stale by data; only its clock can age, and the `system` block counts
//! sliding windows ("the last 24 hours"), so an answer is reused for at most [`MAX_AGE`] of the
//! injected clock, and it says when it was built (`generatedAt`).

use std::sync::Mutex;

use afiliados_api_types::admin_dashboard::AdminDashboard;
use afiliados_db::dashboard_admin::ConfirmedWindow;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

/// How long (by the injected clock) an answer may be reused while no transaction commits.
pub const MAX_AGE: Duration = Duration::seconds(1);
/// Answers kept: one per distinct key in use; the oldest goes first.
const CAPACITY: usize = 16;

/// What an admin dashboard depends on besides the data: the tenant, the `topInfluencers` window
/// and the month of "this month" (both computed from the request and today).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerKey {
    /// Tenant.
    pub tenant_id: Uuid,
    /// The confirmed-at window of `topInfluencers` (`None`: all time).
    pub window: Option<ConfirmedWindow>,
    /// The first day of this Bogota month.
    pub month: NaiveDate,
}

/// The admin dashboards the api process keeps.
pub type AdminDashboardSnapshots = SnapshotAnswers<AnswerKey, AdminDashboard>;

#[derive(Debug)]
struct Answer<K, V> {
    key: K,
    snapshot: String,
    built_at: DateTime<Utc>,
    value: V,
}

/// Answers by key, each with the snapshot it was built on, shared by every request.
#[derive(Debug)]
pub struct SnapshotAnswers<K, V> {
    answers: Mutex<Vec<Answer<K, V>>>,
}

impl<K, V> Default for SnapshotAnswers<K, V> {
    fn default() -> Self {
        SnapshotAnswers {
            answers: Mutex::new(Vec::with_capacity(CAPACITY)),
        }
    }
}

impl<K: PartialEq, V: Clone> SnapshotAnswers<K, V> {
    /// The stored answer for `key` built on exactly `snapshot`, when it is younger than
    /// [`MAX_AGE`] at `now` (and not from the future of a clock moved back).
    pub fn reuse(&self, key: &K, snapshot: &str, now: DateTime<Utc>) -> Option<V> {
        let answers = self
            .answers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        answers
            .iter()
            .find(|answer| {
                answer.key == *key
                    && answer.snapshot == snapshot
                    && answer.built_at <= now
                    && now - answer.built_at < MAX_AGE
            })
            .map(|answer| answer.value.clone())
    }

    /// Stores `value`, built at `built_at` on `snapshot`, as the answer for `key`, replacing the
    /// previous one and, when full, the oldest.
    pub fn store(&self, key: K, snapshot: String, built_at: DateTime<Utc>, value: V) {
        let mut answers = self
            .answers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        answers.retain(|answer| answer.key != key);
        if answers.len() >= CAPACITY {
            answers.remove(0);
        }
        answers.push(Answer {
            key,
            snapshot,
            built_at,
            value,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn an_answer_is_reused_only_on_the_same_snapshot_key_and_second() {
        let answers = SnapshotAnswers::<&str, u32>::default();
        answers.store("all", "10:12:".into(), at("2026-03-20T15:00:00Z"), 7);
        assert_eq!(
            answers.reuse(&"all", "10:12:", at("2026-03-20T15:00:00.999Z")),
            Some(7)
        );
        assert_eq!(
            answers.reuse(&"all", "10:13:", at("2026-03-20T15:00:00Z")),
            None
        );
        assert_eq!(
            answers.reuse(&"march", "10:12:", at("2026-03-20T15:00:00Z")),
            None
        );
        assert_eq!(
            answers.reuse(&"all", "10:12:", at("2026-03-20T15:00:01Z")),
            None
        );
        assert_eq!(
            answers.reuse(&"all", "10:12:", at("2026-03-20T14:59:59Z")),
            None
        );
    }

    #[test]
    fn a_key_keeps_one_answer_and_the_oldest_key_leaves_first() {
        let answers = SnapshotAnswers::<usize, u32>::default();
        let now = at("2026-03-20T15:00:00Z");
        answers.store(0, "1:1:".into(), now, 1);
        answers.store(0, "2:2:".into(), now, 2);
        assert_eq!(answers.reuse(&0, "1:1:", now), None);
        assert_eq!(answers.reuse(&0, "2:2:", now), Some(2));
        for key in 1..=CAPACITY {
            answers.store(key, "2:2:".into(), now, 3);
        }
        assert_eq!(answers.reuse(&0, "2:2:", now), None);
        assert_eq!(answers.reuse(&1, "2:2:", now), Some(3));
        assert_eq!(answers.reuse(&CAPACITY, "2:2:", now), Some(3));
    }
}
