//! The injected clock: every rule that reads "now" asks a [`Clock`] instead of the wall, so a test
//! (or a tool replaying a day) can pin or move time. Production uses [`SystemClock`]; tests and
//! tools use [`ManualClock`], which is frozen until it is set or advanced.
//!
//! [`SystemClock::now`] is the only place of the workspace's api code that reads the system time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::business_date::bogota_date;

/// A source of the current instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Today's business date in `America/Bogota`.
    fn today(&self) -> NaiveDate {
        bogota_date(self.now())
    }
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to: clones share the same instant, so a test keeps one
/// handle and hands another to the code under test. Microsecond precision, like PostgreSQL's
/// `timestamptz`, so an instant read back from the database equals the one written.
#[derive(Debug, Clone)]
pub struct ManualClock {
    micros: Arc<AtomicI64>,
}

impl ManualClock {
    /// A clock standing at `at` (truncated to microseconds).
    pub fn new(at: DateTime<Utc>) -> ManualClock {
        ManualClock {
            micros: Arc::new(AtomicI64::new(at.timestamp_micros())),
        }
    }

    /// Moves the clock to `at` (backwards too).
    pub fn set(&self, at: DateTime<Utc>) {
        self.micros.store(at.timestamp_micros(), Ordering::SeqCst);
    }

    /// Moves the clock forward by `by` (backwards when negative).
    pub fn advance(&self, by: Duration) {
        let step = by.num_microseconds().unwrap_or(i64::MAX);
        // `fetch_update` never fails with a closure that always answers `Some`.
        let _ = self
            .micros
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |micros| {
                Some(micros.saturating_add(step))
            });
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        // Every stored value came from a valid `DateTime`, so the conversion cannot fail; the
        // fallback only keeps this total.
        DateTime::from_timestamp_micros(self.micros.load(Ordering::SeqCst)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_manual_clock_stands_still_until_moved_and_clones_share_it() {
        let clock = ManualClock::new(at("2026-03-02T15:00:00.123456789Z"));
        let shared = clock.clone();
        assert_eq!(
            clock.now(),
            at("2026-03-02T15:00:00.123456Z"),
            "microseconds"
        );
        assert_eq!(clock.now(), clock.now());
        shared.advance(Duration::hours(10));
        assert_eq!(clock.now(), at("2026-03-03T01:00:00.123456Z"));
        clock.set(at("2026-12-31T23:59:59Z"));
        assert_eq!(shared.now(), at("2026-12-31T23:59:59Z"));
        shared.advance(Duration::seconds(-59));
        assert_eq!(clock.now(), at("2026-12-31T23:59:00Z"));
    }

    #[test]
    fn today_is_the_bogota_date() {
        // 03:00Z on the 2nd is still the 1st in Bogota (UTC−5).
        let clock = ManualClock::new(at("2026-03-02T03:00:00Z"));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        clock.set(at("2026-03-02T05:00:00Z"));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    }

    #[test]
    fn the_system_clock_moves() {
        let clock: &dyn Clock = &SystemClock;
        let first = clock.now();
        assert!(clock.now() >= first);
    }
}
