//! The periods of statements and certificates: a Bogota calendar month `YYYY-MM` and a tax year
//! `YYYY`. A period that has not started is 422 `in_future`; the running one is served "to date".

use afiliados_domain::{FieldCode, business_day_start};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::usecases::{Problems, UseCaseError};

/// Years before this are refused (`out_of_range`): the platform holds no money before it.
const FIRST_YEAR: i32 = 2000;

/// A Bogota calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// Its first day.
    pub first_day: NaiveDate,
    /// The first day of the next month.
    pub next_first_day: NaiveDate,
    /// It is the current month (served to date).
    pub to_date: bool,
}

impl Month {
    /// `2026-03`.
    pub fn label(&self) -> String {
        self.first_day.format("%Y-%m").to_string()
    }

    /// Its first instant (`00:00` Bogota, in UTC).
    pub fn start(&self) -> DateTime<Utc> {
        business_day_start(self.first_day)
    }

    /// The first instant of the next month.
    pub fn end(&self) -> DateTime<Utc> {
        business_day_start(self.next_first_day)
    }
}

fn first_of_next(first_day: NaiveDate) -> Option<NaiveDate> {
    let (year, month) = if first_day.month() == 12 {
        (first_day.year() + 1, 1)
    } else {
        (first_day.year(), first_day.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn digits(text: &str, count: usize) -> bool {
    text.len() == count && text.bytes().all(|b| b.is_ascii_digit())
}

/// `month` (`YYYY-MM`) against `today` (Bogota): `required`, `invalid_format`, `out_of_range`
/// or `in_future` pushed on `problems`.
pub fn month(raw: Option<&str>, today: NaiveDate, problems: &mut Problems) -> Option<Month> {
    let Some(raw) = raw.map(str::trim).filter(|raw| !raw.is_empty()) else {
        problems.push("month", FieldCode::Required);
        return None;
    };
    let parsed = raw
        .split_once('-')
        .filter(|(year, month)| digits(year, 4) && digits(month, 2))
        .and_then(|(year, month)| {
            NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
        });
    let Some(first_day) = parsed else {
        problems.push("month", FieldCode::InvalidFormat);
        return None;
    };
    if first_day.year() < FIRST_YEAR {
        problems.push("month", FieldCode::OutOfRange);
        return None;
    }
    let current = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)?;
    if first_day > current {
        problems.push("month", FieldCode::InFuture);
        return None;
    }
    Some(Month {
        first_day,
        next_first_day: first_of_next(first_day)?,
        to_date: first_day == current,
    })
}

/// A tax year: payment dates in `[first_day, next_first_day)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// 1 January.
    pub first_day: NaiveDate,
    /// 1 January of the next year.
    pub next_first_day: NaiveDate,
    /// It is the current year (served to date).
    pub to_date: bool,
}

/// `year` (`YYYY`) against `today` (Bogota): 422 `invalid_format`, `out_of_range` or `in_future`.
pub fn year(raw: &str, today: NaiveDate) -> Result<Year, UseCaseError> {
    let raw = raw.trim();
    if !digits(raw, 4) {
        return Err(UseCaseError::invalid("year", FieldCode::InvalidFormat));
    }
    let year: i32 = raw
        .parse()
        .map_err(|_| UseCaseError::invalid("year", FieldCode::InvalidFormat))?;
    if year < FIRST_YEAR {
        return Err(UseCaseError::invalid("year", FieldCode::OutOfRange));
    }
    if year > today.year() {
        return Err(UseCaseError::invalid("year", FieldCode::InFuture));
    }
    let day = |year: i32| {
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| UseCaseError::internal("1 January"))
    };
    Ok(Year {
        year,
        first_day: day(year)?,
        next_first_day: day(year + 1)?,
        to_date: year == today.year(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    fn month_of(raw: &str, today: &str) -> Result<Month, Problems> {
        let mut problems = Problems::new();
        match month(Some(raw), date(today), &mut problems) {
            Some(found) => Ok(found),
            None => Err(problems),
        }
    }

    #[test]
    fn a_month_is_its_bogota_midnights() {
        let march = month_of("2026-03", "2026-06-15").unwrap();
        assert_eq!(march.label(), "2026-03");
        assert_eq!(march.start().to_rfc3339(), "2026-03-01T05:00:00+00:00");
        assert_eq!(march.end().to_rfc3339(), "2026-04-01T05:00:00+00:00");
        assert!(!march.to_date);
        let december = month_of("2025-12", "2026-06-15").unwrap();
        assert_eq!(december.next_first_day, date("2026-01-01"));
        assert!(month_of("2026-06", "2026-06-15").unwrap().to_date);
    }

    #[test]
    fn bad_and_future_months_are_refused() {
        for raw in [
            "2026-3",
            "2026-13",
            "26-03",
            "2026/03",
            "abcd-ef",
            "2026-03-01",
        ] {
            assert!(month_of(raw, "2026-06-15").is_err(), "{raw}");
        }
        assert!(month_of("2026-07", "2026-06-15").is_err());
        assert!(month_of("1999-12", "2026-06-15").is_err());
        let mut problems = Problems::new();
        assert!(month(None, date("2026-06-15"), &mut problems).is_none());
        assert!(problems.finish().is_err());
    }

    #[test]
    fn years_are_checked() {
        let today = date("2026-06-15");
        let current = year("2026", today).unwrap();
        assert!(current.to_date);
        assert_eq!(current.next_first_day, date("2027-01-01"));
        assert!(!year("2025", today).unwrap().to_date);
        for raw in ["2027", "26", "20x6", "1999", ""] {
            assert!(year(raw, today).is_err(), "{raw}");
        }
    }
}
