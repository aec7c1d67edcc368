//! Business dates in `America/Bogota` (`domain.md` §0): UTC−5 all year, no daylight saving, so a
//! fixed offset is exact and no time-zone database is needed.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

/// Bogota's offset from UTC in seconds (−5 h).
pub const BOGOTA_OFFSET_SECONDS: i32 = -5 * 3600;

/// The fixed offset of `America/Bogota` (checked at compile time).
pub const BOGOTA: FixedOffset = match FixedOffset::east_opt(BOGOTA_OFFSET_SECONDS) {
    Some(offset) => offset,
    None => panic!("-5 h is a valid offset"),
};

/// The fixed offset of `America/Bogota`.
pub fn bogota_offset() -> FixedOffset {
    BOGOTA
}

/// The Bogota calendar date of `instant` ("today" when `instant` is now).
pub fn bogota_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&bogota_offset()).date_naive()
}

/// The first instant of business date `date`: `date 00:00` Bogota, i.e. `date 05:00Z`.
pub fn business_day_start(date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    DateTime::from_naive_utc_and_offset(midnight, Utc)
        - Duration::seconds(i64::from(BOGOTA_OFFSET_SECONDS))
}

/// The instants business date `date` covers: `[date 05:00Z, date+1 05:00Z)`.
pub fn business_day_bounds(date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = business_day_start(date);
    (start, start + Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn date(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn bogota_today_turns_at_five_utc() {
        assert_eq!(bogota_date(at("2026-03-02T04:59:59Z")), date("2026-03-01"));
        assert_eq!(bogota_date(at("2026-03-02T05:00:00Z")), date("2026-03-02"));
        assert_eq!(bogota_offset().local_minus_utc(), -18_000);
    }

    #[test]
    fn day_bounds() {
        let (start, end) = business_day_bounds(date("2026-03-16"));
        assert_eq!(start, at("2026-03-16T05:00:00Z"));
        assert_eq!(end, at("2026-03-17T05:00:00Z"));
    }
}
