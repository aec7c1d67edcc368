//! Which retention tier a new backup snapshot gets, and when it expires (operations contract §4:
//! 30 days daily / 90 weekly / 365 monthly; ADR 0061).
//!
//! The rule looks only at the newest snapshot taken before the new one (pruned or not): the first
//! snapshot of a calendar month (UTC) is `monthly`, else the first of an ISO week (UTC, Monday
//! first) is `weekly`, else `daily`. Snapshots arrive in time order, so "the newest earlier
//! snapshot is in another month" is the same as "no earlier snapshot in this month".

use chrono::{DateTime, Datelike, Duration, Utc};

use crate::BackupRetentionTier;

impl BackupRetentionTier {
    /// How long a snapshot of this tier is kept.
    pub fn keep_for(self) -> Duration {
        match self {
            BackupRetentionTier::Daily => Duration::days(30),
            BackupRetentionTier::Weekly => Duration::days(90),
            BackupRetentionTier::Monthly => Duration::days(365),
        }
    }
}

/// The tier of a snapshot taken at `taken_at`, given the newest snapshot taken before it.
pub fn choose_tier(
    taken_at: DateTime<Utc>,
    previous: Option<DateTime<Utc>>,
) -> BackupRetentionTier {
    let Some(previous) = previous else {
        return BackupRetentionTier::Monthly;
    };
    if (previous.year(), previous.month()) != (taken_at.year(), taken_at.month()) {
        BackupRetentionTier::Monthly
    } else if previous.iso_week() != taken_at.iso_week() {
        BackupRetentionTier::Weekly
    } else {
        BackupRetentionTier::Daily
    }
}

/// When a snapshot of `tier` taken at `taken_at` may be pruned.
pub fn expires_at(tier: BackupRetentionTier, taken_at: DateTime<Utc>) -> DateTime<Utc> {
    taken_at + tier.keep_for()
}

#[cfg(test)]
mod tests {
    use super::*;
    use BackupRetentionTier::*;

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn first_of_month_is_monthly_first_of_week_weekly_else_daily() {
        assert_eq!(choose_tier(at("2026-12-06T10:00:00Z"), None), Monthly);
        // Sunday 6 → Monday 7 December: a new ISO week of the same month.
        assert_eq!(
            choose_tier(at("2026-12-07T00:00:00Z"), Some(at("2026-12-06T23:45:00Z"))),
            Weekly
        );
        assert_eq!(
            choose_tier(at("2026-12-07T00:15:00Z"), Some(at("2026-12-07T00:00:00Z"))),
            Daily
        );
        // 30 November (Monday) → 1 December (Tuesday): same ISO week, new month.
        assert_eq!(
            choose_tier(at("2026-12-01T00:00:00Z"), Some(at("2026-11-30T23:45:00Z"))),
            Monthly
        );
        // Same month number a year apart is another month; a gap of weeks is another week.
        assert_eq!(
            choose_tier(at("2027-12-06T10:00:00Z"), Some(at("2026-12-06T10:00:00Z"))),
            Monthly
        );
        assert_eq!(
            choose_tier(at("2026-12-20T10:00:00Z"), Some(at("2026-12-02T10:00:00Z"))),
            Weekly
        );
        // The same ISO week number of another year is another week (and month).
        assert_eq!(
            choose_tier(at("2027-01-05T10:00:00Z"), Some(at("2027-01-04T10:00:00Z"))),
            Daily
        );
    }

    #[test]
    fn tiers_keep_30_90_365_days() {
        let taken = at("2026-12-06T10:00:00Z");
        assert_eq!(expires_at(Daily, taken), at("2027-01-05T10:00:00Z"));
        assert_eq!(expires_at(Weekly, taken), at("2027-03-06T10:00:00Z"));
        assert_eq!(expires_at(Monthly, taken), at("2027-12-06T10:00:00Z"));
    }
}
