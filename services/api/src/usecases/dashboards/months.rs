//! Bogota calendar months as instant ranges: the influencer dashboard's default period ("this
//! month") and the twelve months of its chart. Bogota has no daylight saving, so a month starts
//! at `05:00Z` of its first day.

use afiliados_domain::business_day_start;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The first day of the month `offset` months after the month of `date` (negative: before).
fn first_of_month(date: NaiveDate, offset: i32) -> NaiveDate {
    let index = date.year() * 12 + i32::try_from(date.month0()).unwrap_or(0) + offset;
    let year = index.div_euclid(12);
    let month = u32::try_from(index.rem_euclid(12)).unwrap_or(0) + 1;
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(date)
}

/// `[first instant of the month of today, first instant of the next month)`.
pub(super) fn this_month(today: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        business_day_start(first_of_month(today, 0)),
        business_day_start(first_of_month(today, 1)),
    )
}

/// `[first day of the month of today, first day of the next month)` as business dates (payments
/// carry a `payment_date`, not an instant).
pub(super) fn this_month_days(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (first_of_month(today, 0), first_of_month(today, 1))
}

/// The `YYYY-MM` labels of the twelve months ending with today's, oldest first, and the months
/// they cover together as `[first day of the oldest, first day of the next month)`.
pub(super) fn last_twelve(today: NaiveDate) -> (Vec<String>, NaiveDate, NaiveDate) {
    let labels = (-11..=0)
        .map(|offset| first_of_month(today, offset).format("%Y-%m").to_string())
        .collect();
    (labels, first_of_month(today, -11), first_of_month(today, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn this_month_is_bounded_by_bogota_midnights() {
        let (from, to) = this_month(date("2026-12-31"));
        assert_eq!(from.to_rfc3339(), "2026-12-01T05:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2027-01-01T05:00:00+00:00");
    }

    #[test]
    fn the_chart_covers_twelve_months_across_a_year_end() {
        let (labels, from, to) = last_twelve(date("2026-03-20"));
        assert_eq!(labels.len(), 12);
        assert_eq!(labels.first().unwrap(), "2025-04");
        assert_eq!(labels.last().unwrap(), "2026-03");
        assert_eq!(from, date("2025-04-01"));
        assert_eq!(to, date("2026-04-01"));
    }
}
