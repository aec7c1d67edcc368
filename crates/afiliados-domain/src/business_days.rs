//! Business-day arithmetic in `America/Bogota` (`domain.md` §5.3.5): Monday to Friday, skipping
//! the dates listed in `BUSINESS_HOLIDAYS`. ARCO due dates are "creation + N business days".

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

use crate::business_date::{bogota_date, bogota_offset};

/// Whether `date` is a business day: Monday–Friday and not one of `holidays`.
pub fn is_business_day(date: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// The date `days` business days after `date`: each following calendar day that is a business
/// day counts one, so starting on a Saturday the first business day is the Monday. `days = 0`
/// answers `date` itself.
pub fn add_business_days(date: NaiveDate, days: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut current = date;
    let mut left = days;
    while left > 0 {
        current = current.succ_opt().unwrap_or(current);
        if is_business_day(current, holidays) {
            left -= 1;
        }
    }
    current
}

/// `created + days` business days as an instant: the Bogota date of `created` moved forward by
/// [`add_business_days`], at the same Bogota time of day as `created`.
pub fn business_deadline(
    created: DateTime<Utc>,
    days: u32,
    holidays: &[NaiveDate],
) -> DateTime<Utc> {
    let start = bogota_date(created);
    let due = add_business_days(start, days, holidays);
    let calendar_days = (due - start).num_days();
    // Bogota has no daylight saving, so adding whole days keeps the local time of day.
    let deadline = created + Duration::days(calendar_days);
    debug_assert_eq!(deadline.with_timezone(&bogota_offset()).date_naive(), due);
    deadline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn weekends_and_holidays_are_not_business_days() {
        let holidays = [date("2026-03-23")];
        assert!(is_business_day(date("2026-03-20"), &holidays), "a Friday");
        assert!(!is_business_day(date("2026-03-21"), &holidays), "Saturday");
        assert!(!is_business_day(date("2026-03-22"), &holidays), "Sunday");
        assert!(!is_business_day(date("2026-03-23"), &holidays), "holiday");
        assert!(is_business_day(date("2026-03-24"), &holidays));
    }

    #[test]
    fn counting_skips_weekends() {
        // Monday 2026-03-02 + 10 business days = Monday 2026-03-16.
        assert_eq!(
            add_business_days(date("2026-03-02"), 10, &[]),
            date("2026-03-16")
        );
        // Friday + 1 = Monday.
        assert_eq!(
            add_business_days(date("2026-03-06"), 1, &[]),
            date("2026-03-09")
        );
        // Saturday + 1 = Monday; Sunday + 5 = Friday.
        assert_eq!(
            add_business_days(date("2026-03-07"), 1, &[]),
            date("2026-03-09")
        );
        assert_eq!(
            add_business_days(date("2026-03-08"), 5, &[]),
            date("2026-03-13")
        );
        assert_eq!(
            add_business_days(date("2026-03-08"), 0, &[]),
            date("2026-03-08")
        );
    }

    #[test]
    fn counting_skips_holidays() {
        // 2026-03-23 (Monday) is San José in Colombia.
        let holidays = [date("2026-03-23")];
        assert_eq!(
            add_business_days(date("2026-03-20"), 1, &holidays),
            date("2026-03-24")
        );
        // Fifteen business days from Thursday 2026-03-19 with one holiday: 2026-04-10.
        assert_eq!(
            add_business_days(date("2026-03-19"), 15, &holidays),
            date("2026-04-10")
        );
        assert_eq!(
            add_business_days(date("2026-03-19"), 15, &[]),
            date("2026-04-09")
        );
    }

    /// Colombian holidays around the cases below (what `BUSINESS_HOLIDAYS` would list).
    fn colombia() -> Vec<NaiveDate> {
        [
            "2026-03-23", // San José
            "2026-04-02", // Jueves Santo
            "2026-04-03", // Viernes Santo
            "2026-12-08", // Inmaculada Concepción
            "2026-12-25", // Navidad
            "2027-01-01", // Año Nuevo
            "2027-01-11", // Reyes Magos
        ]
        .into_iter()
        .map(date)
        .collect()
    }

    #[test]
    fn filing_on_each_day_of_the_week() {
        // 10:00 Bogota (15:00Z) on each day of the week of Monday 2026-03-02, ten business days.
        let cases = [
            ("2026-03-02T15:00:00Z", "2026-03-16T15:00:00Z"), // Monday → Monday
            ("2026-03-03T15:00:00Z", "2026-03-17T15:00:00Z"), // Tuesday → Tuesday
            ("2026-03-04T15:00:00Z", "2026-03-18T15:00:00Z"), // Wednesday → Wednesday
            ("2026-03-05T15:00:00Z", "2026-03-19T15:00:00Z"), // Thursday → Thursday
            ("2026-03-06T15:00:00Z", "2026-03-20T15:00:00Z"), // Friday → Friday
            ("2026-03-07T15:00:00Z", "2026-03-20T15:00:00Z"), // Saturday → Friday
            ("2026-03-08T15:00:00Z", "2026-03-20T15:00:00Z"), // Sunday → Friday
        ];
        for (filed, due) in cases {
            assert_eq!(
                business_deadline(at(filed), 10, &colombia()),
                at(due),
                "filed {filed}"
            );
        }
        // Fifteen business days from the weekend: Monday 9 counts first, Friday 27 is the 15th.
        assert_eq!(
            business_deadline(at("2026-03-08T15:00:00Z"), 15, &[]),
            at("2026-03-27T15:00:00Z")
        );
        // …and with San José (Monday 23) skipped, Monday 30.
        assert_eq!(
            business_deadline(at("2026-03-08T15:00:00Z"), 15, &colombia()),
            at("2026-03-30T15:00:00Z")
        );
    }

    #[test]
    fn filing_on_a_holiday() {
        // Monday 2026-03-23 is San José: counting starts on the Tuesday, and Jueves and Viernes
        // Santo (2 and 3 April) do not count.
        let filed = at("2026-03-23T15:00:00Z");
        assert_eq!(
            business_deadline(filed, 10, &colombia()),
            at("2026-04-08T15:00:00Z")
        );
        assert_eq!(
            business_deadline(filed, 15, &colombia()),
            at("2026-04-15T15:00:00Z")
        );
        assert_eq!(
            business_deadline(filed, 10, &[]),
            at("2026-04-06T15:00:00Z"),
            "without holidays"
        );
        assert!(!is_business_day(date("2026-03-23"), &colombia()));
    }

    #[test]
    fn filing_across_the_year_end() {
        // Monday 2026-12-28: 29, 30, 31, (1 January holiday) 4–8, (11 Reyes) 12, 13 January.
        let filed = at("2026-12-28T15:00:00Z");
        assert_eq!(
            business_deadline(filed, 10, &colombia()),
            at("2027-01-13T15:00:00Z")
        );
        assert_eq!(
            business_deadline(filed, 15, &colombia()),
            at("2027-01-20T15:00:00Z")
        );
        // Filed on Navidad (Friday 2026-12-25): 28, 29, 30, 31, 4, 5, 6, 7, 8, 12.
        assert_eq!(
            add_business_days(date("2026-12-25"), 10, &colombia()),
            date("2027-01-12")
        );
    }

    #[test]
    fn deadline_keeps_the_bogota_time_of_day() {
        // Friday 2026-03-06 22:30 Bogota is Saturday 03:30Z; the business date is the Friday.
        let created = at("2026-03-07T03:30:00Z");
        let due = business_deadline(created, 10, &[]);
        assert_eq!(
            due,
            at("2026-03-21T03:30:00Z"),
            "Friday 2026-03-20 22:30 Bogota"
        );
        assert_eq!(bogota_date(due), date("2026-03-20"));
        let monday = at("2026-03-02T15:00:00Z");
        assert_eq!(
            business_deadline(monday, 15, &[date("2026-03-23")]),
            at("2026-03-24T15:00:00Z")
        );
    }
}
